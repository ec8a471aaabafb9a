import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the dispatcher's queues hold now (read at each scrape). */
export interface DispatcherQueues {
  /** Instances with deliveries waiting for a sender. */
  readyInstances: number;
  /** Senders running (one per instance). */
  runningSenders: number;
  /** Instances this replica holds a sender claim on. */
  claimedInstances: number;
  /** Deliveries rendered and not yet written to the outbox. */
  ingestPending: number;
  /** Outcomes not yet written to the outbox. */
  outcomesPending: number;
}

/**
 * The webhook dispatcher's Prometheus metrics (`/metrics` on its health port, or the standalone
 * gateway's `/metrics`): deliveries stored, POST outcomes (delivered, retry, dead letter) and
 * latency, and its queue depths.
 */
export class DispatcherMetrics {
  readonly registry: Registry;
  readonly enqueued: Counter;
  readonly attempts: Counter;
  readonly deadLetters: Counter;
  readonly latency: Histogram;
  private queues?: () => DispatcherQueues;

  /** With a `registry`, the metrics join it (the standalone gateway's); else one of their own. */
  constructor(options: { registry?: Registry; defaultMetrics?: boolean } = {}) {
    this.registry = options.registry ?? new Registry();
    if (!options.registry && (options.defaultMetrics ?? true))
      collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.enqueued = new Counter({
      name: 'zg_webhook_deliveries_enqueued_total',
      help: 'Webhook deliveries rendered from events and stored in the outbox',
      registers,
    });
    this.attempts = new Counter({
      name: 'zg_webhook_attempts_total',
      help: 'Webhook POST attempts by outcome: delivered, retry (tried again later), dead (dead letter)',
      labelNames: ['outcome'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'zg_webhook_dead_letters_total',
      help: 'Webhook deliveries given up after the last attempt (or refused for good)',
      registers,
    });
    this.latency = new Histogram({
      name: 'zg_webhook_post_duration_seconds',
      help: 'Webhook POST latency (answered attempts)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const queue = (name: string, help: string, read: (q: DispatcherQueues) => number) => {
      const current = () => this.queues?.();
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const q = current();
          if (q) this.set(read(q));
        },
      });
    };
    queue(
      'zg_webhook_ready_instances',
      'Instances with deliveries waiting for a sender',
      (q) => q.readyInstances,
    );
    queue('zg_webhook_running_senders', 'Senders running (one per instance)', (q) => q.runningSenders);
    queue(
      'zg_webhook_claimed_instances',
      'Instances this replica holds a sender claim on',
      (q) => q.claimedInstances,
    );
    queue(
      'zg_webhook_ingest_pending',
      'Deliveries rendered and not yet stored in the outbox',
      (q) => q.ingestPending,
    );
    queue(
      'zg_webhook_outcomes_pending',
      'Attempt outcomes not yet written to the outbox',
      (q) => q.outcomesPending,
    );
  }

  /** Where the queue gauges read from (the dispatcher, once made). */
  watch(queues: () => DispatcherQueues): void {
    this.queues = queues;
  }

  /** Records one POST attempt. */
  attempt(outcome: 'delivered' | 'retry' | 'dead', latencyMs?: number): void {
    this.attempts.inc({ outcome });
    if (outcome === 'dead') this.deadLetters.inc();
    if (latencyMs !== undefined) this.latency.observe(latencyMs / 1000);
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
