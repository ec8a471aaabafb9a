/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits. Apps exit explicitly because Baileys leaves
 * a 30 s timer behind every prekey upload.
 */
export function onShutdownSignal(
  stop: () => Promise<void>,
  log: (err: unknown) => void = console.error,
): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop()
        .catch(log)
        .finally(() => process.exit(0));
    });
  }
}
