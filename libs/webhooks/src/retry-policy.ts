/** How failed attempts are retried: exponential backoff with jitter, Retry-After honoured. */
export interface RetryPolicy {
  /** Attempts in all (the first one included) before a delivery is a dead letter. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * What the delivery log says of every attempt that got no HTTP answer, whatever the cause (refused,
 * reset, timed out, DNS failure): the log is readable with an instance token, and must not tell a
 * closed port from an open one (a port scanner). The cause goes to the server log only.
 */
export const CONNECTION_FAILED = 'connection failed';

/** What one attempt came to. */
export interface AttemptResult {
  statusCode?: number;
  /** What the delivery log shows: CONNECTION_FAILED, or why the URL policy refused the target. */
  error?: string;
  /** The cause in detail (error code, timeout, resolved address), for the server log only. */
  detail?: string;
  /** Never retried (an address the URL policy refuses). */
  fatal?: boolean;
  /** From a Retry-After header, in ms. */
  retryAfterMs?: number;
  /** Time to the answer; absent when there was none (the log must not time a connection failure). */
  latencyMs?: number;
}

/** Network errors, timeouts, 5xx, 408 and 429 are worth another try; other answers are final. */
export function isRetryable(r: AttemptResult): boolean {
  if (r.fatal) return false;
  if (r.statusCode === undefined) return true;
  return r.statusCode >= 500 || r.statusCode === 408 || r.statusCode === 429;
}

export function isSuccess(r: AttemptResult): boolean {
  return r.statusCode !== undefined && r.statusCode >= 200 && r.statusCode < 300;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: base * 2^(attempt-1), capped, with
 * "equal jitter" (half fixed, half random) so retries of many instances spread out; never less
 * than what Retry-After asked for.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(Math.round(jittered), retryAfterMs ?? 0);
}

/** `Retry-After` as ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
