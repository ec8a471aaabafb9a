import { GroupRepository, type StoredGroup } from '../groups.ports.js';
import type { Collection } from './embedded-store.js';
import { openCollection } from './embedded-store.js';

/** `_id` is `<instance> NUL <group>`: get, write and delete by it need no other index. */
type GroupDoc = StoredGroup & { _id: string };
interface ListingDoc {
  _id: string;
  listedAt: number;
}

const docId = (instance: string, group: string) => `${instance}\u0000${group}`;

/** The groups read model in `<dir>/groups.db` (and when each instance's list was fetched, `group-listings.db`). */
export class EmbeddedGroupRepository extends GroupRepository {
  private constructor(
    private readonly db: Collection<GroupDoc>,
    private readonly listings: Collection<ListingDoc>,
  ) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedGroupRepository> {
    const [db, listings] = await Promise.all([
      openCollection<GroupDoc>(dir, 'groups'),
      openCollection<ListingDoc>(dir, 'group-listings'),
    ]);
    // serves list, withParticipant, clear and deleteOthers (every query names the instance)
    await db.ensureIndexAsync({ fieldName: 'instance' });
    return new EmbeddedGroupRepository(db, listings);
  }

  async get(instance: string, group: string): Promise<StoredGroup | undefined> {
    return strip(await this.db.findOneAsync({ _id: docId(instance, group) }));
  }

  async list(instance: string): Promise<StoredGroup[]> {
    const docs = await this.db.findAsync({ instance }).sort({ id: 1 });
    return docs.map((d) => strip(d)!);
  }

  async withParticipant(instance: string, participant: string): Promise<StoredGroup[]> {
    const docs = await this.db
      .findAsync({
        instance,
        $or: [{ 'participants.id': participant }, { 'participants.alt': participant }],
      } as never)
      .sort({ id: 1 });
    return docs.map((d) => strip(d)!);
  }

  protected async write(record: StoredGroup): Promise<void> {
    const _id = docId(record.instance, record.id);
    await this.db.updateAsync({ _id }, { ...record, _id }, { upsert: true });
  }

  async delete(instance: string, group: string): Promise<boolean> {
    return (await this.db.removeAsync({ _id: docId(instance, group) }, { multi: false })) > 0;
  }

  protected async deleteOthers(instance: string, keep: string[]): Promise<void> {
    await this.db.removeAsync({ instance, id: { $nin: keep } } as never, { multi: true });
  }

  async listedAt(instance: string): Promise<number | undefined> {
    return (await this.listings.findOneAsync({ _id: instance }))?.listedAt;
  }

  protected async setListedAt(instance: string, at: number): Promise<void> {
    await this.listings.updateAsync({ _id: instance }, { _id: instance, listedAt: at }, { upsert: true });
  }

  async clear(instance: string): Promise<void> {
    await this.db.removeAsync({ instance }, { multi: true });
    await this.listings.removeAsync({ _id: instance }, { multi: false });
  }
}

function strip(doc: GroupDoc | null | undefined): StoredGroup | undefined {
  if (!doc) return undefined;
  const { _id, ...record } = doc;
  void _id;
  return record;
}
