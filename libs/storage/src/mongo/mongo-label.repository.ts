import type { Model } from 'mongoose';
import {
  LabelRepository,
  labelOrder,
  mergeLabel,
  type LabelListQuery,
  type LabelPatch,
  type StoredLabel,
} from '../labels.ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import type { LabelDoc } from './label.schema.js';

/** Labels in MongoDB, one document each, merged as the embedded store does (`mergeLabel`). */
export class MongoLabelRepository extends LabelRepository {
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly model: Model<LabelDoc>) {
    super();
  }

  apply(instance: string, patches: LabelPatch[]): Promise<void> {
    return this.queue.run(instance, async () => {
      const now = new Date().toISOString();
      for (const patch of patches) {
        const label = mergeLabel(instance, await this.get(instance, patch.id), patch, now);
        await this.model.replaceOne({ instance, id: label.id }, label, { upsert: true });
      }
    });
  }

  async get(instance: string, id: string): Promise<StoredLabel | undefined> {
    return (await this.model.findOne({ instance, id }, { _id: 0 }).lean<StoredLabel>()) ?? undefined;
  }

  async list(instance: string, query: LabelListQuery = {}): Promise<StoredLabel[]> {
    const found = await this.model
      .find({ instance, ...(query.includeDeleted ? {} : { deleted: false }) }, { _id: 0 })
      .lean<StoredLabel[]>();
    return found.sort((a, b) => labelOrder(a.id, b.id));
  }

  clear(instance: string): Promise<number> {
    return this.queue.run(instance, async () => (await this.model.deleteMany({ instance })).deletedCount);
  }
}
