import type { EventLog } from '@zapgate/transport';

export interface EventPublisherOptions {
  /** Most events accepted and not yet stored, over all instances (default 10,000). */
  maxBuffered?: number;
  /** First wait before a failed publish is tried again (default 100 ms); doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  /** Longest wait between two tries (default 5 s). */
  maxBackoffMs?: number;
}

/** What the publisher reports, for logs and metrics. */
export interface EventPublisherObserver {
  /** An event is stored (`ms` from acceptance to the log's acknowledgement, retries included). */
  stored?(event: PendingEvent, ms: number, attempts: number): void;
  /** A try failed; the event (and those of its key behind it) waits `retryInMs` and is tried again. */
  failed?(event: PendingEvent, err: unknown, attempt: number, retryInMs: number): void;
  /** An event was refused because the buffer is full. */
  refused?(event: PendingEvent): void;
}

export interface PendingEvent {
  /** Events of one key (an instance) are stored in the order they were accepted. */
  key: string;
  subject: string;
  id: string;
  /** A label for logs and metrics (the event name). */
  kind: string;
  data: unknown;
}

interface Item extends PendingEvent {
  seq: number;
  acceptedAt: number;
  attempts: number;
  /** Told when the event is stored (true) or dropped by `close` (false): `publishStored`. */
  settled?: (stored: boolean) => void;
}

interface Lane {
  inFlight: number;
  /** Failed events and everything accepted after the first failure, in acceptance order. */
  waiting: Item[];
  /** A publish failed: new events queue behind the failed one until the lane is empty again. */
  blocked: boolean;
  settled?: () => void;
}

/** Thrown by `publish` when the buffer is full: the event is not accepted. */
export class EventBufferFullError extends Error {
  constructor(max: number) {
    super(`the event buffer is full (${max} events waiting for the event log)`);
    this.name = 'EventBufferFullError';
  }
}

/**
 * Publishes events to the log without ever losing one to a log that is down for a while (NATS
 * restarting): an accepted event is kept in memory and tried again with exponential backoff
 * (equal jitter) until the log stores it. The log deduplicates by event id, so an event whose
 * acknowledgement was lost is not stored twice when tried again (within its duplicate window).
 *
 * Order per key: while the log answers, events are handed to it as they come (pipelined, one
 * connection keeps their order). When a publish fails, the key's lane blocks: the failed event
 * and every later one are then published one at a time, in order, until the lane is empty again.
 * Memory is bounded: past `maxBuffered` events in hand, `publish` throws (the event is refused,
 * and the caller says so), so a long outage cannot exhaust the process.
 */
export class EventPublisher {
  private readonly lanes = new Map<string, Lane>();
  private readonly idle = new Set<() => void>();
  private buffered = 0;
  private seq = 0;
  private closed = false;
  private readonly max: number;
  private readonly minBackoff: number;
  private readonly maxBackoff: number;
  /** Waits between tries, ended early by `close`. */
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();

  constructor(
    private readonly log: EventLog,
    options: EventPublisherOptions = {},
    private readonly observer: EventPublisherObserver = {},
  ) {
    this.max = options.maxBuffered ?? 10_000;
    this.minBackoff = options.minBackoffMs ?? 100;
    this.maxBackoff = options.maxBackoffMs ?? 5_000;
  }

  /** Events accepted and not yet stored. */
  get depth(): number {
    return this.buffered;
  }

  /** Keys whose lane is blocked behind a failed publish. */
  get blockedKeys(): number {
    let n = 0;
    for (const lane of this.lanes.values()) if (lane.blocked) n++;
    return n;
  }

  /**
   * Accepts the event; it is stored as soon as the log can. Throws `EventBufferFullError` when
   * the buffer is full (nothing accepted). Never rejects later: failures are retried.
   */
  publish(event: PendingEvent, settled?: (stored: boolean) => void): void {
    if (this.buffered >= this.max || this.closed) {
      this.observer.refused?.(event);
      throw new EventBufferFullError(this.max);
    }
    this.buffered++;
    const item: Item = {
      ...event,
      seq: ++this.seq,
      acceptedAt: Date.now(),
      attempts: 0,
      ...(settled ? { settled } : {}),
    };
    let lane = this.lanes.get(event.key);
    if (!lane) this.lanes.set(event.key, (lane = { inFlight: 0, waiting: [], blocked: false }));
    if (lane.blocked) lane.waiting.push(item);
    else this.send(lane, item);
  }

  /**
   * Like `publish`, and resolves once the log has STORED the event (retries included), not when it
   * is accepted; rejects when it is refused (buffer full) or dropped by `close`. For what must not
   * be acknowledged before it is durable (an incoming message's delivery receipt).
   */
  publishStored(event: PendingEvent): Promise<void> {
    return new Promise<void>((resolve, reject) =>
      this.publish(event, (stored) =>
        stored ? resolve() : reject(new Error('the event publisher closed before the event was stored')),
      ),
    );
  }

  /** Resolves once every accepted event is stored, or after `timeoutMs` (false then). */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.buffered === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const drained = await Promise.race([
      new Promise<boolean>((r) => this.idle.add((wake = () => r(true)))),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (wake) this.idle.delete(wake);
    return drained;
  }

  /** Stops retrying; events not stored by now are dropped (the number is returned). */
  close(): number {
    this.closed = true;
    for (const [t, wake] of this.sleepers) {
      clearTimeout(t);
      wake();
    }
    this.sleepers.clear();
    const dropped = this.buffered;
    for (const lane of this.lanes.values()) for (const item of lane.waiting) item.settled?.(false);
    this.lanes.clear();
    this.buffered = 0;
    return dropped;
  }

  /** Pipelined publish while the lane is healthy; a failure blocks the lane. */
  private send(lane: Lane, item: Item): void {
    lane.inFlight++;
    item.attempts++;
    this.log.publish(item.subject, item.data, { id: item.id }).then(
      () => {
        lane.inFlight--;
        this.stored(item);
        if (lane.inFlight === 0) lane.settled?.();
        this.maybeForget(item.key, lane);
      },
      (err: unknown) => {
        lane.inFlight--;
        if (this.closed) return item.settled?.(false);
        // back into the lane in acceptance order (later events may have failed before it)
        const at = lane.waiting.findIndex((w) => w.seq > item.seq);
        lane.waiting.splice(at === -1 ? lane.waiting.length : at, 0, item);
        if (!lane.blocked) {
          lane.blocked = true;
          void this.retryLane(item.key, lane, err);
        } else if (lane.inFlight === 0) lane.settled?.();
      },
    );
  }

  /** One event at a time, in order, each until it is stored. */
  private async retryLane(key: string, lane: Lane, firstErr: unknown): Promise<void> {
    // wait for the events already handed to the log: those that fail join the lane in order
    if (lane.inFlight > 0) await new Promise<void>((r) => (lane.settled = r));
    lane.settled = undefined;
    let err: unknown = firstErr;
    let attempt = 0;
    while (!this.closed && lane.waiting.length) {
      const item = lane.waiting[0]!;
      attempt++;
      const wait = this.backoff(attempt);
      this.observer.failed?.(item, err, item.attempts, wait);
      if (!(await this.sleep(wait))) return;
      item.attempts++;
      try {
        await this.log.publish(item.subject, item.data, { id: item.id });
      } catch (e) {
        err = e;
        continue;
      }
      if (this.closed) return;
      lane.waiting.shift();
      attempt = 0;
      this.stored(item);
      // the rest go at once; only a new failure waits again
      while (!this.closed && lane.waiting.length) {
        const next = lane.waiting[0]!;
        next.attempts++;
        try {
          await this.log.publish(next.subject, next.data, { id: next.id });
        } catch (e) {
          err = e;
          break;
        }
        if (this.closed) return;
        lane.waiting.shift();
        this.stored(next);
      }
    }
    if (this.closed) return;
    lane.blocked = false;
    this.maybeForget(key, lane);
  }

  private stored(item: Item): void {
    item.settled?.(true);
    this.buffered--;
    this.observer.stored?.(item, Date.now() - item.acceptedAt, item.attempts);
    if (this.buffered === 0) for (const wake of [...this.idle]) wake();
  }

  private maybeForget(key: string, lane: Lane): void {
    if (!lane.blocked && lane.inFlight === 0 && !lane.waiting.length && this.lanes.get(key) === lane)
      this.lanes.delete(key);
  }

  private backoff(attempt: number): number {
    const cap = Math.min(this.maxBackoff, this.minBackoff * 2 ** Math.min(attempt - 1, 20));
    return Math.round(cap / 2 + Math.random() * (cap / 2));
  }

  /** False when closed meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.sleepers.delete(t);
        resolve(!this.closed);
      }, ms);
      this.sleepers.set(t, () => resolve(false));
    });
  }
}
