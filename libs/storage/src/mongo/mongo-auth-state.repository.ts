import type { Model, mongo } from 'mongoose';
import { AUTH_SCHEMA_VERSION, AuthStateRepository, type AuthEntry } from '../ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import type { AuthEntryDoc } from './auth-entry.schema.js';

const DUPLICATE_KEY = 11000;

/**
 * A key's document id: `<instance>/<type>/<id>`, unambiguous since neither an instance key nor a
 * Baileys key type holds a `/`. Not `authDocId`'s NUL separator: FerretDB's PostgreSQL handler
 * keeps documents as jsonb, which cannot hold U+0000 (ids written with it before are moved by
 * `migrateLegacyIds`).
 */
export const mongoAuthId = (instance: string, type: string, id: string): string =>
  `${instance}/${type}/${id}`;

/** Up to this many ids, `read` looks each up by `_id` rather than with one `$in`. */
const POINT_READS = 8;

/** The marker document `migrateLegacyIds` leaves once done, in `zg_migrations`. */
const LEGACY_IDS_MIGRATED = 'auth-ids-without-nul';

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
    // a few ids (nearly every read Baileys makes) are looked up one by one: FerretDB serves an
    // `_id` equality from its index but answers `$in` by reading the whole collection (every
    // instance's keys); many ids at once (a group's sessions) take one `$in`, with the instance
    // and type as equalities FerretDB hands to its backend
    const docs =
      ids.length <= POINT_READS
        ? (
            await Promise.all(
              ids.map((id) =>
                this.model
                  .findOne({ _id: mongoAuthId(instance, type, id) }, { id: 1, value: 1 })
                  .lean<AuthEntryDoc>(),
              ),
            )
          ).filter((d): d is AuthEntryDoc => !!d)
        : await this.model
            // instance and type narrow what FerretDB reads to this instance's keys of the type
            .find(
              { instance, type, _id: { $in: ids.map((id) => mongoAuthId(instance, type, id)) } },
              { id: 1, value: 1 },
            )
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
      // the driver's bulkWrite, not mongoose's: the documents are built here, whole, and mongoose
      // would make a Document of each replacement to cast it (a session record per message sent)
      await (this.model.collection as unknown as mongo.Collection<AuthEntryDoc>).bulkWrite(
        rest.map((e): mongo.AnyBulkWriteOperation<AuthEntryDoc> => {
          const _id = mongoAuthId(instance, e.type, e.id);
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
      _id: mongoAuthId(instance, e.type, e.id),
      instance,
      type: e.type,
      id: e.id,
      value: e.value!,
      v: AUTH_SCHEMA_VERSION,
    };
  }

  /**
   * Moves documents stored under the NUL-separated ids of earlier versions to `mongoAuthId` ones,
   * once per database (a marker in `zg_migrations` makes every later start one lookup). Safe to
   * run from several processes at once: an id already moved is not overwritten (insert, never
   * upsert) and deletes are idempotent. Returns how many documents it moved.
   */
  async migrateLegacyIds(): Promise<number> {
    const db = this.model.db.db!;
    const marks = db.collection<{ _id: string; at: Date }>('zg_migrations');
    if (await marks.findOne({ _id: LEGACY_IDS_MIGRATED })) return 0;
    let moved = 0;
    for (;;) {
      const legacy = await this.model
        // the escape, not the character: a BSON regex cannot hold NUL
        .find({ _id: { $regex: /\x00/ } })
        .limit(500)
        .lean<AuthEntryDoc[]>();
      if (!legacy.length) break;
      await this.model
        .insertMany(
          legacy.map((d) => ({ ...d, _id: mongoAuthId(d.instance, d.type, d.id) })),
          { ordered: false, lean: true },
        )
        .catch((err: { writeErrors?: { code?: number }[] | { code?: number } }) => {
          const failures = err.writeErrors;
          const list = failures === undefined ? [] : Array.isArray(failures) ? failures : [failures];
          if (!list.length || list.some((f) => f.code !== DUPLICATE_KEY)) throw err;
        });
      await this.model.deleteMany({ _id: { $in: legacy.map((d) => d._id) } });
      moved += legacy.length;
    }
    await marks.insertOne({ _id: LEGACY_IDS_MIGRATED, at: new Date() }).catch((err: { code?: number }) => {
      if (err.code !== DUPLICATE_KEY) throw err;
    });
    return moved;
  }

  clear(instance: string): Promise<void> {
    return this.queue.run(instance, async () => {
      await this.model.deleteMany({ instance });
    });
  }

  count(instance: string): Promise<number> {
    return this.model.countDocuments({ instance });
  }

  /** After the writes queued before it (the instance's queue), one query over the instance's keys. */
  entries(instance: string): Promise<AuthEntry[]> {
    return this.queue.run(instance, async () => {
      const docs = await this.model
        .find({ instance }, { _id: 0, type: 1, id: 1, value: 1 })
        .lean<Pick<AuthEntryDoc, 'type' | 'id' | 'value'>[]>();
      return docs.map((d) => ({ type: d.type, id: d.id, value: d.value }));
    });
  }
}
