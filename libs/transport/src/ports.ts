/** Something that can be stopped; every subscription and consumer is one. */
export interface Subscription {
  unsubscribe(): Promise<void>;
}

/** How long a request waits for its reply unless told otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface RequestOptions {
  /** How long to wait for the reply (default DEFAULT_REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface ServeOptions {
  /** Handlers sharing a queue group split the requests: each is answered by one of them. */
  queue?: string;
}

export type CommandHandler<Req = unknown, Res = unknown> = (payload: Req, subject: string) => Promise<Res>;

/**
 * Request/reply between the gateway and the services. A handler's `DomainError` reaches the
 * caller as the same `DomainError`; a missing handler as `unavailable`, a slow one as `timeout`.
 */
export abstract class CommandBus {
  abstract request<Res = unknown, Req = unknown>(
    subject: string,
    payload: Req,
    options?: RequestOptions,
  ): Promise<Res>;
  /** `subject` may use NATS wildcards: `*` one token, `>` the rest. */
  abstract serve<Req = unknown, Res = unknown>(
    subject: string,
    handler: CommandHandler<Req, Res>,
    options?: ServeOptions,
  ): Promise<Subscription>;
}

export interface StoredEvent<T = unknown> {
  /** Position in the log; strictly increasing. */
  seq: number;
  subject: string;
  data: T;
  /** The publisher's id for deduplication (same id, same event). */
  id: string;
  /** When the log stored it (ms since epoch). */
  storedAt: number;
  /** How many times this event was handed to this consumer (1 on first delivery). */
  deliveries: number;
}

export interface ConsumeOptions {
  /** Name of a durable consumer: it resumes where it left off, across restarts and replicas. */
  durable: string;
  /** Only events whose subject matches (wildcards allowed); default every event. */
  filter?: string;
  /** Wait before an event whose handler failed is delivered again (default 1 s). */
  redeliverAfterMs?: number;
  /** How long an unacknowledged event waits before the log hands it out again (a crashed consumer; default 30 s). */
  ackWaitMs?: number;
}

export interface BatchConsumeOptions extends ConsumeOptions {
  /** Most events handed to the handler at once (default 256). */
  maxBatch?: number;
}

/**
 * The durable event log (JetStream `ZG_EVENTS`, or in memory). `publish` resolves once the event
 * is stored. Consumers get events at least once and in order: an event is acknowledged when its
 * handler resolves, and delivered again (before any later one) when the handler throws.
 */
export abstract class EventLog {
  abstract publish<T>(
    subject: string,
    data: T,
    options: { id: string },
  ): Promise<{ seq: number; duplicate: boolean }>;
  abstract consume<T>(
    options: ConsumeOptions,
    handler: (event: StoredEvent<T>) => Promise<void>,
  ): Promise<Subscription>;
  /**
   * Like `consume`, but hands over every event available (up to `maxBatch`) at once, in order, and
   * acknowledges the batch when the handler resolves; a throwing handler gets the same batch again
   * (after `redeliverAfterMs`) before anything later. Unsubscribing waits for the batch in hand.
   */
  abstract consumeBatches<T>(
    options: BatchConsumeOptions,
    handler: (events: StoredEvent<T>[]) => Promise<void>,
  ): Promise<Subscription>;
}

export interface LeaseEntry<T> {
  value: T;
  revision: number;
}

/**
 * Keys with a time to live (JetStream KV, or in memory), for instance leases: `create` only if
 * absent, `update` only at the expected revision (compare-and-set). An entry not written for the
 * store's TTL disappears. A store that does not answer (timeout, connection lost) throws: only an
 * undefined answer means the key is someone else's.
 */
export abstract class LeaseStore {
  abstract readonly ttlMs: number;
  /** The new revision, or undefined when the key exists. */
  abstract create<T>(key: string, value: T): Promise<number | undefined>;
  /** The new revision, or undefined when the key is gone or at another revision. */
  abstract update<T>(key: string, value: T, revision: number): Promise<number | undefined>;
  abstract get<T>(key: string): Promise<LeaseEntry<T> | undefined>;
  abstract delete(key: string): Promise<void>;
  abstract keys(): Promise<string[]>;
}
