import type { Collection } from './embedded-store.js';
import {
  WebhookDeliveryRepository,
  type DeliveryAttempt,
  type DeliveryOutcome,
  type DeliveryQuery,
  type DeliveryRecord,
} from '../ports.js';
import { deliveryListFilter, outcomeUpdates } from '../delivery-queries.js';
import { openCollection } from './embedded-store.js';

/** A pending delivery also carries `queue` = its instance, so the per-instance queue is one index lookup. */
type DeliveryDoc = DeliveryRecord & { _id: string; queue?: string };
type AttemptDoc = DeliveryAttempt & { _id?: string };
interface ClaimDoc {
  _id: string;
  owner: string;
  until: number;
}

/**
 * The outbox in `<dir>/webhook-deliveries.db` (+ attempts, claims). nedb appends one line per
 * changed document and persists each call in one write, so every method writes a whole batch in
 * one or a few calls (never one call per delivery).
 */
export class EmbeddedWebhookDeliveryRepository extends WebhookDeliveryRepository {
  private attemptCounter = 0;
  /** The log id each attempt got when first recorded (a batch written again keeps them). */
  private readonly attemptIds = new WeakMap<DeliveryAttempt, string>();

  private constructor(
    private readonly deliveries: Collection<DeliveryDoc>,
    private readonly log: Collection<AttemptDoc>,
    private readonly claims: Collection<ClaimDoc>,
  ) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedWebhookDeliveryRepository> {
    const [deliveries, log, claims] = await Promise.all([
      openCollection<DeliveryDoc>(dir, 'webhook-deliveries'),
      openCollection<AttemptDoc>(dir, 'webhook-attempts'),
      openCollection<ClaimDoc>(dir, 'webhook-claims'),
    ]);
    // serves nextFor(instance): only pending deliveries carry `queue`. No index on status or
    // instance: nedb keeps one array per indexed value and re-indexes every field of a document on
    // each update, so with tens of thousands of deliveries per value each update would cost
    // O(deliveries) (measured: it capped delivery at about 2,500/s); the queries that would use them
    // (pendingInstances once a second, the admin list/replay) scan instead.
    await deliveries.ensureIndexAsync({ fieldName: 'queue', sparse: true });
    // serves attempts(ids) and purge
    await log.ensureIndexAsync({ fieldName: 'deliveryId' });
    return new EmbeddedWebhookDeliveryRepository(deliveries, log, claims);
  }

  async enqueue(records: DeliveryRecord[]): Promise<void> {
    if (!records.length) return;
    const ids = [...new Set(records.map((r) => r.id))];
    const existing = new Set(
      (await this.deliveries.findAsync({ _id: { $in: ids } }, { _id: 1 })).map((d) => d._id),
    );
    const fresh = new Map<string, DeliveryDoc>();
    for (const r of records) {
      if (existing.has(r.id) || fresh.has(r.id)) continue;
      fresh.set(r.id, { ...r, _id: r.id, ...(r.status === 'pending' ? { queue: r.instance } : {}) });
    }
    if (!fresh.size) return;
    try {
      await this.deliveries.insertAsync([...fresh.values()]);
    } catch (err) {
      // a concurrent enqueue stored some of them first (nedb rolls the whole batch back): one by one
      if ((err as { errorType?: string }).errorType !== 'uniqueViolated') throw err;
      for (const doc of fresh.values())
        await this.deliveries.insertAsync(doc).catch((e: { errorType?: string }) => {
          if (e.errorType !== 'uniqueViolated') throw e;
        });
    }
  }

  async pendingInstances(): Promise<string[]> {
    // The sparse `queue` index holds one tree node per instance with pending deliveries: its keys
    // are the answer, without the scan (and copy) of every delivery a query on `queue` would make
    // (measured: a third of the dispatcher's CPU time at 20,000 deliveries, polled every second).
    const tree = (this.deliveries as unknown as NedbIndexes).indexes?.['queue']?.tree;
    if (tree?.executeOnEveryNode) {
      const keys: string[] = [];
      tree.executeOnEveryNode((node) => {
        if (typeof node.key === 'string' && node.data?.length) keys.push(node.key);
      });
      return keys;
    }
    const docs = await this.deliveries.findAsync({ queue: { $exists: true } }, { instance: 1 });
    return [...new Set(docs.map((d) => d.instance))];
  }

  async nextFor(instance: string, limit: number): Promise<DeliveryRecord[]> {
    const docs = await this.deliveries.findAsync({ queue: instance }).sort({ seq: 1, part: 1 }).limit(limit);
    return docs.map(strip);
  }

  async record(outcomes: DeliveryOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    // ids made here (nedb would draw random bytes for each), the same when the batch is written
    // again after a failed write: an attempt already stored is not stored twice
    const base = `${Date.now().toString(36)}-${(this.attemptCounter++).toString(36)}`;
    const docs = outcomes.map((o, i) => {
      let id = this.attemptIds.get(o.attempt);
      if (!id) this.attemptIds.set(o.attempt, (id = `${base}-${i}`));
      return { ...o.attempt, _id: id };
    });
    try {
      await this.log.insertAsync(docs);
    } catch (err) {
      // some were stored by an earlier try (nedb rolls the whole batch back): one by one
      if ((err as { errorType?: string }).errorType !== 'uniqueViolated') throw err;
      for (const doc of docs)
        await this.log.insertAsync(doc).catch((e: { errorType?: string }) => {
          if (e.errorType !== 'uniqueViolated') throw e;
        });
    }
    for (const { ids, status, set, unset } of outcomeUpdates(outcomes)) {
      // a delivery leaves the per-instance queue once it is no longer pending; an outcome applies
      // to a pending delivery only, and a retry's only once (see MongoWebhookDeliveryRepository)
      const gone = status === 'pending' ? unset : [...unset, 'queue'];
      await this.deliveries.updateAsync(
        {
          _id: { $in: ids },
          status: 'pending',
          ...(status === 'pending' ? { nextAt: { $ne: set['nextAt'] } } : {}),
        },
        { $set: set, $unset: Object.fromEntries(gone.map((f) => [f, true])), $inc: { attempts: 1 } },
        { multi: true },
      );
    }
  }

  async list(instance: string, query: DeliveryQuery = {}): Promise<DeliveryRecord[]> {
    const filter = deliveryListFilter(instance, query);
    const docs = await this.deliveries
      .findAsync(filter)
      .sort({ seq: -1, part: -1 })
      .limit(query.limit ?? 100);
    return docs.map(strip);
  }

  async get(instance: string, id: string): Promise<DeliveryRecord | undefined> {
    const doc = await this.deliveries.findOneAsync({ _id: id, instance });
    return doc ? strip(doc) : undefined;
  }

  async attempts(instance: string, ids: string[]): Promise<DeliveryAttempt[]> {
    const docs = await this.log.findAsync({ deliveryId: { $in: ids }, instance }).sort({ at: 1 });
    return docs.map(({ _id, ...a }) => a);
  }

  async replay(instance: string, target: { id: string } | { from: string; to: string }): Promise<number> {
    const filter: Record<string, unknown> =
      'id' in target
        ? { _id: target.id, instance }
        : { instance, createdAt: { $gte: target.from, $lte: target.to } };
    const { numAffected } = await this.deliveries.updateAsync(
      filter,
      {
        $set: {
          status: 'pending',
          queue: instance,
          attempts: 0,
          nextAt: 0,
          updatedAt: new Date().toISOString(),
        },
      },
      { multi: true },
    );
    return numAffected;
  }

  async purgeDelivered(before: string): Promise<number> {
    const old = await this.deliveries.findAsync(
      { status: 'delivered', createdAt: { $lt: before } },
      { _id: 1 },
    );
    if (!old.length) return 0;
    const ids = old.map((d) => d._id);
    await this.log.removeAsync({ deliveryId: { $in: ids } }, { multi: true });
    return this.deliveries.removeAsync({ _id: { $in: ids } }, { multi: true });
  }

  async claim(instance: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const { numAffected } = await this.claims.updateAsync(
      { _id: instance, $or: [{ owner }, { until: { $lt: now } }] },
      { $set: { owner, until: now + ttlMs } },
    );
    if (numAffected > 0) return true;
    try {
      await this.claims.insertAsync({ _id: instance, owner, until: now + ttlMs });
      return true;
    } catch {
      return false; // someone else holds it
    }
  }

  async release(instance: string, owner: string): Promise<void> {
    await this.claims.removeAsync({ _id: instance, owner }, { multi: false });
  }
}

/** The part of nedb's (untyped) internals `pendingInstances` reads: an index's AVL tree. */
interface NedbIndexes {
  indexes?: Record<
    string,
    { tree?: { executeOnEveryNode?(fn: (node: { key?: unknown; data?: unknown[] }) => void): void } }
  >;
}

function strip(doc: DeliveryDoc): DeliveryRecord {
  const { _id, queue: _queue, ...record } = doc;
  return record;
}
