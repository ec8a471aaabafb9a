import { BaseEnv } from './base-env.js';
import { parseByteSize, WithBodyLimit } from './body-limit.env.js';
import { EnvValidationError, loadEnv } from './load-env.js';

class Env extends WithBodyLimit(BaseEnv) {}

describe(WithBodyLimit.name, () => {
  it('defaults to 1 MiB', () => {
    expect(loadEnv(Env, {}).ZG_BODY_LIMIT).toBe(1024 * 1024);
  });

  it.each([
    ['2097152', 2_097_152],
    ['512kb', 512 * 1024],
    ['2mb', 2 * 1024 * 1024],
    ['1.5 MB', 1.5 * 1024 * 1024],
  ])('reads %s as %i bytes', (value, bytes) => {
    const sut = loadEnv(Env, { ZG_BODY_LIMIT: value });
    expect(sut.ZG_BODY_LIMIT).toBe(bytes);
  });

  it.each(['lots', '1tb', '-1mb', '12', '2gb'])('refuses %s', (value) => {
    expect(() => loadEnv(Env, { ZG_BODY_LIMIT: value })).toThrow(EnvValidationError);
    expect(() => loadEnv(Env, { ZG_BODY_LIMIT: value })).toThrow(/ZG_BODY_LIMIT/);
  });
});

describe(parseByteSize.name, () => {
  it('is NaN for what is not a size', () => {
    expect(parseByteSize('1 m b')).toBeNaN();
    expect(parseByteSize(undefined)).toBeNaN();
  });
});
