import type { MessageRepository } from './messages.ports.js';

const DAY_MS = 86_400_000;

export interface MessageRetentionOptions {
  /** How long messages are kept, by their WhatsApp timestamp (`ZG_MESSAGE_RETENTION_DAYS`); 0 keeps them forever. */
  days: number;
  /** Time from the end of one sweep to the start of the next (ms); default one hour. */
  intervalMs?: number;
  /** Messages deleted per step; default 1,000 (a step is one short statement). */
  batchSize?: number;
  /** The clock, in ms since the epoch; default `Date.now`. */
  now?: () => number;
  /** Told how many messages each sweep deleted (for logs and metrics). */
  onSweep?: (deleted: number) => void;
  /** Told when a sweep fails; the next one still runs. */
  onError?: (err: unknown) => void;
}

/**
 * Removes messages older than the retention from the message store: a sweep right after `start`,
 * then one every `intervalMs`, each deleting in batches of `batchSize` with a turn of the event
 * loop between batches, so a large backlog never holds the store (or the embedded store's event
 * loop) for long. `stop` ends the schedule and waits for a sweep under way, which ends after its
 * current batch.
 */
export class MessageRetention {
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private halted = true;

  constructor(
    private readonly messages: MessageRepository,
    private readonly options: MessageRetentionOptions,
  ) {
    if (!(options.days >= 0) || !Number.isFinite(options.days))
      throw new RangeError(`message retention days must be 0 (keep forever) or more, not ${options.days}`);
    this.intervalMs = options.intervalMs ?? 3_600_000;
    this.batchSize = Math.max(1, Math.trunc(options.batchSize ?? 1_000));
    this.now = options.now ?? Date.now;
  }

  /** False when messages are kept forever (days 0): `start` then does nothing. */
  get enabled(): boolean {
    return this.options.days > 0;
  }

  start(): void {
    if (!this.enabled || !this.halted) return;
    this.halted = false;
    this.schedule(0);
  }

  /** Deletes every message older than the retention, batch by batch; returns how many. */
  async sweep(): Promise<number> {
    if (!this.enabled) return 0;
    const cutoff = this.now() - this.options.days * DAY_MS;
    let deleted = 0;
    for (;;) {
      const n = await this.messages.deleteOlderThan(cutoff, this.batchSize);
      deleted += n;
      if (n < this.batchSize || this.stopping) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.options.onSweep?.(deleted);
    return deleted;
  }

  async stop(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Whether `stop` was called on a started schedule (a sweep then ends after its batch). */
  private get stopping(): boolean {
    return this.halted && this.running !== undefined;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => {
          this.running = undefined;
          if (!this.halted) this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
