export interface ShutdownOptions {
  /** Exit anyway after this long, so a stuck step cannot hang a pod until it is killed (default 25 s). */
  timeoutMs?: number;
  log?: (err: unknown) => void;
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits: 0 when it finished, 1 when it failed or ran
 * past its time limit. Apps exit explicitly because Baileys leaves a 30 s timer behind every
 * prekey upload.
 */
export function onShutdownSignal(stop: () => Promise<void>, options: ShutdownOptions = {}): void {
  const log = options.log ?? console.error;
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      const limit = setTimeout(() => {
        log(new Error(`shutdown did not finish within ${options.timeoutMs ?? 25_000} ms; exiting`));
        process.exit(1);
      }, options.timeoutMs ?? 25_000);
      limit.unref();
      void stop().then(
        () => process.exit(0),
        (err: unknown) => {
          log(err);
          process.exit(1);
        },
      );
    });
  }
}
