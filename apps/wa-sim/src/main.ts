import 'reflect-metadata';
import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { createSimLogger, WaSimulator } from '@zapgate/wa-sim';
import { quietLibsignalConsole } from '@zapgate/whatsapp';
import { createWaSimApp } from './wa-sim-app.js';
import { WaSimEnv } from './wa-sim.env.js';

const env = loadEnv(WaSimEnv); // a bad setting: one line on stderr, exit 1
const logger = createSimLogger(env.WA_SIM_LOG_LEVEL);
// the phones' Signal sessions: what libsignal prints (their private keys) goes to the debug log as one line
quietLibsignalConsole({ log: (line) => logger.debug(line) });
const sim = await WaSimulator.start({
  host: env.WA_SIM_HOST,
  port: env.WA_SIM_WS_PORT,
  logger,
  stateDir: env.WA_SIM_DATA_DIR,
  mediaPort: env.WA_SIM_MEDIA_PORT,
  mediaHostname: env.WA_SIM_MEDIA_HOSTNAME,
  maxMediaBytes: env.WA_SIM_MAX_MEDIA_BYTES,
});
const app = await createWaSimApp(sim);
await app.listen(env.WA_SIM_PORT, env.WA_SIM_HOST);
const controlApi = `http://${env.WA_SIM_HOST}:${env.WA_SIM_PORT}`;
logger.info(
  { controlApi, docs: `${controlApi}/docs`, waWebSocketUrl: sim.url, mediaHost: sim.mediaAuthority },
  'simulator ready',
);

onShutdownSignal(async () => {
  logger.info('stopping');
  // together: a request waiting on the simulator ends when the simulator stops
  await Promise.all([app.close(), sim.stop()]);
});
