import { isRetryable, parseRetryAfter, retryDelayMs } from './retry-policy.js';

describe(retryDelayMs.name, () => {
  const policy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 8_000 };

  it('doubles per attempt up to the cap, with half of it random', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, undefined, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, undefined, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
  });

  it('never waits less than Retry-After asked', () => {
    expect(retryDelayMs(policy, 1, 30_000, () => 0)).toBe(30_000);
  });
});

describe(parseRetryAfter.name, () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-23T04:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 04:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe(isRetryable.name, () => {
  it('retries network errors, 5xx, 408 and 429 only', () => {
    expect(isRetryable({ error: 'ECONNREFUSED', latencyMs: 1 })).toBe(true);
    for (const statusCode of [500, 502, 503, 408, 429])
      expect(isRetryable({ statusCode, latencyMs: 1 })).toBe(true);
    for (const statusCode of [400, 401, 403, 404, 410, 301])
      expect(isRetryable({ statusCode, latencyMs: 1 })).toBe(false);
    expect(isRetryable({ error: 'refused by the URL policy', fatal: true, latencyMs: 0 })).toBe(false);
  });
});
