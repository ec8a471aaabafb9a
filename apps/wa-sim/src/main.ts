import 'reflect-metadata';
import { EnvValidationError, loadEnv, onShutdownSignal } from '@zapgate/config';
import { createSimLogger, WaSimulator } from '@zapgate/wa-sim';
import { createWaSimApp } from './wa-sim-app.js';
import { WaSimEnv } from './wa-sim.env.js';

function readEnv(): WaSimEnv {
  try {
    return loadEnv(WaSimEnv);
  } catch (err) {
    if (!(err instanceof EnvValidationError)) throw err;
    console.error(`wa-sim: ${err.message}`);
    process.exit(1);
  }
}

const env = readEnv();
const logger = createSimLogger(env.WA_SIM_LOG_LEVEL);
const sim = await WaSimulator.start({ host: env.WA_SIM_HOST, port: env.WA_SIM_WS_PORT, logger });
const app = await createWaSimApp(sim);
await app.listen(env.WA_SIM_PORT, env.WA_SIM_HOST);
const controlApi = `http://${env.WA_SIM_HOST}:${env.WA_SIM_PORT}`;
logger.info({ controlApi, docs: `${controlApi}/docs`, waWebSocketUrl: sim.url }, 'simulator ready');

onShutdownSignal(async () => {
  logger.info('stopping');
  // together: a request waiting on the simulator ends when the simulator stops
  await Promise.all([app.close(), sim.stop()]);
});
