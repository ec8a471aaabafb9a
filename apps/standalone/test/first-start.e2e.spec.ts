import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, type RunningProcess } from '@zapgate/testing';

// The first `npm run sandbox` with no tokens set (the process from dist/: `npm run build` first):
// the generated secrets are in DATA_DIR/secrets.json, where the README sends the user; the log
// names the file and never prints them.
const MAIN = fileURLToPath(new URL('../../../dist/apps/standalone/src/main.js', import.meta.url));

describe('first start with generated secrets', () => {
  let dir: string;
  let running: RunningProcess | undefined;
  afterAll(async () => {
    await running?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('keeps them in DATA_DIR/secrets.json (0600) and logs where, not what', async () => {
    expect(existsSync(MAIN)).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'zg-first-start-'));
    const port = await freePort();
    const env: Record<string, string | undefined> = {
      ZG_SANDBOX: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      LOG_LEVEL: 'info',
      ZG_ADMIN_TOKEN: undefined,
      SECRET_KEY: undefined,
    };
    running = await startProcess({
      name: 'sandbox',
      entry: MAIN,
      env,
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    const file = join(dir, 'secrets.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { adminToken, secretKey } = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    const list = await fetch(`http://127.0.0.1:${port}/rest/instance/list`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(list.status).toBe(200);

    const logs = running.logs();
    expect(logs).toContain(file);
    expect(logs).not.toContain(adminToken);
    expect(logs).not.toContain(secretKey);
  });
});
