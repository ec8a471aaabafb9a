import type { EventEnvelope } from '@zapgate/contracts';
import {
  EventLog,
  type BatchConsumeOptions,
  type ConsumeOptions,
  type StoredEvent,
  type Subscription,
} from '@zapgate/transport';

/**
 * The standalone process's event log: publishing stores the event in the webhook outbox (the
 * embedded store on disk) before it resolves, then hands it to the in-memory log for any other
 * consumer. So an event a shard has published survives a crash of the process, as it would in
 * JetStream. Order comes from a clock that only moves forward (ms x 1000, + 1 on ties), also
 * across restarts.
 */
export class OutboxEventLog extends EventLog {
  private last = 0;

  constructor(
    private readonly inner: EventLog,
    private readonly ingest: (events: StoredEvent<EventEnvelope>[]) => Promise<void>,
  ) {
    super();
  }

  async publish<T>(
    subject: string,
    data: T,
    options: { id: string },
  ): Promise<{ seq: number; duplicate: boolean }> {
    this.last = Math.max(this.last + 1, Date.now() * 1000);
    const seq = this.last;
    const result = await this.inner.publish(subject, data, options);
    if (!result.duplicate) {
      await this.ingest([
        { seq, subject, data: data as EventEnvelope, id: options.id, storedAt: Date.now(), deliveries: 1 },
      ]);
    }
    return result;
  }

  consume<T>(
    options: ConsumeOptions,
    handler: (event: StoredEvent<T>) => Promise<void>,
  ): Promise<Subscription> {
    return this.inner.consume(options, handler);
  }

  consumeBatches<T>(
    options: BatchConsumeOptions,
    handler: (events: StoredEvent<T>[]) => Promise<void>,
  ): Promise<Subscription> {
    return this.inner.consumeBatches(options, handler);
  }
}
