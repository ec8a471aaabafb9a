import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  EventLog,
  type BatchConsumeOptions,
  type ConsumeOptions,
  type StoredEvent,
  type Subscription,
} from '../ports.js';

export interface NatsEventLogOptions {
  stream: string;
  /** Subjects the stream captures, e.g. `zg.evt.>`. */
  subjects: string[];
  /** Window in which a repeated event id is recognised as a duplicate (default 2 min). */
  duplicateWindowMs?: number;
}

/**
 * The event log on JetStream: one stream; durable pull consumers with explicit acks and one
 * event in flight, so delivery is ordered even across redeliveries.
 */
export class NatsEventLog extends EventLog {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsEventLogOptions,
  ) {
    super();
  }

  /** Creates the stream if missing (idempotent). */
  static async open(nc: NatsConnection, options: NatsEventLogOptions): Promise<NatsEventLog> {
    const jsm = await jetstreamManager(nc);
    const config = {
      name: options.stream,
      subjects: options.subjects,
      duplicate_window: (options.duplicateWindowMs ?? 120_000) * 1_000_000,
    };
    try {
      await jsm.streams.info(options.stream);
      await jsm.streams.update(options.stream, config);
    } catch {
      await jsm.streams.add(config);
    }
    return new NatsEventLog(jetstream(nc), jsm, options);
  }

  async publish<T>(
    subject: string,
    data: T,
    options: { id: string },
  ): Promise<{ seq: number; duplicate: boolean }> {
    const ack = await this.js.publish(subject, JSON.stringify(data ?? null), { msgID: options.id });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  async consume<T>(
    options: ConsumeOptions,
    handler: (event: StoredEvent<T>) => Promise<void>,
  ): Promise<Subscription> {
    const stream = this.options.stream;
    const config = {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 1,
      ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000,
      ...(options.filter ? { filter_subject: options.filter } : {}),
    };
    try {
      await this.jsm.consumers.info(stream, options.durable);
    } catch {
      await this.jsm.consumers.add(stream, config);
    }
    const consumer = await this.js.consumers.get(stream, options.durable);
    const messages = await consumer.consume({ max_messages: 1 });
    const redeliverAfterMs = options.redeliverAfterMs ?? 1_000;
    const running = (async () => {
      for await (const m of messages) {
        const event: StoredEvent<T> = {
          seq: m.seq,
          subject: m.subject,
          data: m.json<T>(),
          id: m.headers?.get('Nats-Msg-Id') ?? String(m.seq),
          storedAt: Math.floor(Number(m.info.timestampNanos) / 1e6),
          deliveries: m.info.deliveryCount,
        };
        try {
          await handler(event);
          await m.ackAck();
        } catch {
          m.nak(redeliverAfterMs);
        }
      }
    })();
    return {
      unsubscribe: async () => {
        await messages.close();
        await running;
      },
    };
  }

  async consumeBatches<T>(
    options: BatchConsumeOptions,
    handler: (events: StoredEvent<T>[]) => Promise<void>,
  ): Promise<Subscription> {
    const stream = this.options.stream;
    const maxBatch = options.maxBatch ?? 256;
    const config = {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // one batch in the handler and one arriving: order holds because batches run one at a time
      max_ack_pending: maxBatch * 2,
      ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000,
      ...(options.filter ? { filter_subject: options.filter } : {}),
    };
    try {
      await this.jsm.consumers.info(stream, options.durable);
      await this.jsm.consumers.update(stream, options.durable, {
        max_ack_pending: config.max_ack_pending,
        ack_wait: config.ack_wait,
      });
    } catch {
      await this.jsm.consumers.add(stream, config);
    }
    const consumer = await this.js.consumers.get(stream, options.durable);
    const messages = await consumer.consume({ max_messages: maxBatch });
    const redeliverAfterMs = options.redeliverAfterMs ?? 1_000;
    const buffer: JsMsg[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    let closing = false;
    const reading = (async () => {
      for await (const m of messages) {
        buffer.push(m);
        wake?.();
      }
      ended = true;
      wake?.();
    })();
    const running = (async () => {
      while (!ended || buffer.length) {
        if (!buffer.length) {
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        const batch = buffer.splice(0, maxBatch);
        const events = batch.map((m): StoredEvent<T> => ({
          seq: m.seq,
          subject: m.subject,
          data: m.json<T>(),
          id: m.headers?.get('Nats-Msg-Id') ?? String(m.seq),
          storedAt: Math.floor(Number(m.info.timestampNanos) / 1e6),
          deliveries: m.info.deliveryCount,
        }));
        // a failed batch is retried here, before anything later: ordered even across failures
        for (let attempt = 0; ; attempt++) {
          try {
            await handler(
              attempt ? events.map((e) => ({ ...e, deliveries: e.deliveries + attempt })) : events,
            );
            for (const m of batch) m.ack();
            break;
          } catch {
            // closing: left unacknowledged, the log hands them out again after ackWaitMs
            if (closing) break;
            await new Promise((r) => setTimeout(r, redeliverAfterMs));
          }
        }
      }
    })();
    return {
      unsubscribe: async () => {
        // stop pulling; events already handed out finish (or stay unacknowledged for redelivery)
        closing = true;
        await messages.close();
        await reading;
        await running;
      },
    };
  }
}
