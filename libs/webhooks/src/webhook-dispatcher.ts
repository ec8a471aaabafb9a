import { type EventEnvelope, type RenderedWebhook, type WebhookDialect } from '@zapgate/contracts';
import type { DialectWebhookRules, WebhookMediaFile, WebhookMediaRule } from '@zapgate/dialect-common';
import {
  type DeliveryOutcome,
  type DeliveryRecord,
  type InstanceRecord,
  type InstanceRepository,
  type WebhookDeliveryRepository,
} from '@zapgate/storage';
import type { EventLog, StoredEvent, Subscription } from '@zapgate/transport';
import {
  eventAllowed,
  SecretDecryptionError,
  signWebhook,
  WEBHOOK_HEADERS,
  WebhookSecretBox,
} from '@zapgate/webhook-core';
import type { Logger } from 'pino';
import { BatchWriter } from './batch-writer.js';
import type { DispatcherMetrics } from './dispatcher-metrics.js';
import {
  isRetryable,
  isSuccess,
  retryDelayMs,
  type AttemptResult,
  type RetryPolicy,
} from './retry-policy.js';
import type { WebhookSender } from './webhook-sender.js';

/**
 * How one dialect turns canonical events into POSTs and which of them it leaves out: its webhook
 * rules, looked up by the instance's dialect (the dispatcher never tests a dialect's name).
 */
export type DialectWebhooks = Omit<DialectWebhookRules, 'events'>;

export interface DispatcherOptions {
  /** This dispatcher's name in per-instance claims (unique per replica). */
  owner: string;
  /** The durable consumer replicas share. */
  durable: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Instances delivered to at once (each instance is delivered to in order, one POST at a time). */
  concurrency: number;
  /**
   * The deployment's global webhook URL (WPPConnect's WEBHOOK_URL), for instances that set none
   * of their own, in the dialects whose rules say so (`usesGlobalUrl`).
   */
  defaultWppUrl?: string;
  /** How often the outbox is scanned for work others queued (replays, other replicas). */
  pollMs: number;
  /**
   * How long a claim on an instance lasts without renewal. Renewed before a POST once half of it
   * is used up, so it must be more than twice `timeoutMs`.
   */
  claimTtlMs: number;
  /** How long delivered deliveries are kept in the log. */
  retentionMs: number;
  /** Events read from the log at once. */
  batchSize: number;
  /**
   * How old the instance's webhook settings (URL, secret) a sender uses may be: it reads them
   * again before a POST once they are older than this (and before every retry), and a delivery
   * backing off is looked at this often: when its webhook URL has changed, it is sent at once to
   * the new one instead of waiting out a backoff meant for the old one. Default 2 s.
   */
  settingsCheckMs?: number;
}

export interface DispatcherDeps {
  instances: InstanceRepository;
  deliveries: WebhookDeliveryRepository;
  sender: WebhookSender;
  dialects: Record<WebhookDialect, DialectWebhooks>;
  logger: Logger;
  /** Opens the webhook secrets the gateway stored sealed (ZG_DATA_KEY); plaintext ones open without. */
  secrets?: WebhookSecretBox;
  /**
   * Downloads a message's file for dialects that put files in their POSTs (WPPConnect's
   * autoDownload); without it, or when it gives nothing (too large, expired), they carry what the
   * renderer put there (a thumbnail).
   */
  media?: WebhookMediaSource;
  /** Prometheus metrics (deliveries, attempts, dead letters, latency, queue depths); none when absent. */
  metrics?: DispatcherMetrics;
}

/** Where the dispatcher gets a message's file (the download-media command, bounded by size). */
export interface WebhookMediaSource {
  /** The file, or undefined when it is not to be sent (over the size bound); rejects when it cannot be had. */
  download(
    instance: string,
    message: { id: string; chat?: string; size?: number },
  ): Promise<WebhookMediaFile | undefined>;
}

const DEFAULT_SETTINGS_CHECK_MS = 2_000;

/** The outcome of a delivery whose instance has no webhook any more (switched off, removed, deleted). */
export const WEBHOOK_OFF = 'not sent: the webhook is switched off or has no URL';

/**
 * Durable webhook delivery. Events come in (from the event log, or straight from a publisher in
 * the standalone process) and are rendered in the instance's dialect into the outbox before they
 * are acknowledged. Senders then drain the outbox: per instance in order, one POST at a time;
 * instances in parallel; each POST signed, retried with backoff on network errors, 5xx, 408 and
 * 429, and a dead letter after the last attempt. Outcomes are written in batches.
 */
export class WebhookDispatcher {
  private readonly ingestWriter: BatchWriter<DeliveryRecord>;
  private readonly outcomeWriter: BatchWriter<DeliveryOutcome>;
  /** Instances that may have work, waiting for a sender. */
  private readonly ready = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly wakeups = new Map<string, NodeJS.Timeout>();
  /** Instances this dispatcher holds a claim on, and until when. */
  private readonly claimed = new Map<string, number>();
  private subscription?: Subscription;
  private poller?: NodeJS.Timeout;
  private purger?: NodeJS.Timeout;
  private stopping = false;
  /** Counters for health and benchmarks. */
  readonly stats = { enqueued: 0, delivered: 0, retried: 0, dead: 0 };

  constructor(
    private readonly o: DispatcherOptions,
    private readonly d: DispatcherDeps,
  ) {
    const log = (what: string) => (err: unknown, attempt: number) =>
      this.d.logger.error({ err, attempt }, `webhook outbox: ${what} failed, retrying`);
    this.ingestWriter = new BatchWriter((items) => this.d.deliveries.enqueue(items), log('enqueue'));
    this.outcomeWriter = new BatchWriter(
      (items) => this.d.deliveries.record(items),
      log('recording outcomes'),
    );
    this.d.metrics?.watch(() => ({
      readyInstances: this.ready.size,
      runningSenders: this.running.size,
      claimedInstances: this.claimed.size,
      ingestPending: this.ingestWriter.pending,
      outcomesPending: this.outcomeWriter.pending,
    }));
  }

  /** Starts the senders (and, with an event log, the durable consumer). */
  async start(events?: EventLog): Promise<void> {
    for (const instance of await this.d.deliveries.pendingInstances()) this.markReady(instance);
    this.poller = setInterval(() => void this.poll(), this.o.pollMs);
    this.purger = setInterval(() => void this.purge(), Math.min(this.o.retentionMs, 10 * 60_000));
    if (events) {
      this.subscription = await events.consumeBatches<EventEnvelope>(
        { durable: this.o.durable, filter: 'zg.evt.>', maxBatch: this.o.batchSize, ackWaitMs: 10_000 },
        (batch) => this.ingest(batch),
      );
    }
  }

  /**
   * Stops consuming, lets deliveries in flight finish (what is not finished stays pending in the
   * outbox, or unacknowledged in the log), writes their outcomes and releases the claims.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.poller);
    clearInterval(this.purger);
    await this.subscription?.unsubscribe();
    for (const t of this.wakeups.values()) clearTimeout(t);
    await Promise.all(this.running.values());
    await this.ingestWriter.close();
    await this.outcomeWriter.close();
    await Promise.all(
      [...this.claimed.keys()].map((i) => this.d.deliveries.release(i, this.o.owner).catch(() => undefined)),
    );
  }

  /** Renders events into the outbox; resolves once they are stored (then they may be acknowledged). */
  async ingest(events: StoredEvent<EventEnvelope>[]): Promise<void> {
    const records = new Map<string, InstanceRecord | undefined>();
    for (const key of new Set(events.map((e) => e.data.instance)))
      records.set(key, await this.d.instances.get(key));
    const out: DeliveryRecord[] = [];
    for (const event of events) {
      const envelope = event.data;
      let record = records.get(envelope.instance);
      if (!record) continue; // deleted instance: nobody to tell
      if (envelope.event === 'connection-changed') {
        record = await this.rememberAccount(record, envelope as EventEnvelope<'connection-changed'>);
        records.set(envelope.instance, record);
      }
      out.push(...(await this.render(event.seq, envelope, record)));
    }
    await this.ingestWriter.add(out);
    this.stats.enqueued += out.length;
    this.d.metrics?.enqueued.inc(out.length);
    for (const instance of new Set(out.map((r) => r.instance))) this.markReady(instance);
  }

  /**
   * Where an instance's webhooks go now: its own URL when switched on, else the global one when
   * it has no URL and its dialect uses the global one.
   */
  private targetUrl(record: InstanceRecord | undefined): string | undefined {
    if (!record) return undefined;
    if (record.webhook?.enabled && record.webhook.url) return record.webhook.url;
    return this.d.dialects[record.dialect].usesGlobalUrl && !record.webhook?.url
      ? this.o.defaultWppUrl
      : undefined;
  }

  private async render(
    seq: number,
    envelope: EventEnvelope,
    record: InstanceRecord,
  ): Promise<DeliveryRecord[]> {
    const url = this.targetUrl(record);
    if (!url) return [];
    const dialect = this.d.dialects[record.dialect];
    let rendered: RenderedWebhook[];
    try {
      rendered = dialect.render(envelope, {
        key: record.key,
        ...(record.account ? { me: record.account } : {}),
      });
    } catch (err) {
      this.d.logger.error({ err, instance: record.key, event: envelope.event }, 'webhook renderer failed');
      return [];
    }
    const now = new Date().toISOString();
    const kept = rendered
      .map((r, part) => ({ r, part }))
      .filter(
        ({ r }) =>
          eventAllowed(r.event, record.webhook?.events) &&
          !dialect.skip?.(r, record.webhook) &&
          (!dialect.offByDefault?.includes(r.event) || !!record.webhook?.events?.includes(r.event)),
      );
    if (dialect.media && this.d.media)
      for (const k of kept) k.r = await this.withMedia(dialect.media, k.r, envelope);
    return kept.map(({ r, part }) => ({
      id: part === 0 ? envelope.id : `${envelope.id}-${part}`,
      instance: record.key,
      seq,
      part,
      eventId: envelope.id,
      eventName: envelope.event,
      event: r.event,
      url,
      body: JSON.stringify(r.body),
      status: 'pending' as const,
      attempts: 0,
      nextAt: 0,
      createdAt: envelope.at,
      updatedAt: now,
    }));
  }

  /** The POST with the message's file in, when the dialect wants it and it can be had; else as rendered. */
  private async withMedia(
    rule: WebhookMediaRule,
    webhook: RenderedWebhook,
    envelope: EventEnvelope,
  ): Promise<RenderedWebhook> {
    const wanted = rule.wants(webhook, envelope);
    if (!wanted) return webhook;
    try {
      const file = await this.d.media!.download(envelope.instance, wanted);
      return file ? rule.apply(webhook, file) : webhook;
    } catch (err) {
      this.d.logger.warn(
        { err, instance: envelope.instance, messageId: wanted.id },
        'the file of a media message could not be put in its webhook; it carries the thumbnail',
      );
      return webhook;
    }
  }

  private async rememberAccount(
    record: InstanceRecord,
    envelope: EventEnvelope<'connection-changed'>,
  ): Promise<InstanceRecord> {
    const me = envelope.data.me;
    if (
      !me ||
      (record.account?.id === me.id && record.account?.lid === me.lid && record.account?.name === me.name)
    )
      return record;
    const account = { id: me.id, ...(me.lid ? { lid: me.lid } : {}), ...(me.name ? { name: me.name } : {}) };
    return (await this.d.instances.update(record.key, { account })) ?? { ...record, account };
  }

  private markReady(instance: string): void {
    if (this.stopping) return;
    this.ready.add(instance);
    this.schedule();
  }

  private schedule(): void {
    for (const instance of this.ready) {
      if (this.stopping || this.running.size >= this.o.concurrency) return;
      if (this.running.has(instance)) continue;
      this.ready.delete(instance);
      const run = this.drainInstance(instance)
        .catch((err) => {
          this.d.logger.error({ err, instance }, 'webhook sender failed; retrying soon');
          this.wakeAt(instance, Date.now() + 1_000);
        })
        .finally(() => {
          this.running.delete(instance);
          this.schedule();
        });
      this.running.set(instance, run);
    }
  }

  /** Sends an instance's pending deliveries in order until none is due. */
  private async drainInstance(instance: string): Promise<void> {
    while (!this.stopping) {
      if (!(await this.holdClaim(instance))) return;
      const batch = await this.d.deliveries.nextFor(instance, 500);
      if (!batch.length) {
        await this.d.deliveries.release(instance, this.o.owner);
        this.claimed.delete(instance);
        return;
      }
      // the settings of now, not those of when the deliveries were queued (read again as they age)
      let record = await this.d.instances.get(instance);
      let readAt = Date.now();
      const outcomes: DeliveryOutcome[] = [];
      let blocked: { until: number; url: string } | undefined;
      let lostClaim = false;
      for (const delivery of batch) {
        if (this.stopping) break;
        if (delivery.attempts > 0 || Date.now() - readAt >= this.settingsCheckMs) {
          record = await this.d.instances.get(instance);
          readAt = Date.now();
        }
        // backing off from a URL that is no longer the webhook's: due now, to the new one
        if (delivery.nextAt > Date.now() && delivery.url === this.targetUrl(record)) {
          blocked = { until: delivery.nextAt, url: delivery.url };
          break;
        }
        // a batch to a slow receiver can outlast the claim: renewed here, before each POST, or
        // another replica could take the instance over and send the same deliveries alongside
        if (!(await this.holdClaim(instance))) {
          lostClaim = true;
          break;
        }
        const outcome = await this.attempt(delivery, record);
        outcomes.push(outcome);
        if (outcome.status === 'pending') {
          blocked = { until: outcome.nextAt!, url: delivery.url };
          break; // in order: nothing later goes before this one
        }
      }
      await this.outcomeWriter.add(outcomes);
      if (lostClaim) return;
      if (blocked) {
        this.backOff(instance, blocked.until, blocked.url);
        return;
      }
    }
  }

  /**
   * Holds the claim on an instance for at least half its TTL (longer than one POST can take),
   * renewing it (a store write) only once half of it is used up. False, with a look scheduled for
   * when it may have lapsed, if another replica holds it.
   */
  private async holdClaim(instance: string): Promise<boolean> {
    const until = this.claimed.get(instance);
    if (until !== undefined && until - Date.now() >= this.o.claimTtlMs / 2) return true;
    const now = Date.now();
    if (!(await this.d.deliveries.claim(instance, this.o.owner, this.o.claimTtlMs))) {
      this.claimed.delete(instance);
      this.wakeAt(instance, Date.now() + this.o.claimTtlMs);
      return false;
    }
    this.claimed.set(instance, now + this.o.claimTtlMs);
    return true;
  }

  /** One POST of a delivery to the instance's webhook as it is configured now, signed with its secret. */
  private async attempt(
    delivery: DeliveryRecord,
    record: InstanceRecord | undefined,
  ): Promise<DeliveryOutcome> {
    const at = new Date();
    const url = this.targetUrl(record);
    const moved = url !== undefined && url !== delivery.url ? { url } : {};
    let result: AttemptResult;
    if (!url) {
      result = { error: WEBHOOK_OFF, fatal: true };
    } else {
      delivery.url = url;
      const secret = this.openSecret(record!);
      const timestamp = String(Math.floor(at.getTime() / 1000));
      result =
        typeof secret === 'object'
          ? secret
          : await this.d.sender.post(
              url,
              {
                'content-type': 'application/json',
                'user-agent': 'zapgate-webhooks',
                [WEBHOOK_HEADERS.id]: delivery.id,
                [WEBHOOK_HEADERS.event]: delivery.event,
                [WEBHOOK_HEADERS.timestamp]: timestamp,
                ...(secret
                  ? { [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, delivery.body) }
                  : {}),
              },
              delivery.body,
              this.o.timeoutMs,
            );
    }
    if (result.detail)
      this.d.logger.warn(
        { instance: delivery.instance, id: delivery.id, host: hostOf(url), cause: result.detail },
        'webhook attempt got no answer',
      );
    const attempt = {
      deliveryId: delivery.id,
      instance: delivery.instance,
      at: at.toISOString(),
      ...(result.latencyMs !== undefined ? { latencyMs: result.latencyMs } : {}),
      ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
      ...(result.error
        ? { error: result.error }
        : !isSuccess(result)
          ? { error: `HTTP ${result.statusCode}` }
          : {}),
    };
    if (isSuccess(result)) {
      this.stats.delivered++;
      this.d.metrics?.attempt('delivered', result.latencyMs);
      return { attempt, status: 'delivered', ...moved };
    }
    const attempts = delivery.attempts + 1;
    if (isRetryable(result) && attempts < this.o.retry.maxAttempts) {
      this.stats.retried++;
      this.d.metrics?.attempt('retry', result.latencyMs);
      const nextAt = Date.now() + retryDelayMs(this.o.retry, attempts, result.retryAfterMs);
      // the in-memory copy moves on too, in case the same batch is looked at again
      delivery.attempts = attempts;
      delivery.nextAt = nextAt;
      return { attempt, status: 'pending', nextAt, ...moved };
    }
    this.stats.dead++;
    this.d.metrics?.attempt('dead', result.latencyMs);
    this.d.logger.warn(
      {
        instance: delivery.instance,
        id: delivery.id,
        attempts,
        statusCode: result.statusCode,
        error: result.error,
        ...(result.detail ? { cause: result.detail } : {}),
      },
      'webhook delivery is a dead letter',
    );
    return { attempt, status: 'dead', ...moved };
  }

  /**
   * The instance's signing secret in the clear (undefined when it has none), or, when a sealed one
   * does not open, a retryable failure: nothing goes out unsigned that should be signed.
   */
  private openSecret(record: InstanceRecord): string | undefined | AttemptResult {
    const stored = record.webhookSecret;
    if (!stored) return undefined;
    try {
      if (this.d.secrets) return this.d.secrets.open(record.key, stored);
      if (!WebhookSecretBox.isSealed(stored)) return stored;
      throw new SecretDecryptionError(
        'the webhook secret is sealed, and no ZG_DATA_KEY was given to open it',
      );
    } catch (err) {
      const message = err instanceof SecretDecryptionError ? err.message : String(err);
      this.d.logger.error({ instance: record.key, err }, 'cannot open the webhook secret; not sending');
      return { error: `not sent: ${message}` };
    }
  }

  private get settingsCheckMs(): number {
    return this.o.settingsCheckMs ?? DEFAULT_SETTINGS_CHECK_MS;
  }

  /**
   * Waits out the backoff of an instance's first pending delivery, looking at the instance's
   * webhook every settingsCheckMs meanwhile: once its URL is not the one the delivery failed at,
   * the instance is sent again at once (to the new URL).
   */
  private backOff(instance: string, until: number, url: string): void {
    const checkAt = Date.now() + this.settingsCheckMs;
    if (until <= checkAt) return this.wakeAt(instance, until);
    this.wakeAt(instance, checkAt, async () => {
      try {
        if (this.targetUrl(await this.d.instances.get(instance)) !== url) return this.markReady(instance);
      } catch (err) {
        this.d.logger.warn({ err, instance }, 'webhook settings check failed');
      }
      this.backOff(instance, until, url);
    });
  }

  /** At `at`, the instance is ready to send again (or `then` decides). */
  private wakeAt(instance: string, at: number, then?: () => Promise<void>): void {
    if (this.stopping) return;
    clearTimeout(this.wakeups.get(instance));
    const timer = setTimeout(
      () => {
        this.wakeups.delete(instance);
        if (this.stopping) return;
        if (then) void then();
        else this.markReady(instance);
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref?.();
    this.wakeups.set(instance, timer);
  }

  /** Work queued elsewhere (replays from the API, other replicas, backoffs of a crashed one). */
  private async poll(): Promise<void> {
    try {
      for (const instance of await this.d.deliveries.pendingInstances())
        if (!this.running.has(instance) && !this.wakeups.has(instance)) this.markReady(instance);
    } catch (err) {
      this.d.logger.warn({ err }, 'webhook outbox poll failed');
    }
  }

  private async purge(): Promise<void> {
    try {
      await this.d.deliveries.purgeDelivered(new Date(Date.now() - this.o.retentionMs).toISOString());
    } catch (err) {
      this.d.logger.warn({ err }, 'webhook outbox purge failed');
    }
  }
}

/** The host of a URL for the server log (its path and query string may hold the user's tokens). */
function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}
