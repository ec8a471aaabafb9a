import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  EventLog,
  type BatchConsumeOptions,
  type ConsumeOptions,
  type StoredEvent,
  type Subscription,
} from '../ports.js';
import { subjectMatches } from '../subject-match.js';

export interface MemoryEventLogOptions {
  /** Events kept at most, consumed or not (the oldest go first, as a JetStream limit; default 50,000). */
  maxEvents?: number;
  /**
   * An event every attached consumer has passed is dropped once it is older than this (default
   * 60 s): a consumer that attaches soon after start, or re-attaches, still finds what came before.
   */
  keepConsumedMs?: number;
}

/** Trimming runs once per this many publishes (a splice of the array's head is linear). */
const TRIM_EVERY = 1024;

/**
 * An event log in process memory with JetStream's consumer semantics: durable cursors (a
 * consumer re-attached under the same name resumes), ordered at-least-once delivery with
 * redelivery on failure, and deduplication by event id. It does not survive the process.
 *
 * It keeps what its consumers may still need, not everything: an event every attached consumer
 * has passed goes after `keepConsumedMs`, and past `maxEvents` the oldest go whatever the cursors
 * say (a consumer behind them resumes at the oldest kept, as on a JetStream stream with limits).
 * Keeping every event (the standalone process publishes a few per message, each with the raw
 * message) grew its heap by about 1.5 KB per message sent, for as long as it ran. A dropped
 * event's id is no longer deduplicated.
 */
export class MemoryEventLog extends EventLog {
  private readonly log: StoredEvent[] = [];
  /** Absolute index (seq - 1) of log[0]: events before it were dropped. */
  private first = 0;
  private publishedSinceTrim = 0;
  private readonly ids = new Map<string, number>();
  /** durable name -> absolute index of the next event to deliver */
  private readonly cursors = new Map<string, number>();
  private readonly attached = new Set<string>();
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly maxEvents: number;
  private readonly keepConsumedMs: number;

  constructor(options: MemoryEventLogOptions = {}) {
    super();
    this.maxEvents = options.maxEvents ?? 50_000;
    this.keepConsumedMs = options.keepConsumedMs ?? 60_000;
  }

  /** Events held now (for tests and diagnostics). */
  get size(): number {
    return this.log.length;
  }

  async publish<T>(
    subject: string,
    data: T,
    options: { id: string },
  ): Promise<{ seq: number; duplicate: boolean }> {
    const existing = this.ids.get(options.id);
    if (existing !== undefined) return { seq: existing, duplicate: true };
    const seq = this.first + this.log.length + 1;
    this.log.push({
      seq,
      subject,
      data: JSON.parse(JSON.stringify(data ?? null)),
      id: options.id,
      storedAt: Date.now(),
      deliveries: 0,
    });
    this.ids.set(options.id, seq);
    if (++this.publishedSinceTrim >= TRIM_EVERY) this.trim();
    this.appended.emit('event');
    return { seq, duplicate: false };
  }

  /** Drops the events over `maxEvents`, and those every attached consumer passed long enough ago. */
  trim(now = Date.now()): void {
    this.publishedSinceTrim = 0;
    let drop = Math.max(0, this.log.length - this.maxEvents);
    if (this.attached.size) {
      const passed = Math.min(...[...this.attached].map((n) => this.cursors.get(n) ?? 0)) - this.first;
      const before = now - this.keepConsumedMs;
      while (drop < passed && drop < this.log.length && this.log[drop]!.storedAt <= before) drop++;
    }
    if (!drop) return;
    for (const e of this.log.splice(0, drop)) if (this.ids.get(e.id) === e.seq) this.ids.delete(e.id);
    this.first += drop;
  }

  /** One event at a time: a batch consumer of batches of one. */
  consume<T>(
    options: ConsumeOptions,
    handler: (event: StoredEvent<T>) => Promise<void>,
  ): Promise<Subscription> {
    return this.consumeBatches<T>({ ...options, maxBatch: 1 }, ([event]) => handler(event!));
  }

  async consumeBatches<T>(
    options: BatchConsumeOptions,
    handler: (events: StoredEvent<T>[]) => Promise<void>,
  ): Promise<Subscription> {
    const name = options.durable;
    if (this.attached.has(name)) throw new Error(`consumer ${name} is already attached`);
    this.attached.add(name);
    const stop = new AbortController();
    const redeliverAfterMs = options.redeliverAfterMs ?? 1_000;
    const maxBatch = options.maxBatch ?? 256;
    const loop = async () => {
      let deliveries = 0;
      while (!stop.signal.aborted) {
        // a cursor behind the oldest event kept resumes there
        const start = Math.max(this.cursors.get(name) ?? 0, this.first);
        const last = this.first + this.log.length;
        if (start >= last) {
          await once(this.appended, 'event', { signal: stop.signal }).catch(() => undefined);
          continue;
        }
        const end = Math.min(last, start + maxBatch);
        const batch = this.log
          .slice(start - this.first, end - this.first)
          .filter((e) => !options.filter || subjectMatches(options.filter, e.subject));
        deliveries++;
        try {
          if (batch.length) await handler(batch.map((e) => ({ ...(e as StoredEvent<T>), deliveries })));
          this.cursors.set(name, end);
          deliveries = 0;
        } catch {
          await sleep(redeliverAfterMs, undefined, { signal: stop.signal }).catch(() => undefined);
        }
      }
    };
    const running = loop();
    return {
      unsubscribe: async () => {
        stop.abort();
        await running;
        this.attached.delete(name);
      },
    };
  }
}
