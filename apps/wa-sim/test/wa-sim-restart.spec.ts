import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, type RunningProcess } from '@zapgate/testing';

// `npm run sim` (the process from dist/: `npm run build` first) with WA_SIM_DATA_DIR and a fixed
// WA_SIM_WS_PORT, restarted: what the shards were given (URL and trust root) stays valid, and the
// phones are back.
const MAIN = fileURLToPath(new URL('../../../dist/apps/wa-sim/src/main.js', import.meta.url));

describe('wa-sim restarted with WA_SIM_DATA_DIR', () => {
  let dir: string;
  let running: RunningProcess | undefined;
  afterAll(async () => {
    await running?.kill();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('keeps its trust root, its websocket URL and its phones', async () => {
    expect(existsSync(MAIN)).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'zg-wa-sim-restart-'));
    const [port, wsPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    const start = async () => {
      running = await startProcess({
        name: 'wa-sim',
        entry: MAIN,
        env: {
          WA_SIM_PORT: String(port),
          WA_SIM_WS_PORT: String(wsPort),
          WA_SIM_DATA_DIR: join(dir, 'wa-sim'),
          WA_SIM_LOG_LEVEL: 'warn',
        },
        readyUrl: `${base}/sandbox/trust`,
      });
    };
    const get = async (path: string) => (await fetch(`${base}${path}`)).json() as Promise<unknown>;

    await start();
    const trust = await get('/sandbox/trust');
    const created = await fetch(`${base}/sandbox/phones`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number: '5511930000001', name: 'Kept' }),
    });
    expect(created.status).toBe(201);
    const phones = await get('/sandbox/phones');
    expect(await running!.stop()).toEqual({ code: 0, signal: null });

    await start();
    expect(await get('/sandbox/trust')).toEqual(trust);
    expect(await get('/sandbox/phones')).toEqual(phones);
  });
});
