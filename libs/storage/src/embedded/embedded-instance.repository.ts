import type { Collection } from './embedded-store.js';
import { InstanceRepository, type InstancePatch, type InstanceRecord } from '../ports.js';
import { openCollection } from './embedded-store.js';

type InstanceDoc = InstanceRecord & { _id?: string };

/**
 * Instances in `<dir>/instances.db`. Every request reads its instance (the token check, the
 * route's guard), so reads by key are served from a map of the records kept beside nedb and
 * written through: this repository is the only writer of its file (one process owns a data
 * directory), so the map is always what nedb holds. nedb's own query and copy per read cost
 * about 1% of a send's CPU (`bench/send-text --profile`). Each caller gets its own copy.
 */
export class EmbeddedInstanceRepository extends InstanceRepository {
  private constructor(
    private readonly db: Collection<InstanceDoc>,
    private readonly byKey: Map<string, InstanceRecord>,
  ) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedInstanceRepository> {
    const db = await openCollection<InstanceDoc>(dir, 'instances');
    // serves update/delete by key, and makes create fail on a taken key
    await db.ensureIndexAsync({ fieldName: 'key', unique: true });
    const byKey = new Map((await db.findAsync({})).map((d) => [d.key, strip(d)!] as const));
    return new EmbeddedInstanceRepository(db, byKey);
  }

  async create(record: InstanceRecord): Promise<boolean> {
    try {
      await this.db.insertAsync({ ...record });
      this.byKey.set(record.key, structuredClone(record));
      return true;
    } catch (err) {
      if ((err as { errorType?: string }).errorType === 'uniqueViolated') return false;
      throw err;
    }
  }

  get(key: string): Promise<InstanceRecord | undefined> {
    const record = this.byKey.get(key);
    return Promise.resolve(record && structuredClone(record));
  }

  async list(): Promise<InstanceRecord[]> {
    const docs = await this.db.findAsync({}).sort({ createdAt: 1 });
    return docs.map((d) => strip(d)!);
  }

  async update(key: string, patch: InstancePatch): Promise<InstanceRecord | undefined> {
    const set: Record<string, unknown> = { updatedAt: new Date().toISOString() };
    const unset: Record<string, true> = {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) unset[k] = true;
      else set[k] = v;
    }
    const { affectedDocuments } = await this.db.updateAsync(
      { key },
      { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      { returnUpdatedDocs: true },
    );
    const record = strip(affectedDocuments as InstanceDoc | null);
    if (record) this.byKey.set(key, structuredClone(record));
    return record;
  }

  async delete(key: string): Promise<boolean> {
    const removed = (await this.db.removeAsync({ key }, { multi: false })) > 0;
    this.byKey.delete(key);
    return removed;
  }
}

function strip(doc: InstanceDoc | null | undefined): InstanceRecord | undefined {
  if (!doc) return undefined;
  const { _id, ...record } = doc;
  return record;
}
