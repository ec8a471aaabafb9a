import { EnvValidationError, loadEnv } from '@zapgate/config';
import { WaSimEnv } from '../src/wa-sim.env.js';

describe(WaSimEnv.name, () => {
  it('defaults to the control API on 21466, a random websocket port, loopback and info logs', () => {
    expect({ ...loadEnv(WaSimEnv, {}) }).toEqual({
      WA_SIM_PORT: 21466,
      WA_SIM_WS_PORT: 0,
      WA_SIM_HOST: '127.0.0.1',
      WA_SIM_LOG_LEVEL: 'info',
      WA_SIM_MAX_MEDIA_BYTES: 268435456,
    });
    expect(loadEnv(WaSimEnv, { WA_SIM_MEDIA_PORT: '21471', WA_SIM_MEDIA_HOSTNAME: 'wa-sim' })).toMatchObject({
      WA_SIM_MEDIA_PORT: 21471,
      WA_SIM_MEDIA_HOSTNAME: 'wa-sim',
    });
    expect(loadEnv(WaSimEnv, { WA_SIM_PORT: '8080', WA_SIM_WS_PORT: '8081' })).toMatchObject({
      WA_SIM_PORT: 8080,
      WA_SIM_WS_PORT: 8081,
    });
  });

  it('names every bad setting', () => {
    const sut = () =>
      loadEnv(WaSimEnv, {
        WA_SIM_PORT: '0',
        WA_SIM_HOST: 'somewhere',
        WA_SIM_MEDIA_PORT: '70000',
        WA_SIM_MEDIA_HOSTNAME: 'a/b',
        WA_SIM_LOG_LEVEL: 'loud',
      });
    expect(sut).toThrow(EnvValidationError);
    expect(sut).toThrow(
      /WA_SIM_PORT[\s\S]*WA_SIM_HOST[\s\S]*WA_SIM_MEDIA_PORT[\s\S]*WA_SIM_MEDIA_HOSTNAME[\s\S]*WA_SIM_LOG_LEVEL/,
    );
  });
});
