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

/**
 * An event log in process memory with JetStream's consumer semantics: durable cursors (a
 * consumer re-attached under the same name resumes), ordered at-least-once delivery with
 * redelivery on failure, and deduplication by event id. It does not survive the process.
 */
export class MemoryEventLog extends EventLog {
  private readonly log: StoredEvent[] = [];
  private readonly ids = new Map<string, number>();
  /** durable name -> index of the next event to deliver */
  private readonly cursors = new Map<string, number>();
  private readonly attached = new Set<string>();
  private readonly appended = new EventEmitter().setMaxListeners(0);

  async publish<T>(
    subject: string,
    data: T,
    options: { id: string },
  ): Promise<{ seq: number; duplicate: boolean }> {
    const existing = this.ids.get(options.id);
    if (existing !== undefined) return { seq: existing, duplicate: true };
    const seq = this.log.length + 1;
    this.log.push({
      seq,
      subject,
      data: JSON.parse(JSON.stringify(data ?? null)),
      id: options.id,
      storedAt: Date.now(),
      deliveries: 0,
    });
    this.ids.set(options.id, seq);
    this.appended.emit('event');
    return { seq, duplicate: false };
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
        const start = this.cursors.get(name) ?? 0;
        if (start >= this.log.length) {
          await once(this.appended, 'event', { signal: stop.signal }).catch(() => undefined);
          continue;
        }
        const end = Math.min(this.log.length, start + maxBatch);
        const batch = this.log
          .slice(start, end)
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
