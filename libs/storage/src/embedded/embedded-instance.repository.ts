import type { Collection } from './embedded-store.js';
import { InstanceRepository, type InstancePatch, type InstanceRecord } from '../ports.js';
import { openCollection } from './embedded-store.js';

type InstanceDoc = InstanceRecord & { _id?: string };

/** Instances in `<dir>/instances.db`. */
export class EmbeddedInstanceRepository extends InstanceRepository {
  private constructor(private readonly db: Collection<InstanceDoc>) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedInstanceRepository> {
    const db = await openCollection<InstanceDoc>(dir, 'instances');
    // serves get/update/delete by key, and makes create fail on a taken key
    await db.ensureIndexAsync({ fieldName: 'key', unique: true });
    return new EmbeddedInstanceRepository(db);
  }

  async create(record: InstanceRecord): Promise<boolean> {
    try {
      await this.db.insertAsync({ ...record });
      return true;
    } catch (err) {
      if ((err as { errorType?: string }).errorType === 'uniqueViolated') return false;
      throw err;
    }
  }

  async get(key: string): Promise<InstanceRecord | undefined> {
    return strip(await this.db.findOneAsync({ key }));
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
    return strip(affectedDocuments as InstanceDoc | null);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.db.removeAsync({ key }, { multi: false })) > 0;
  }
}

function strip(doc: InstanceDoc | null | undefined): InstanceRecord | undefined {
  if (!doc) return undefined;
  const { _id, ...record } = doc;
  return record;
}
