import { BaseEnv } from './base-env.js';
import { EnvValidationError, loadEnv } from './load-env.js';
import { WithMessageRetention } from './message-retention.env.js';

class Env extends WithMessageRetention(BaseEnv) {}

describe(WithMessageRetention.name, () => {
  it('keeps messages 30 days by default', () => {
    expect(loadEnv(Env, {}).ZG_MESSAGE_RETENTION_DAYS).toBe(30);
  });

  it.each([
    ['0', 0],
    ['7', 7],
    ['3650', 3650],
  ])('reads %s as %i days', (value, days) => {
    const sut = loadEnv(Env, { ZG_MESSAGE_RETENTION_DAYS: value });
    expect(sut.ZG_MESSAGE_RETENTION_DAYS).toBe(days);
  });

  it.each(['-1', '1.5', 'forever', '36501'])('refuses %s', (value) => {
    expect(() => loadEnv(Env, { ZG_MESSAGE_RETENTION_DAYS: value })).toThrow(EnvValidationError);
    expect(() => loadEnv(Env, { ZG_MESSAGE_RETENTION_DAYS: value })).toThrow(/ZG_MESSAGE_RETENTION_DAYS/);
  });
});
