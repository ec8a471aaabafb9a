/** How a BulkPacer waits and reads the clock (tests pass their own). */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}

const REAL_CLOCK: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * Paces the sends of sends to many, per instance: one at a time, each at least a pause after the
 * previous one of the same instance ended (the pause varies by ±jitter, so the rhythm is not a
 * machine's), whichever request they belong to. Other instances are not held up. In memory: a
 * process restart forgets the rhythm (and the bulk requests in flight).
 */
export class BulkPacer {
  /** The last queued send of each instance: the next one runs after it. */
  private readonly tails = new Map<string, Promise<unknown>>();
  /** When each instance may send again. */
  private readonly nextAt = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly jitter: number,
    private readonly clock: PacerClock = REAL_CLOCK,
  ) {}

  /** The pause after one send: delay × (1 ± jitter). */
  pause(): number {
    return Math.max(0, Math.round(this.delayMs * (1 + this.jitter * (2 * this.clock.random() - 1))));
  }

  /** Runs `task` for the instance in turn, after the previous one and its pause. */
  run<T>(instance: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(instance) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined)
      .then(async () => {
        const wait = (this.nextAt.get(instance) ?? 0) - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait);
        try {
          return await task();
        } finally {
          this.nextAt.set(instance, this.clock.now() + this.pause());
        }
      });
    this.tails.set(instance, mine);
    void mine
      .catch(() => undefined)
      .then(() => {
        if (this.tails.get(instance) === mine) this.tails.delete(instance);
      });
    return mine;
  }
}
