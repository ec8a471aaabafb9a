// What the deployment checks share: the repository's app table, the apps' real routes and env
// validation (run against their build under dist/, as the images run them), and rendering.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

export interface AppSpec {
  entry: string;
  port: number;
  liveness: string;
  readiness: string;
}
export const apps: Record<string, AppSpec> = JSON.parse(readFileSync(`${root}docker/apps.json`, 'utf8'));

/** The env class of each app that runs past one machine, in the build. */
const envClasses: Record<string, [string, string]> = {
  gateway: ['dist/apps/gateway/src/gateway.env.js', 'GatewayEnv'],
  'session-shard': ['dist/apps/session-shard/src/session-shard.env.js', 'SessionShardEnv'],
  'webhook-dispatch': ['dist/apps/webhook-dispatch/src/webhook-dispatch.env.js', 'WebhookDispatchEnv'],
  groups: ['dist/apps/groups/src/groups.env.js', 'GroupsEnv'],
  standalone: ['dist/apps/standalone/src/standalone.env.js', 'StandaloneEnv'],
  'wa-sim': ['dist/apps/wa-sim/src/wa-sim.env.js', 'WaSimEnv'],
};

/**
 * Validates `env` with the app's own env class (what it does at boot), in a child process on the
 * build; resolves with the validation error text, or '' when the app would start.
 */
export async function envErrors(app: string, env: Record<string, string>): Promise<string> {
  const [file, cls] = envClasses[app]!;
  const script = `
    const { loadEnv } = await import(${JSON.stringify(`${root}dist/libs/config/src/index.js`)});
    const mod = await import(${JSON.stringify(root + file)});
    try { loadEnv(mod[${JSON.stringify(cls)}], JSON.parse(process.env.ZG_CHECK_ENV)); }
    catch (err) { process.stdout.write(String(err.message)); }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env['PATH'], ZG_CHECK_ENV: JSON.stringify(env) },
  });
  return stdout;
}

export async function kustomize(overlay: string): Promise<string> {
  const { stdout: bin } = await run('bash', [`${root}tools/kustomize/ensure.sh`], { timeout: 600_000 });
  const { stdout } = await run(bin.trim(), ['build', `${root}k8s/overlays/${overlay}`], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
