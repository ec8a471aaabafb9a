import { loadEnv } from '@zapgate/config';
import { startStandalone } from './standalone.js';
import { StandaloneEnv } from './standalone.env.js';

const running = await startStandalone(loadEnv(StandaloneEnv));
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    // Baileys leaves a 30 s timer per prekey upload, so exit explicitly once everything is closed.
    void running.stop().finally(() => process.exit(0));
  });
}
