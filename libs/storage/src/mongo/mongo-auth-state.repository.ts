import type { Model } from 'mongoose';
import { AUTH_SCHEMA_VERSION, AuthStateRepository, authDocId, type AuthEntry } from '../ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import type { AuthEntryDoc } from './auth-entry.schema.js';

/** Auth state as one document per key; each write is a single-document upsert or delete (no transactions). */
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
      await this.model.bulkWrite(
        entries.map((e) => {
          const _id = authDocId(instance, e.type, e.id);
          return e.value === null
            ? { deleteOne: { filter: { _id } } }
            : {
                replaceOne: {
                  filter: { _id },
                  replacement: {
                    _id,
                    instance,
                    type: e.type,
                    id: e.id,
                    value: e.value,
                    v: AUTH_SCHEMA_VERSION,
                  },
                  upsert: true,
                },
              };
        }),
        { ordered: true },
      );
    });
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
