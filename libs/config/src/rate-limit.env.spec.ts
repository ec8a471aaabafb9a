import { BaseEnv } from './base-env.js';
import { EnvValidationError, loadEnv } from './load-env.js';
import { rateLimitFrom, WithRateLimit } from './rate-limit.env.js';

class Env extends WithRateLimit(BaseEnv) {}

describe(WithRateLimit.name, () => {
  it('is off by default', () => {
    const env = loadEnv(Env, {});
    expect(env.ZG_RATE_LIMIT).toBe(0);
    expect(env.ZG_RATE_LIMIT_BURST).toBeUndefined();
    expect(rateLimitFrom(env)).toBeUndefined();
  });

  it('reads a rate, with a burst equal to it unless set', () => {
    expect(rateLimitFrom(loadEnv(Env, { ZG_RATE_LIMIT: '50' }))).toEqual({ perSecond: 50, burst: 50 });
    expect(rateLimitFrom(loadEnv(Env, { ZG_RATE_LIMIT: '50', ZG_RATE_LIMIT_BURST: '200' }))).toEqual({
      perSecond: 50,
      burst: 200,
    });
    expect(rateLimitFrom(loadEnv(Env, { ZG_RATE_LIMIT: '5', ZG_RATE_LIMIT_BURST: '0' }))).toEqual({
      perSecond: 5,
      burst: 0,
    });
  });

  it.each([
    ['ZG_RATE_LIMIT', 'lots'],
    ['ZG_RATE_LIMIT', '-1'],
    ['ZG_RATE_LIMIT', '2.5'],
    ['ZG_RATE_LIMIT_BURST', 'many'],
    ['ZG_RATE_LIMIT_BURST', '-3'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadEnv(Env, { [name]: value })).toThrow(EnvValidationError);
    expect(() => loadEnv(Env, { [name]: value })).toThrow(new RegExp(name));
  });
});
