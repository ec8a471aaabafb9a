import {
  BulkJobRepository,
  type BulkJobRecord,
  type BulkRecipientPatch,
  type BulkRecipientRecord,
} from '../bulk-jobs.ports.js';
import type { BulkJobModels } from './bulk-job.schema.js';

const PROJECTION = { _id: 0 } as const;
const recipientId = (jobId: string, index: number) => `${jobId}#${index}`;

/**
 * Bulk jobs in MongoDB (`bulk_jobs`, one document per job; `bulk_recipients`, one per recipient).
 * A claim is one conditional updateOne (compare-and-set on the owner and its heartbeat).
 */
export class MongoBulkJobRepository extends BulkJobRepository {
  constructor(private readonly m: BulkJobModels) {
    super();
  }

  async create(job: BulkJobRecord, recipients: BulkRecipientRecord[]): Promise<void> {
    // recipients first: a job is only ever found with all of them
    if (recipients.length)
      await this.m.recipients.insertMany(
        recipients.map((r) => ({ ...r, _id: recipientId(job.id, r.index) })),
        { ordered: true, lean: true },
      );
    await this.m.jobs.create({ ...job, _id: job.id });
  }

  async get(instance: string, id: string): Promise<BulkJobRecord | undefined> {
    return (await this.m.jobs.findOne({ _id: id, instance }, PROJECTION).lean<BulkJobRecord>()) ?? undefined;
  }

  async list(instance: string, limit: number): Promise<BulkJobRecord[]> {
    return this.m.jobs
      .find({ instance }, PROJECTION)
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<BulkJobRecord[]>();
  }

  async recipients(instance: string, id: string): Promise<BulkRecipientRecord[]> {
    return this.m.recipients
      .find({ jobId: id, instance }, PROJECTION)
      .sort({ index: 1 })
      .lean<BulkRecipientRecord[]>();
  }

  async claim(
    instance: string,
    id: string,
    owner: string,
    now: number,
    staleBefore: number,
  ): Promise<boolean> {
    const res = await this.m.jobs.updateOne(
      {
        _id: id,
        instance,
        finishedAt: { $exists: false },
        $or: [{ owner: { $exists: false } }, { owner }, { heartbeatAt: { $lt: staleBefore } }],
      },
      { $set: { owner, heartbeatAt: now, updatedAt: new Date(now).toISOString() } },
    );
    return res.matchedCount > 0;
  }

  async release(instance: string, id: string, owner: string): Promise<void> {
    await this.m.jobs.updateOne(
      { _id: id, instance, owner },
      { $unset: { owner: 1, heartbeatAt: 1 }, $set: { updatedAt: new Date().toISOString() } },
    );
  }

  async updateRecipient(
    instance: string,
    id: string,
    index: number,
    owner: string,
    patch: BulkRecipientPatch,
  ): Promise<boolean> {
    const held = await this.m.jobs.exists({ _id: id, instance, owner, finishedAt: { $exists: false } });
    if (!held) return false;
    const res = await this.m.recipients.updateOne(
      { _id: recipientId(id, index), instance },
      { $set: { ...patch, updatedAt: new Date().toISOString() } },
    );
    return res.matchedCount > 0;
  }

  async finish(instance: string, id: string, owner: string, finishedAt: string): Promise<boolean> {
    const res = await this.m.jobs.updateOne(
      { _id: id, instance, owner, finishedAt: { $exists: false } },
      { $set: { finishedAt, updatedAt: finishedAt }, $unset: { owner: 1, heartbeatAt: 1 } },
    );
    return res.matchedCount > 0;
  }

  async resumable(staleBefore: number, limit: number): Promise<BulkJobRecord[]> {
    return this.m.jobs
      .find(
        {
          finishedAt: { $exists: false },
          $or: [{ owner: { $exists: false } }, { heartbeatAt: { $lt: staleBefore } }],
        },
        PROJECTION,
      )
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<BulkJobRecord[]>();
  }

  async deleteFinished(before: string): Promise<number> {
    const old = await this.m.jobs.find({ finishedAt: { $lt: before } }, { _id: 1 }).lean<{ _id: string }[]>();
    if (!old.length) return 0;
    const ids = old.map((j) => j._id);
    await this.m.recipients.deleteMany({ jobId: { $in: ids } });
    return (await this.m.jobs.deleteMany({ _id: { $in: ids } })).deletedCount;
  }
}
