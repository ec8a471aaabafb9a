import { IsIn, IsInt, Max, Min } from 'class-validator';
import { EnvValidationError, loadEnv } from './load-env.js';

class SampleEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 8080;

  @IsIn(['debug', 'info'])
  LEVEL: string = 'info';
}

describe(loadEnv.name, () => {
  it('applies defaults and converts types', () => {
    expect(loadEnv(SampleEnv, {})).toEqual(Object.assign(new SampleEnv(), { PORT: 8080, LEVEL: 'info' }));
    expect(loadEnv(SampleEnv, { PORT: '9000', LEVEL: 'debug', OTHER: 'ignored' })).toMatchObject({
      PORT: 9000,
      LEVEL: 'debug',
    });
  });

  it('reports every invalid setting at once', () => {
    const sut = () => loadEnv(SampleEnv, { PORT: '70000', LEVEL: 'loud' });
    expect(sut).toThrow(EnvValidationError);
    expect(sut).toThrow(/PORT: PORT must not be greater than 65535[\s\S]*LEVEL: LEVEL must be one of/);
  });
});
