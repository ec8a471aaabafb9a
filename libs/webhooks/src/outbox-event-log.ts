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
 * across restarts. Events published in the same turn of the event loop are stored in one go.
 */
export class OutboxEventLog extends EventLog {
  private last = 0;
  /** Events published in this turn of the event loop, stored together at its end. */
  private staged: { event: StoredEvent<EventEnvelope>; resolve: () => void; reject: (e: unknown) => void }[] =
    [];

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
      await this.stage({
        seq,
        subject,
        data: data as EventEnvelope,
        id: options.id,
        storedAt: Date.now(),
        deliveries: 1,
      });
    }
    return result;
  }

  /**
   * Stores the event with the others published in the same turn of the event loop (one ingest,
   * so one read of each instance's settings and one outbox write for many events); resolves once
   * it is stored.
   */
  private stage(event: StoredEvent<EventEnvelope>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.staged.push({ event, resolve, reject });
      if (this.staged.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const taken = this.staged;
    this.staged = [];
    this.ingest(taken.map((t) => t.event)).then(
      () => taken.forEach((t) => t.resolve()),
      (err: unknown) => taken.forEach((t) => t.reject(err)),
    );
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
