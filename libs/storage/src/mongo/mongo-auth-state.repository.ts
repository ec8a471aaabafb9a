import type { Model } from 'mongoose';
import { AUTH_SCHEMA_VERSION, AuthStateRepository, authDocId, type AuthEntry } from '../ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import type { AuthEntryDoc } from './auth-entry.schema.js';

const DUPLICATE_KEY = 11000;

/**
 * Auth state as one document per key; each write is a single-document upsert, insert or delete
 * (no transactions).
 */
export class MongoAuthStateRepository extends AuthStateRepository {
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly model: Model<AuthEntryDoc>) {
    super();
  }

  async read(instance: string, type: string, ids: string[]): Promise<Record<string, string>> {
    const docs = await this.model
      .find({ _id: { $in: ids.map((id) => authDocId(instance, type, id)) } }, { id: 1, value: 1 })
      .lean<AuthEntryDoc[]>();
    return Object.fromEntries(docs.map((d) => [d.id, d.value]));
  }

  write(instance: string, entries: AuthEntry[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    return this.queue.run(instance, async () => {
      // new pre-keys (hundreds per upload) go in with one insert; the rare one that exists is
      // replaced below like every other entry
      const fresh = entries.filter((e) => e.value !== null && e.type === 'pre-key');
      const rest = entries.filter((e) => e.value === null || e.type !== 'pre-key');
      if (fresh.length) rest.push(...(await this.insertNew(instance, fresh)));
      if (!rest.length) return;
      await this.model.bulkWrite(
        rest.map((e) => {
          const _id = authDocId(instance, e.type, e.id);
          return e.value === null
            ? { deleteOne: { filter: { _id } } }
            : { replaceOne: { filter: { _id }, replacement: this.doc(instance, e), upsert: true } };
        }),
        { ordered: true },
      );
    });
  }

  /** Inserts the entries; returns those whose document already existed (not written). */
  private async insertNew(instance: string, entries: AuthEntry[]): Promise<AuthEntry[]> {
    try {
      await this.model.insertMany(
        entries.map((e) => this.doc(instance, e)),
        { ordered: false, lean: true },
      );
      return [];
    } catch (err) {
      const failures = (
        err as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }
      ).writeErrors;
      const list = failures === undefined ? undefined : Array.isArray(failures) ? failures : [failures];
      if (!list?.length || list.some((f) => f.code !== DUPLICATE_KEY)) throw err;
      return list.map((f) => entries[f.index]!);
    }
  }

  private doc(instance: string, e: AuthEntry) {
    return {
      _id: authDocId(instance, e.type, e.id),
      instance,
      type: e.type,
      id: e.id,
      value: e.value!,
      v: AUTH_SCHEMA_VERSION,
    };
  }

  clear(instance: string): Promise<void> {
    return this.queue.run(instance, async () => {
      await this.model.deleteMany({ instance });
    });
  }

  count(instance: string): Promise<number> {
    return this.model.countDocuments({ instance });
  }
}
