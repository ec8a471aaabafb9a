import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// A bad setting at boot, as a new user makes one: the process says what to fix on one line of
// stderr and exits with 1 (no stack trace).
const dist = (app: string) =>
  fileURLToPath(new URL(`../../../dist/apps/${app}/src/main.js`, import.meta.url));

async function boot(app: string, env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(ZG_|SECRET_KEY|MONGODB_|WA_|PORT|HOST)/.test(k)),
  );
  return promisify(execFile)(process.execPath, [dist(app)], {
    env: { ...clean, ...env },
    timeout: 20_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
  );
}

describe('invalid configuration at boot', () => {
  it.each<{ app: string; env: Record<string, string>; says: RegExp }>([
    {
      app: 'gateway',
      env: { ZG_ADMIN_TOKEN: 'short', SECRET_KEY: 'x', MONGODB_URI: 'mongodb://127.0.0.1:1' },
      says: /ZG_ADMIN_TOKEN must be at least 16 characters; SECRET_KEY must be at least 8 characters/,
    },
    {
      app: 'standalone',
      env: { ZG_ADMIN_TOKEN: 'short' },
      says: /ZG_ADMIN_TOKEN must be at least 16 characters/,
    },
    {
      app: 'session-shard',
      env: { HEALTH_PORT: '70000' },
      says: /HEALTH_PORT must not be greater than 65535; MONGODB_URI is required/,
    },
    { app: 'wa-sim', env: { WA_SIM_HOST: 'somewhere' }, says: /WA_SIM_HOST must be an ip address/ },
  ])('$app: one line naming the settings, exit code 1', async ({ app, env, says }) => {
    const { code, stderr } = await boot(app, env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^invalid configuration: [^\n]+\n$/);
    expect(stderr).toMatch(says);
  });
});
