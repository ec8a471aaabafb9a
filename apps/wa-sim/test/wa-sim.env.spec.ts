import { EnvValidationError, loadEnv } from '@zapgate/config';
import { WaSimEnv } from '../src/wa-sim.env.js';

describe(WaSimEnv.name, () => {
  it('defaults to the control API on 21466, a random websocket port, loopback and info logs', () => {
    expect({ ...loadEnv(WaSimEnv, {}) }).toEqual({
      WA_SIM_PORT: 21466,
      WA_SIM_WS_PORT: 0,
      WA_SIM_HOST: '127.0.0.1',
      WA_SIM_LOG_LEVEL: 'info',
    });
    expect(loadEnv(WaSimEnv, { WA_SIM_PORT: '8080', WA_SIM_WS_PORT: '8081' })).toMatchObject({
      WA_SIM_PORT: 8080,
      WA_SIM_WS_PORT: 8081,
    });
  });

  it('names every bad setting', () => {
    const sut = () =>
      loadEnv(WaSimEnv, { WA_SIM_PORT: '0', WA_SIM_HOST: 'somewhere', WA_SIM_LOG_LEVEL: 'loud' });
    expect(sut).toThrow(EnvValidationError);
    expect(sut).toThrow(/WA_SIM_PORT[\s\S]*WA_SIM_HOST[\s\S]*WA_SIM_LOG_LEVEL/);
  });
});
