import { DomainError, ErrorCode } from '@zapgate/contracts';

export interface ConcurrencyLimitOptions {
  /** How many tasks run at once. */
  maxRunning: number;
  /** How many more may wait for a slot; past that a task is refused at once. */
  maxWaiting: number;
  /** How long a task may wait for a slot before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A small semaphore with a bounded, time-limited queue: at most `maxRunning` tasks run, at most
 * `maxWaiting` wait (for at most `maxWaitMs`), and the rest are refused with an `unavailable`
 * domain error (503 in both dialects) instead of piling up.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly options: ConcurrencyLimitOptions,
    private readonly refusal = 'too many requests in progress, retry shortly',
  ) {}

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.maxRunning) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxWaiting) return Promise.reject(this.refuse());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(this.refuse());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // the slot passes straight to the next waiter, so `running` stays the same
    if (next) next.start();
    else this.running--;
  }

  private refuse(): DomainError {
    return new DomainError(ErrorCode.Unavailable, this.refusal);
  }
}
