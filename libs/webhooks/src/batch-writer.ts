/**
 * Gathers items from many callers and writes them in one call; each caller's promise resolves
 * when the write that holds its items succeeded. One write at a time (what arrives meanwhile
 * forms the next batch); a failed write is retried with backoff until it succeeds or the writer
 * is closed, so callers never see storage hiccups, only a delay.
 */
export class BatchWriter<T> {
  private queue: { items: T[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private writing = false;
  private closed = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly onError: (err: unknown, attempt: number) => void,
    private readonly maxBatch = 1_000,
    /** How long a batch waits for more items before it is written (0: the current turn only). */
    private readonly lingerMs = 0,
  ) {}

  /** Items waiting for a write (not counting the write in progress). */
  get pending(): number {
    let n = 0;
    for (const q of this.queue) n += q.items.length;
    return n;
  }

  add(items: T[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('writer closed'));
    if (!items.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  /** Waits for what is queued, then refuses more. */
  async close(): Promise<void> {
    while (this.writing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    // let the callers of this turn of the event loop (or of the linger time) join the batch
    await new Promise((r) => (this.lingerMs ? setTimeout(r, this.lingerMs) : setImmediate(r)));
    while (this.queue.length) {
      const taken: typeof this.queue = [];
      let count = 0;
      while (this.queue.length && (count === 0 || count + this.queue[0]!.items.length <= this.maxBatch)) {
        const next = this.queue.shift()!;
        count += next.items.length;
        taken.push(next);
      }
      const items = taken.flatMap((t) => t.items);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.write(items);
          taken.forEach((t) => t.resolve());
          break;
        } catch (err) {
          this.onError(err, attempt);
          if (this.closed) {
            taken.forEach((t) => t.reject(err));
            break;
          }
          await new Promise((r) => setTimeout(r, Math.min(5_000, 50 * 2 ** Math.min(attempt, 7))));
        }
      }
    }
    this.writing = false;
  }
}
