// The outbox queries both adapters send in MongoDB's query language (nedb speaks the same subset).
import type { DeliveryOutcome, DeliveryQuery, DeliveryStatus } from './webhook-deliveries.ports.js';

/** The filter of an instance's delivery log: status, and event time (`createdAt`) bounds. */
export function deliveryListFilter(instance: string, query: DeliveryQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = { instance };
  if (query.status) filter['status'] = query.status;
  const range: Record<string, string> = {};
  if (query.from) range['$gte'] = query.from;
  if (query.to) range['$lte'] = query.to;
  if (Object.keys(range).length) filter['createdAt'] = range;
  return filter;
}

/** The change a batch of outcomes makes to some deliveries, as one update. */
export interface OutcomeUpdate {
  ids: string[];
  status: DeliveryStatus;
  set: Record<string, unknown>;
  /** fields to remove */
  unset: string[];
}

/**
 * Groups a batch of outcomes into one update per distinct change (typically one: every delivery
 * answered 200), for adapters that write them as `{ _id: { $in: ids } }` updates (plus an
 * increment of `attempts`).
 */
export function outcomeUpdates(outcomes: DeliveryOutcome[], now = new Date().toISOString()): OutcomeUpdate[] {
  const groups = new Map<string, { ids: string[]; o: DeliveryOutcome }>();
  for (const o of outcomes) {
    const key = JSON.stringify([o.status, o.nextAt, o.attempt.statusCode, o.attempt.error, o.url]);
    const g = groups.get(key) ?? { ids: [], o };
    g.ids.push(o.attempt.deliveryId);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ ids, o }) => {
    const set: Record<string, unknown> = { status: o.status, updatedAt: now };
    const unset: string[] = [];
    if (o.attempt.statusCode !== undefined) set['lastStatusCode'] = o.attempt.statusCode;
    else unset.push('lastStatusCode');
    if (o.attempt.error) set['lastError'] = o.attempt.error;
    else unset.push('lastError');
    if (o.url !== undefined) set['url'] = o.url;
    if (o.status === 'pending') set['nextAt'] = o.nextAt ?? Date.now();
    if (o.status === 'delivered') set['deliveredAt'] = now;
    return { ids, status: o.status, set, unset };
  });
}
