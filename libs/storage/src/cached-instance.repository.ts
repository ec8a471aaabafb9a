import { InstanceRepository, type InstancePatch, type InstanceRecord } from './ports.js';

/** Told by an `InstanceChangeFeed`. */
export interface InstanceChangeListener {
  /** The instance was written (by any process, this one included). */
  changed(key: string): void;
  /**
   * Notices may have been missed (the feed was cut off, came back, or dropped some): anything
   * learnt before may be stale. Also called on every change of `connected`.
   */
  reset(): void;
}

/**
 * "Instance <key> changed" notices between processes sharing one instance store (NATS core
 * pub/sub in the distributed services, `NatsInstanceChangeFeed` in `@zapgate/transport`). Nothing
 * is stored: a notice reaches the subscribers connected when it is published, and a subscriber
 * that was not connected learns it through `reset`.
 */
export abstract class InstanceChangeFeed {
  /** Whether notices are arriving now; while false, nothing learnt from the store may be reused. */
  abstract readonly connected: boolean;
  /** Tells every subscriber (in every process) that the instance was written. */
  abstract publish(key: string): Promise<void>;
  /** Resolves once notices published from now on reach the listener. */
  abstract subscribe(listener: InstanceChangeListener): Promise<{ unsubscribe(): Promise<void> }>;
}

export interface CachedInstancesOptions {
  /** An entry is read again after this, notice or not (default 5,000 ms). */
  maxAgeMs?: number;
  /** Most instances kept; past it the oldest stored goes first (default 10,000). */
  maxEntries?: number;
  /** Milliseconds, for tests (default `performance.now`). */
  now?: () => number;
  /** A notice that could not be published (the write itself succeeded). */
  onPublishError?: (err: unknown, key: string) => void;
}

interface Entry {
  record: InstanceRecord | undefined;
  at: number;
}

/**
 * An `InstanceRepository` that keeps what it read across requests, exact as long as every write
 * goes through a `CachedInstanceRepository` on the same feed: a write publishes a notice and every
 * process drops the instance on it. Absent instances are kept too (unknown tokens cost no read).
 * A read in flight when a notice (or a reset) arrives is not kept: each read is recorded while in
 * flight and a notice removes its record, so only a read still recorded when it completes is
 * stored (a stale value can never be stored after the invalidation that should have removed it).
 * Entries also expire after `maxAgeMs`, bounding the harm of a notice lost some other way. While
 * the feed is disconnected, every read goes to the store and nothing is kept; the cache is emptied
 * when it disconnects and again when it reconnects. Callers get their own copy of each record.
 * `list` is not cached.
 */
export class CachedInstanceRepository extends InstanceRepository {
  private readonly entries = new Map<string, Entry>();
  /** The read in flight per instance; removed by a notice so that its result is not kept. */
  private readonly reads = new Map<string, Promise<InstanceRecord | undefined>>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private subscription?: { unsubscribe(): Promise<void> };

  private constructor(
    private readonly inner: InstanceRepository,
    private readonly feed: InstanceChangeFeed,
    private readonly options: CachedInstancesOptions,
  ) {
    super();
    this.maxAgeMs = options.maxAgeMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The cache over `inner`, once subscribed to the feed. */
  static async open(
    inner: InstanceRepository,
    feed: InstanceChangeFeed,
    options: CachedInstancesOptions = {},
  ): Promise<CachedInstanceRepository> {
    const cache = new CachedInstanceRepository(inner, feed, options);
    cache.subscription = await feed.subscribe({
      changed: (key) => cache.forget(key),
      reset: () => cache.clear(),
    });
    return cache;
  }

  /** Stops following the feed and empties the cache (reads go through from then on). */
  async close(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    this.clear();
    await subscription?.unsubscribe();
  }

  /** How many instances are kept (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<InstanceRecord | undefined> {
    if (!this.subscription || !this.feed.connected) return this.inner.get(key);
    const entry = this.entries.get(key);
    if (entry) {
      if (this.now() - entry.at < this.maxAgeMs) return copy(entry.record);
      this.entries.delete(key);
    }
    let read = this.reads.get(key);
    if (!read) {
      const at = this.now();
      const started = this.inner.get(key);
      read = started;
      this.reads.set(key, started);
      started.then(
        (record) => {
          if (this.reads.get(key) !== started) return; // a notice or reset came meanwhile
          this.reads.delete(key);
          if (this.feed.connected) this.store(key, { record, at });
        },
        () => this.reads.get(key) === started && this.reads.delete(key),
      );
    }
    return copy(await read);
  }

  list(): Promise<InstanceRecord[]> {
    return this.inner.list();
  }

  create(record: InstanceRecord): Promise<boolean> {
    return this.write(
      record.key,
      () => this.inner.create(record),
      (created) => created,
    );
  }

  update(key: string, patch: InstancePatch): Promise<InstanceRecord | undefined> {
    return this.write(
      key,
      () => this.inner.update(key, patch),
      (updated) => updated !== undefined,
    );
  }

  delete(key: string): Promise<boolean> {
    return this.write(
      key,
      () => this.inner.delete(key),
      (deleted) => deleted,
    );
  }

  /**
   * Writes, then drops the instance here and tells the other processes. A write that threw may
   * still have been applied (a reply lost), so it is announced too.
   */
  private async write<T>(key: string, apply: () => Promise<T>, happened: (result: T) => boolean): Promise<T> {
    let result: T;
    try {
      result = await apply();
    } catch (err) {
      this.forget(key);
      await this.announce(key);
      throw err;
    }
    this.forget(key);
    if (happened(result)) await this.announce(key);
    return result;
  }

  /**
   * A notice that cannot be published is logged and ignored: the write stands, and the other
   * processes serve the old record for at most `maxAgeMs` (their entries expire).
   */
  private async announce(key: string): Promise<void> {
    try {
      await this.feed.publish(key);
    } catch (err) {
      this.options.onPublishError?.(err, key);
    }
  }

  private forget(key: string): void {
    this.entries.delete(key);
    this.reads.delete(key);
  }

  private clear(): void {
    this.entries.clear();
    this.reads.clear();
  }

  private store(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

function copy(record: InstanceRecord | undefined): InstanceRecord | undefined {
  return record && structuredClone(record);
}
