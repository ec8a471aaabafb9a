// The Dockerfile's steps outside Docker (no engine here): docker/build-app.sh builds and lays out
// the image contents with production dependencies only; each app then starts from that layout
// through the image's entrypoint and passes the image's health check.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  startFerretDb,
  startNatsServer,
  startProcess,
  type RunningFerretDb,
  type RunningNatsServer,
} from '@zapgate/testing';
import { apps, root } from './deploy.js';

const run = promisify(execFile);
const imageApps = ['gateway', 'session-shard', 'webhook-dispatch', 'groups', 'standalone', 'wa-sim'];

describe('image recipe (docker/build-app.sh, start.mjs, healthcheck.mjs)', () => {
  let out: string;
  let nats: RunningNatsServer;
  let mongo: RunningFerretDb;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'zg-image-'));
    [nats, mongo] = await Promise.all([
      startNatsServer(),
      startFerretDb(),
      run('bash', [`${root}docker/build-app.sh`, 'gateway', out], { timeout: 600_000, maxBuffer: 64 << 20 }),
    ]);
  }, 600_000);
  afterAll(async () => {
    await Promise.all([nats?.stop(), mongo?.stop()]);
    await rm(out, { recursive: true, force: true, maxRetries: 5 });
  });

  it('installs production dependencies only', () => {
    expect(existsSync(join(out, 'node_modules/@whiskeysockets/baileys'))).toBe(true);
    expect(existsSync(join(out, 'node_modules/@nestjs/core'))).toBe(true);
    // (typescript is there: @nestjs/swagger depends on it at run time)
    for (const dev of ['jest', 'nx', '@swc/core', 'eslint', 'kubernetes-models', '@nx/eslint-plugin'])
      expect({ dev, installed: existsSync(join(out, 'node_modules', dev)) }).toEqual({
        dev,
        installed: false,
      });
  });

  it('rejects an app that does not exist', async () => {
    await expect(run('bash', [`${root}docker/build-app.sh`, 'nope', out])).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown app nope'),
    });
  });

  it('covers every app the image builds', () => {
    expect(Object.keys(apps).sort()).toEqual(imageApps.slice().sort());
  });

  it.each(imageApps)(
    'starts %s from the image layout and passes the image health check',
    async (app) => {
      const port = await freePort();
      const portVar = app === 'session-shard' ? 'HEALTH_PORT' : app === 'wa-sim' ? 'WA_SIM_PORT' : 'PORT';
      const env = {
        DATA_DIR: join(out, `data-${app}`), // the standalone app's embedded store
        ZG_APP: app,
        NATS_URL: nats.url,
        MONGODB_URI: mongo.uri,
        ZG_ADMIN_TOKEN: 'image-admin-token-0123456789',
        SECRET_KEY: 'image-secret-key',
        ZG_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
        SHARD_ID: 'image-shard',
        HOST: '127.0.0.1',
        HEALTH_HOST: '127.0.0.1',
        [portVar]: String(port),
        NODE_ENV: 'production',
      };
      const proc = await startProcess({
        name: app,
        entry: join(out, 'docker/start.mjs'),
        env,
        readyUrl: `http://127.0.0.1:${port}${apps[app]!.readiness}`,
      });
      try {
        const check = await run(process.execPath, [join(out, 'docker/healthcheck.mjs')], {
          env: { ...process.env, ...env },
        }).then(
          () => 0,
          (err: { code: number }) => err.code,
        );
        expect(check).toBe(0);
        const live = await fetch(`http://127.0.0.1:${port}${apps[app]!.liveness}`);
        expect(live.status).toBe(200);
      } finally {
        const { code } = await proc.stop();
        expect(code).toBe(0); // graceful SIGTERM
      }
    },
    120_000,
  );
});
