import type { Connection } from 'mongoose';
import { GroupRepository, type StoredGroup } from '../groups.ports.js';
import { groupModels, type GroupModels } from './group.schema.js';

const PROJECTION = { _id: 0 } as const;

/** The groups read model on MongoDB (`groups`, `group_listings`). */
export class MongoGroupRepository extends GroupRepository {
  constructor(private readonly m: GroupModels) {
    super();
  }

  async get(instance: string, group: string): Promise<StoredGroup | undefined> {
    return (
      (await this.m.groups.findOne({ instance, id: group }, PROJECTION).lean<StoredGroup>()) ?? undefined
    );
  }

  async list(instance: string): Promise<StoredGroup[]> {
    return this.m.groups.find({ instance }, PROJECTION).sort({ id: 1 }).lean<StoredGroup[]>();
  }

  async withParticipant(instance: string, participant: string): Promise<StoredGroup[]> {
    return this.m.groups
      .find(
        { instance, $or: [{ 'participants.id': participant }, { 'participants.alt': participant }] },
        PROJECTION,
      )
      .sort({ id: 1 })
      .lean<StoredGroup[]>();
  }

  protected async write(record: StoredGroup): Promise<void> {
    // a whole replacement: fields the group lost (a removed description) must go
    await this.m.groups.replaceOne({ instance: record.instance, id: record.id }, record, { upsert: true });
  }

  async delete(instance: string, group: string): Promise<boolean> {
    return (await this.m.groups.deleteOne({ instance, id: group })).deletedCount > 0;
  }

  protected async deleteOthers(instance: string, keep: string[]): Promise<void> {
    await this.m.groups.deleteMany({ instance, id: { $nin: keep } });
  }

  async listedAt(instance: string): Promise<number | undefined> {
    return (await this.m.listings.findOne({ instance }).lean())?.listedAt;
  }

  protected async setListedAt(instance: string, at: number): Promise<void> {
    await this.m.listings.updateOne({ instance }, { $set: { listedAt: at } }, { upsert: true });
  }

  async clear(instance: string): Promise<void> {
    await this.m.groups.deleteMany({ instance });
    await this.m.listings.deleteOne({ instance });
  }
}

/**
 * The groups read model on an open connection, its indexes built (only the groups service uses
 * it, so it is opened apart from `openMongoStorage`).
 */
export async function openMongoGroups(connection: Connection): Promise<MongoGroupRepository> {
  const models = groupModels(connection);
  await Promise.all([models.groups.syncIndexes(), models.listings.syncIndexes()]);
  return new MongoGroupRepository(models);
}
