// Load shapes the send benchmarks share: a saturating burst at a fixed concurrency, with the CPU
// time the sending side used per message, and latency percentiles.

export interface LoadSummary {
  count: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  /** CPU milliseconds (user + system) the measured side used per message. */
  cpuMsPerMessage?: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export function summary(latencies: number[], elapsedMs: number): LoadSummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: +((sorted.length / elapsedMs) * 1000).toFixed(1),
    p50ms: +pct(sorted, 50).toFixed(2),
    p99ms: +pct(sorted, 99).toFixed(2),
  };
}

/**
 * `count` sends with `concurrency` in flight: throughput, latencies, and the CPU time the sending
 * side used per message (`cpu()`: seconds so far), which holds up better than wall time on a
 * shared machine.
 */
export async function saturate(
  send: () => Promise<void>,
  count: number,
  concurrency: number,
  cpu?: () => number,
): Promise<LoadSummary> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpu?.();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next++ < count) {
        const t = performance.now();
        await send();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const result = summary(latencies, performance.now() - started);
  return cpu ? { ...result, cpuMsPerMessage: +(((cpu() - cpuBefore!) * 1000) / count).toFixed(2) } : result;
}

/** CPU seconds (user + system) this process has used so far. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
