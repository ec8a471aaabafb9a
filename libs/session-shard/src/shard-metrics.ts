import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A shard's Prometheus metrics (`/metrics` on its health port): instances held, lease renewals
 * and losses, commands by verb and outcome with their latency, and event publishing (stored,
 * failed tries, refused, buffer depth, time from acceptance to storage).
 */
export class ShardMetrics {
  readonly registry = new Registry();
  readonly instances = new Gauge({
    name: 'zg_shard_instances',
    help: 'Instances this shard holds (sessions open)',
    registers: [this.registry],
  });
  readonly adoptions = new Counter({
    name: 'zg_shard_adoptions_total',
    help: 'Instances adopted (lease taken, session created)',
    registers: [this.registry],
  });
  readonly releases = new Counter({
    name: 'zg_shard_releases_total',
    help: 'Instances released, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly leaseRenewals = new Counter({
    name: 'zg_shard_lease_renewals_total',
    help: 'Lease renewals by outcome: ok, failed (no answer from the store), lost (taken by another)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'zg_shard_commands_total',
    help: 'Instance commands handled, by verb and outcome (ok or the error code)',
    labelNames: ['verb', 'outcome'],
    registers: [this.registry],
  });
  readonly commandLatency = new Histogram({
    name: 'zg_shard_command_duration_seconds',
    help: 'Instance command latency on the shard',
    labelNames: ['verb'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly eventsStored = new Counter({
    name: 'zg_shard_events_published_total',
    help: 'Events stored in the event log, by event',
    labelNames: ['event'],
    registers: [this.registry],
  });
  readonly eventPublishFailures = new Counter({
    name: 'zg_shard_event_publish_failures_total',
    help: 'Event publishes that failed and are retried, by event',
    labelNames: ['event'],
    registers: [this.registry],
  });
  readonly eventsRefused = new Counter({
    name: 'zg_shard_events_refused_total',
    help: 'Events refused because the publish buffer was full (lost), by event',
    labelNames: ['event'],
    registers: [this.registry],
  });
  readonly eventsBuffered = new Gauge({
    name: 'zg_shard_event_buffer_depth',
    help: 'Events accepted and not yet stored in the event log',
    registers: [this.registry],
  });
  readonly eventPublishLatency = new Histogram({
    name: 'zg_shard_event_publish_duration_seconds',
    help: 'Time from an event being emitted to the event log storing it (retries included)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
