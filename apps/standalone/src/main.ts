import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { startStandalone } from './standalone.js';
import { StandaloneEnv } from './standalone.env.js';

const running = await startStandalone(loadEnv(StandaloneEnv));
onShutdownSignal(() => running.stop());
