import {
  BulkJobRepository,
  type BulkJobRecord,
  type BulkRecipientPatch,
  type BulkRecipientRecord,
} from '../bulk-jobs.ports.js';
import { memoryCollection, openCollection, type Collection } from './embedded-store.js';

type JobDoc = BulkJobRecord & { _id: string };
type RecipientDoc = BulkRecipientRecord & { _id: string };

const recipientId = (jobId: string, index: number) => `${jobId}#${index}`;

/**
 * Bulk jobs in `<dir>/bulk-jobs.db` and their recipients in `<dir>/bulk-recipients.db`, one small
 * document per recipient (nedb appends the whole document on each update: a job of a thousand
 * recipients in one document would append it a thousand times over). Recipients are read by their
 * `_id`s (`<job>#<index>`), so they need no index of their own (nedb re-indexes every indexed field
 * of a document on each update, at a cost that grows with the documents sharing a value).
 */
export class EmbeddedBulkJobRepository extends BulkJobRepository {
  private constructor(
    private readonly jobs: Collection<JobDoc>,
    private readonly people: Collection<RecipientDoc>,
  ) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedBulkJobRepository> {
    const [jobs, people] = await Promise.all([
      openCollection<JobDoc>(dir, 'bulk-jobs'),
      openCollection<RecipientDoc>(dir, 'bulk-recipients'),
    ]);
    return new EmbeddedBulkJobRepository(jobs, people);
  }

  /** A repository in memory only: nothing survives the process (a gateway given no store, tests). */
  static async inMemory(): Promise<EmbeddedBulkJobRepository> {
    return new EmbeddedBulkJobRepository(await memoryCollection(), await memoryCollection());
  }

  async create(job: BulkJobRecord, recipients: BulkRecipientRecord[]): Promise<void> {
    // recipients first: a job is only ever found with all of them
    await this.people.insertAsync(recipients.map((r) => ({ ...r, _id: recipientId(job.id, r.index) })));
    await this.jobs.insertAsync({ ...job, _id: job.id });
  }

  async get(instance: string, id: string): Promise<BulkJobRecord | undefined> {
    return stripJob(await this.jobs.findOneAsync({ _id: id, instance }));
  }

  async list(instance: string, limit: number): Promise<BulkJobRecord[]> {
    // a scan: jobs are few (one per send to many, deleted after the retention)
    const docs = await this.jobs.findAsync({ instance }).sort({ createdAt: -1, _id: -1 }).limit(limit);
    return docs.map((d) => stripJob(d)!);
  }

  async recipients(instance: string, id: string): Promise<BulkRecipientRecord[]> {
    const job = await this.jobs.findOneAsync({ _id: id, instance });
    if (!job) return [];
    const ids = Array.from({ length: job.count }, (_, i) => recipientId(id, i));
    const docs = await this.people.findAsync({ _id: { $in: ids }, instance });
    return docs.sort((a, b) => a.index - b.index).map(stripRecipient);
  }

  async claim(
    instance: string,
    id: string,
    owner: string,
    now: number,
    staleBefore: number,
  ): Promise<boolean> {
    const { numAffected } = await this.jobs.updateAsync(
      {
        _id: id,
        instance,
        finishedAt: { $exists: false },
        $or: [{ owner: { $exists: false } }, { owner }, { heartbeatAt: { $lt: staleBefore } }],
      },
      { $set: { owner, heartbeatAt: now, updatedAt: new Date(now).toISOString() } },
    );
    return numAffected > 0;
  }

  async release(instance: string, id: string, owner: string): Promise<void> {
    await this.jobs.updateAsync(
      { _id: id, instance, owner },
      { $unset: { owner: true, heartbeatAt: true }, $set: { updatedAt: new Date().toISOString() } },
    );
  }

  async updateRecipient(
    instance: string,
    id: string,
    index: number,
    owner: string,
    patch: BulkRecipientPatch,
  ): Promise<boolean> {
    if (!(await this.holds(instance, id, owner))) return false;
    const { numAffected } = await this.people.updateAsync(
      { _id: recipientId(id, index), instance },
      { $set: { ...patch, updatedAt: new Date().toISOString() } },
    );
    return numAffected > 0;
  }

  async finish(instance: string, id: string, owner: string, finishedAt: string): Promise<boolean> {
    const { numAffected } = await this.jobs.updateAsync(
      { _id: id, instance, owner, finishedAt: { $exists: false } },
      { $set: { finishedAt, updatedAt: finishedAt }, $unset: { owner: true, heartbeatAt: true } },
    );
    return numAffected > 0;
  }

  async resumable(staleBefore: number, limit: number): Promise<BulkJobRecord[]> {
    const docs = await this.jobs
      .findAsync({
        finishedAt: { $exists: false },
        $or: [{ owner: { $exists: false } }, { heartbeatAt: { $lt: staleBefore } }],
      })
      .sort({ createdAt: 1 })
      .limit(limit);
    return docs.map((d) => stripJob(d)!);
  }

  async deleteFinished(before: string): Promise<number> {
    const old = await this.jobs.findAsync({ finishedAt: { $lt: before } });
    if (!old.length) return 0;
    const ids = old.flatMap((j) => Array.from({ length: j.count }, (_, i) => recipientId(j._id, i)));
    await this.people.removeAsync({ _id: { $in: ids } }, { multi: true });
    return this.jobs.removeAsync({ _id: { $in: old.map((j) => j._id) } }, { multi: true });
  }

  private async holds(instance: string, id: string, owner: string): Promise<boolean> {
    return !!(await this.jobs.findOneAsync({ _id: id, instance, owner, finishedAt: { $exists: false } }));
  }
}

function stripJob(doc: JobDoc | null | undefined): BulkJobRecord | undefined {
  if (!doc) return undefined;
  const { _id, ...job } = doc;
  return job;
}

function stripRecipient(doc: RecipientDoc): BulkRecipientRecord {
  const { _id, ...recipient } = doc;
  return recipient;
}
