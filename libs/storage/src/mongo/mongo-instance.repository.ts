import type { Model } from 'mongoose';
import { InstanceRepository, type InstancePatch, type InstanceRecord } from '../ports.js';

const DUPLICATE_KEY = 11000;
const PROJECTION = { _id: 0 } as const;

export class MongoInstanceRepository extends InstanceRepository {
  constructor(private readonly model: Model<InstanceRecord>) {
    super();
  }

  async create(record: InstanceRecord): Promise<boolean> {
    try {
      await this.model.create(record);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  async get(key: string): Promise<InstanceRecord | undefined> {
    return (await this.model.findOne({ key }, PROJECTION).lean<InstanceRecord>()) ?? undefined;
  }

  async list(): Promise<InstanceRecord[]> {
    return this.model.find({}, PROJECTION).sort({ createdAt: 1 }).lean<InstanceRecord[]>();
  }

  async update(key: string, patch: InstancePatch): Promise<InstanceRecord | undefined> {
    const $set: Record<string, unknown> = { updatedAt: new Date().toISOString() };
    const $unset: Record<string, 1> = {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) $unset[k] = 1;
      else $set[k] = v;
    }
    // no projection here: FerretDB 1.x does not implement findAndModify's `fields`
    const updated = await this.model
      .findOneAndUpdate(
        { key },
        { $set, ...(Object.keys($unset).length ? { $unset } : {}) },
        { returnDocument: 'after' },
      )
      .lean<InstanceRecord & { _id?: unknown }>();
    if (!updated) return undefined;
    const { _id, ...record } = updated;
    return record;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.model.deleteOne({ key })).deletedCount > 0;
  }
}
