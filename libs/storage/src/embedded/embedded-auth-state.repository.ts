import type { Collection } from './embedded-store.js';
import { AUTH_SCHEMA_VERSION, AuthStateRepository, authDocId, type AuthEntry } from '../ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import { openCollection } from './embedded-store.js';

interface AuthDoc {
  _id: string;
  instance: string;
  type: string;
  id: string;
  value: string;
  v: number;
}

/** Auth state in `<dir>/auth.db`, one document per key, `_id` = instance + type + id. */
export class EmbeddedAuthStateRepository extends AuthStateRepository {
  private readonly queue = new KeyedSerialQueue();

  private constructor(private readonly db: Collection<AuthDoc>) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedAuthStateRepository> {
    const db = await openCollection<AuthDoc>(dir, 'auth');
    // serves clear(instance) and count(instance)
    await db.ensureIndexAsync({ fieldName: 'instance' });
    return new EmbeddedAuthStateRepository(db);
  }

  async read(instance: string, type: string, ids: string[]): Promise<Record<string, string>> {
    const docs = await this.db.findAsync({ _id: { $in: ids.map((id) => authDocId(instance, type, id)) } });
    return Object.fromEntries(docs.map((d) => [d.id, d.value]));
  }

  /**
   * Keys not stored yet (a pairing's hundreds of pre-keys) are inserted in one batch: nedb appends
   * them to the file in one write, where an upsert each would append, and queue, one by one.
   * Stored keys are replaced and removed one document at a time; every change is one appended
   * line, so a crash leaves each key either old or new.
   */
  write(instance: string, entries: AuthEntry[]): Promise<void> {
    return this.queue.run(instance, async () => {
      const docs = new Map<string, AuthDoc | null>();
      for (const e of entries) {
        const _id = authDocId(instance, e.type, e.id);
        docs.set(
          _id,
          e.value === null
            ? null
            : { _id, instance, type: e.type, id: e.id, value: e.value, v: AUTH_SCHEMA_VERSION },
        );
      }
      const stored = new Set(
        (await this.db.findAsync({ _id: { $in: [...docs.keys()] } }, { _id: 1 })).map((d) => d._id),
      );
      const inserts: AuthDoc[] = [];
      for (const [_id, doc] of docs) {
        if (doc === null) {
          if (stored.has(_id)) await this.db.removeAsync({ _id }, { multi: false });
        } else if (stored.has(_id)) await this.db.updateAsync({ _id }, doc, {});
        else inserts.push(doc);
      }
      if (inserts.length) await this.db.insertAsync(inserts);
    });
  }

  clear(instance: string): Promise<void> {
    return this.queue.run(instance, async () => {
      await this.db.removeAsync({ instance }, { multi: true });
    });
  }

  count(instance: string): Promise<number> {
    return this.db.countAsync({ instance }).execAsync();
  }
}
