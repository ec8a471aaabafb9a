/** Where one webhook POST stands: waiting (or backing off), done, or given up after the last attempt. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One HTTP attempt of a delivery (the delivery log). */
export interface DeliveryAttempt {
  deliveryId: string;
  instance: string;
  /** ISO time the attempt started. */
  at: string;
  /** HTTP status of the answer; absent when there was none (network error, timeout). */
  statusCode?: number;
  /**
   * What went wrong, when it did: the HTTP status, or one generic text for every connection-level
   * failure (refused, reset, timeout, DNS), so the log cannot tell a closed port from a silent one.
   * Never the response body; the cause in detail goes to the server log only.
   */
  error?: string;
  /** How long the receiver took to answer; absent when it did not (connection-level failure). */
  latencyMs?: number;
}

/** A webhook POST in the outbox: rendered once, sent until it succeeds or runs out of attempts. */
export interface DeliveryRecord {
  /** Stable id, sent as the event id header on every attempt and replay (dedup key). */
  id: string;
  instance: string;
  /** Order within the instance: the event log position, then `part` for events rendered as several POSTs. */
  seq: number;
  part: number;
  /** The canonical event's id and name. */
  eventId: string;
  eventName: string;
  /** The dialect's event name (a header on the POST). */
  event: string;
  /**
   * Where it was last sent (at first: where the instance's webhook pointed when it was queued).
   * Every attempt goes to the URL configured at that moment, not to this one.
   */
  url: string;
  /** The JSON text exactly as it is posted (and signed). */
  body: string;
  status: DeliveryStatus;
  /** Attempts in the current round (reset by a replay); the log keeps every attempt. */
  attempts: number;
  /** When a pending delivery is due (ms since epoch). */
  nextAt: number;
  /** ISO time of the event. */
  createdAt: string;
  updatedAt: string;
  lastStatusCode?: number;
  lastError?: string;
  deliveredAt?: string;
}

/** The result of one attempt, written in batches. */
export interface DeliveryOutcome {
  attempt: DeliveryAttempt;
  /** `pending` with `nextAt` to retry later. */
  status: DeliveryStatus;
  nextAt?: number;
  /** The URL this attempt went to, when it differs from the delivery's (the webhook was changed). */
  url?: string;
}

export interface DeliveryQuery {
  status?: DeliveryStatus;
  /** ISO bounds on `createdAt` (inclusive). */
  from?: string;
  to?: string;
  limit?: number;
}

/**
 * The webhook outbox and delivery log. `enqueue` is idempotent by id (a redelivered event is
 * stored once); pending deliveries of an instance come out in (seq, part) order; outcomes are
 * written in batches. Per-instance claims let several dispatchers share one outbox with a single
 * sender per instance (ordering).
 */
export abstract class WebhookDeliveryRepository {
  /** Stores new deliveries, skipping ids already present; resolves once they are durable. */
  abstract enqueue(records: DeliveryRecord[]): Promise<void>;
  /** Instances that have pending deliveries. */
  abstract pendingInstances(): Promise<string[]>;
  /** The first pending deliveries of an instance, in order (due or not). */
  abstract nextFor(instance: string, limit: number): Promise<DeliveryRecord[]>;
  /** Applies attempt outcomes (status, counters) and appends them to the log. */
  abstract record(outcomes: DeliveryOutcome[]): Promise<void>;
  /** Deliveries of an instance, newest first. */
  abstract list(instance: string, query?: DeliveryQuery): Promise<DeliveryRecord[]>;
  abstract get(instance: string, id: string): Promise<DeliveryRecord | undefined>;
  /** Attempts of these deliveries, oldest first. */
  abstract attempts(instance: string, ids: string[]): Promise<DeliveryAttempt[]>;
  /** Makes deliveries pending again (same ids), due now: one by id, or every one created in [from, to]. */
  abstract replay(instance: string, target: { id: string } | { from: string; to: string }): Promise<number>;
  /** Deletes delivered deliveries (and their attempts) created before `before`. */
  abstract purgeDelivered(before: string): Promise<number>;
  /** Takes (or renews) the right to send an instance's deliveries until `ttlMs` from now. */
  abstract claim(instance: string, owner: string, ttlMs: number): Promise<boolean>;
  abstract release(instance: string, owner: string): Promise<void>;
}
