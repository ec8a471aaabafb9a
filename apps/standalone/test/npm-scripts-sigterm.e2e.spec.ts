import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@zapgate/testing';

// `npm start`, `npm run sandbox` and `npm run sim` as a user or a process manager runs them: the
// npm process gets SIGTERM, and every process it started must be gone shortly after.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Pids of the live processes in a process group (from /proc, so zombies count as gone). */
function processGroup(pgid: number): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      found.push({ pid: Number(entry), cmdline });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm scripts stop on SIGTERM to npm', () => {
  const started: ChildProcess[] = [];
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-npm-sigterm-'));
  });
  afterAll(async () => {
    // nothing of ours outlives the test, whatever it asserted
    for (const npm of started)
      for (const p of processGroup(npm.pid!))
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // gone already
        }
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it.each([
    { script: 'start', main: 'dist/apps/standalone/src/main.js', ready: '/health/ready', portVar: 'PORT' },
    { script: 'sandbox', main: 'dist/apps/standalone/src/main.js', ready: '/health/ready', portVar: 'PORT' },
    { script: 'sim', main: 'dist/apps/wa-sim/src/main.js', ready: '/sandbox/trust', portVar: 'WA_SIM_PORT' },
  ])(
    'npm run $script: the node process it started exits with npm',
    async ({ script, main, ready, portVar }) => {
      const port = await freePort();
      // its own process group, so the test can see every process npm started, and only those
      const npm = spawn('npm', ['run', '--silent', script], {
        cwd: ROOT,
        detached: true,
        env: {
          ...process.env,
          [portVar]: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: join(dir, script),
          LOG_LEVEL: 'warn',
          ZG_ADMIN_TOKEN: 'npm-sigterm-admin-token-0123456789',
          SECRET_KEY: 'npm-sigterm-secret',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      started.push(npm);
      const npmExit = once(npm, 'exit');
      await until(`${script} to answer ${ready}`, 120_000, async () => {
        if (npm.exitCode !== null) throw new Error(`npm run ${script} exited with ${npm.exitCode}`);
        const ok = await fetch(`http://127.0.0.1:${port}${ready}`).then(
          (r) => r.ok,
          () => false,
        );
        return ok || undefined;
      });
      const server = processGroup(npm.pid!).find((p) => p.cmdline.includes(main));
      expect(server).toBeDefined();

      process.kill(npm.pid!, 'SIGTERM'); // npm only, as a process manager does

      await until('every process of the group to exit', 30_000, async () =>
        processGroup(npm.pid!).length === 0 ? true : undefined,
      );
      await npmExit;
      expect(() => process.kill(server!.pid, 0)).toThrow(); // the server itself is gone
    },
    180_000,
  );
});
