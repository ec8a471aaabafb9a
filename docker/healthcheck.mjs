// Docker HEALTHCHECK (no curl in the slim image): exit 0 when the app's readiness route answers
// 2xx on its port within 3 s. The port follows the app's own setting (HEALTH_PORT for the shard,
// PORT or WA_SIM_PORT otherwise), else the default in docker/apps.json.
import { readFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const apps = JSON.parse(readFileSync(new URL('apps.json', here), 'utf8'));
const app = process.env.ZG_APP || readFileSync(new URL('APP', here), 'utf8').trim();
const spec = apps[app];
const portVar = { 'session-shard': 'HEALTH_PORT', 'wa-sim': 'WA_SIM_PORT' }[app] ?? 'PORT';
const port = process.env[portVar] || spec.port;
try {
  const res = await fetch(`http://127.0.0.1:${port}${spec.readiness}`, { signal: AbortSignal.timeout(3000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
