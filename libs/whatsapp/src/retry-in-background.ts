/** How `retryInBackground` tries again. */
export interface BackgroundRetry {
  /** Waits before each further try; one try per entry, then it gives up. */
  delaysMs: readonly number[];
  /** A try failed (`tries`: how many so far) and another one follows. */
  onRetry?: (err: unknown, tries: number) => void;
  /** The last try failed too: nothing more is tried. */
  onGiveUp: (err: unknown, tries: number) => void;
  /** A try after the first succeeded. */
  onRecovered?: (tries: number) => void;
}

/**
 * Tries an idempotent `task` again, off the caller's path, after each of `delaysMs` until it
 * succeeds or the delays run out (a bounded retry of a write its storage refused for a while, such
 * as a database restarting). The first try has already failed with `firstError`. The timers do not
 * hold the process open; `cancel` stops further tries.
 */
export function retryInBackground(
  task: () => Promise<void>,
  firstError: unknown,
  o: BackgroundRetry,
): { cancel(): void; done: Promise<boolean> } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  let wake: (() => void) | undefined;
  const done = (async () => {
    let err = firstError;
    for (let i = 0; i < o.delaysMs.length; i++) {
      o.onRetry?.(err, i + 1);
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, o.delaysMs[i]);
        timer.unref?.();
      });
      if (cancelled) return false;
      try {
        await task();
        o.onRecovered?.(i + 2);
        return true;
      } catch (e) {
        err = e;
      }
    }
    o.onGiveUp(err, o.delaysMs.length + 1);
    return false;
  })();
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
      wake?.();
    },
    done,
  };
}
