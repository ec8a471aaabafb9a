import {
  WebhookDeliveryRepository,
  type DeliveryAttempt,
  type DeliveryOutcome,
  type DeliveryQuery,
  type DeliveryRecord,
} from '../ports.js';
import { deliveryListFilter, outcomeUpdates } from '../delivery-queries.js';
import type { DeliveryModels } from './webhook-delivery.schema.js';

const DUPLICATE_KEY = 11000;
const PROJECTION = { _id: 0 } as const;

/**
 * The outbox in MongoDB: batches go out as one insertMany / bulkWrite (no transactions needed).
 * Outcomes are written as one updateMany per distinct change, not a bulkWrite: FerretDB 1.24 (the
 * test server) hung for good on a bulkWrite of a few hundred updateOne. Writes of one process also
 * go one at a time (cheap, as they are batches).
 */
export class MongoWebhookDeliveryRepository extends WebhookDeliveryRepository {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly m: DeliveryModels) {
    super();
  }

  private serial<T>(write: () => Promise<T>): Promise<T> {
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }

  enqueue(records: DeliveryRecord[]): Promise<void> {
    return this.serial(async () => {
      if (!records.length) return;
      try {
        await this.m.deliveries.insertMany(
          records.map((r) => ({ ...r, _id: r.id })),
          { ordered: false, lean: true },
        );
      } catch (err) {
        // a redelivered event: the ids already stored are skipped, the others were inserted
        if (!onlyDuplicates(err, records.length)) throw err;
      }
    });
  }

  async pendingInstances(): Promise<string[]> {
    return (await this.m.deliveries.distinct('instance', { status: 'pending' })) as string[];
  }

  async nextFor(instance: string, limit: number): Promise<DeliveryRecord[]> {
    return this.m.deliveries
      .find({ status: 'pending', instance }, PROJECTION)
      .sort({ seq: 1, part: 1 })
      .limit(limit)
      .lean<DeliveryRecord[]>();
  }

  record(outcomes: DeliveryOutcome[]): Promise<void> {
    return this.serial(async () => {
      if (!outcomes.length) return;
      // The same batch is written again when a write failed (BatchWriter), also when it was applied
      // and only its answer was lost (the database restarted, the connection dropped): so both
      // steps are idempotent. The attempts keep the _id the first try gave them (skipped when
      // stored); an outcome applies only to a delivery still pending, and a retry's only once
      // (its nextAt is set by the first application).
      try {
        await this.m.attempts.insertMany(
          outcomes.map((o) => o.attempt),
          { ordered: false, lean: true },
        );
      } catch (err) {
        if (!onlyDuplicates(err, outcomes.length)) throw err;
      }
      for (const { ids, status, set, unset } of outcomeUpdates(outcomes)) {
        await this.m.deliveries.updateMany(
          {
            _id: { $in: ids },
            status: 'pending',
            ...(status === 'pending' ? { nextAt: { $ne: set['nextAt'] as number } } : {}),
          },
          {
            $set: set,
            $inc: { attempts: 1 },
            ...(unset.length ? { $unset: Object.fromEntries(unset.map((f) => [f, 1])) } : {}),
          },
        );
      }
    });
  }

  async list(instance: string, query: DeliveryQuery = {}): Promise<DeliveryRecord[]> {
    const filter = deliveryListFilter(instance, query);
    return this.m.deliveries
      .find(filter, PROJECTION)
      .sort({ seq: -1, part: -1 })
      .limit(query.limit ?? 100)
      .lean<DeliveryRecord[]>();
  }

  async get(instance: string, id: string): Promise<DeliveryRecord | undefined> {
    return (
      (await this.m.deliveries.findOne({ _id: id, instance }, PROJECTION).lean<DeliveryRecord>()) ?? undefined
    );
  }

  async attempts(instance: string, ids: string[]): Promise<DeliveryAttempt[]> {
    return this.m.attempts
      .find({ deliveryId: { $in: ids }, instance }, PROJECTION)
      .sort({ at: 1 })
      .lean<DeliveryAttempt[]>();
  }

  replay(instance: string, target: { id: string } | { from: string; to: string }): Promise<number> {
    return this.serial(async () => {
      const filter =
        'id' in target
          ? { _id: target.id, instance }
          : { instance, createdAt: { $gte: target.from, $lte: target.to } };
      const res = await this.m.deliveries.updateMany(filter, {
        $set: { status: 'pending', attempts: 0, nextAt: 0, updatedAt: new Date().toISOString() },
      });
      return res.modifiedCount;
    });
  }

  purgeDelivered(before: string): Promise<number> {
    return this.serial(async () => {
      const old = await this.m.deliveries
        .find({ status: 'delivered', createdAt: { $lt: before } }, { _id: 1 })
        .lean<{ _id: string }[]>();
      if (!old.length) return 0;
      const ids = old.map((d) => d._id);
      await this.m.attempts.deleteMany({ deliveryId: { $in: ids } });
      return (await this.m.deliveries.deleteMany({ _id: { $in: ids } })).deletedCount;
    });
  }

  claim(instance: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.serial(async () => {
      const now = Date.now();
      const res = await this.m.claims.updateOne(
        { _id: instance, $or: [{ owner }, { until: { $lt: now } }] },
        { $set: { owner, until: now + ttlMs } },
      );
      if (res.matchedCount > 0) return true;
      try {
        await this.m.claims.create({ _id: instance, owner, until: now + ttlMs });
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
        throw err;
      }
    });
  }

  release(instance: string, owner: string): Promise<void> {
    return this.serial(async () => {
      await this.m.claims.deleteOne({ _id: instance, owner });
    });
  }
}

/**
 * Whether a failed insertMany of `count` documents failed only on documents that are already
 * stored (duplicate _id): every write error is a duplicate and the others were inserted. A driver
 * error (the connection dropped, no server to select: the database restarting) comes as a
 * MongoBulkWriteError with NO write errors and nothing or only part inserted; it is a failure, not
 * "all duplicates" (taken as such, an outbox write lost to a database restart was acknowledged and
 * its webhook never sent).
 */
export function onlyDuplicates(err: unknown, count: number): boolean {
  const e = err as {
    code?: number;
    writeErrors?: WriteError[] | WriteError;
    result?: { insertedCount?: number };
    insertedCount?: number;
  };
  const raw = e.writeErrors;
  const errors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (!errors.length) return e.code === DUPLICATE_KEY;
  if (!errors.every((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY)) return false;
  const inserted = e.result?.insertedCount ?? e.insertedCount;
  return inserted === undefined || inserted + errors.length === count;
}

interface WriteError {
  code?: number;
  err?: { code?: number };
}
