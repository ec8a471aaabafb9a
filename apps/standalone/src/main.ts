import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { quietLibsignalConsole } from '@zapgate/whatsapp';
import { pino } from 'pino';
import { startStandalone } from './standalone.js';
import { StandaloneEnv } from './standalone.env.js';

const env = loadEnv(StandaloneEnv);
const logger = pino({ level: env.LOG_LEVEL });
// what libsignal prints (sessions with their private keys) goes to the debug log as one line
quietLibsignalConsole({ log: (line) => logger.debug(line) });
const running = await startStandalone(env, logger);
onShutdownSignal(() => running.stop());
