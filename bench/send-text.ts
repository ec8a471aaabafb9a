// Send-text throughput and latency through the standalone gateway (its own process) against bare
// Baileys (in this process) sending to the same simulator (a third process) in the same run.
//   npm run bench:send-text -- --messages 2000 --concurrency 16 --rate 100 --seconds 10
// Everything is on loopback; request counts and durations are bounded by the arguments.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BaileysCompanion, trustSimulatorRoot } from '@zapgate/wa-sim';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    port: { type: 'string', default: '21499' },
    simPort: { type: 'string', default: '21498' },
    /** Directory for a V8 CPU profile of the gateway process. */
    profile: { type: 'string' },
  },
});
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const simBase = `http://127.0.0.1:${values.simPort}`;
const ADMIN = 'bench-admin-token-0123456789';

// A keep-alive agent: the load generator shares the machine's cores with what it measures, and
// fetch() costs several times more CPU per request than node:http.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function http(method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const url = new URL((path.startsWith('/sandbox') ? simBase : base) + path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          'content-type': 'application/json',
          ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const json = text ? JSON.parse(text) : undefined;
          if (res.statusCode! >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(json);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (latencies: number[], elapsedMs: number) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: Math.round((sorted.length / elapsedMs) * 1000),
    p50ms: +pct(sorted, 50).toFixed(2),
    p99ms: +pct(sorted, 99).toFixed(2),
  };
};

/** `count` sends with `concurrency` in flight: throughput. */
async function saturate(send: () => Promise<void>, count: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const t = performance.now();
        await send();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return summary(latencies, performance.now() - started);
}

/** A fixed arrival rate for `seconds`: latency under a steady load. */
async function steady(send: () => Promise<void>) {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    inflight.push(send().then(() => void latencies.push(performance.now() - t)));
  }
  await Promise.all(inflight);
  return summary(latencies, performance.now() - started);
}

/**
 * Runs a phase after a pause: a burst leaves the simulator delivering and acknowledging for a
 * while, which would otherwise land on the next phase's latencies.
 */
async function settled<T>(phase: () => Promise<T>): Promise<T> {
  await new Promise((r) => setTimeout(r, 3000));
  return phase();
}

const dir = await mkdtemp(join(tmpdir(), 'zg-bench-'));
const dist = (app: string) => fileURLToPath(new URL(`../apps/${app}/src/main.js`, import.meta.url));
const children: ChildProcess[] = [];
const run = (app: string, env: Record<string, string>, nodeArgs: string[] = []) => {
  const child = spawn(process.execPath, [...nodeArgs, dist(app)], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
};
const waitFor = async (url: string) => {
  for (
    let i = 0;
    !(await fetch(url).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 300) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
try {
  run('wa-sim', { WA_SIM_PORT: String(values.simPort), WA_SIM_LOG_LEVEL: 'warn' });
  await waitFor(`${simBase}/sandbox/trust`);
  const trust = await http('GET', '/sandbox/trust');
  run(
    'standalone',
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      ZG_ADMIN_TOKEN: ADMIN,
      SECRET_KEY: 'bench-secret-key',
      WA_WEBSOCKET_URL: trust.waWebSocketUrl,
      WA_SIM_TRUST_ROOT: trust.rootPublicKey,
    },
    values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
  );
  await waitFor(`${base}/health`);
  for (const number of ['5511900000001', '5511900000002', '5511900000003'])
    await http('POST', '/sandbox/phones', { number });

  // the gateway instance (account 1)
  const { data } = await http('POST', '/rest/instance/init?instance_key=bench', {}, ADMIN);
  const token: string = data.token;
  const { qrcode } = await http('GET', '/rest/instance/qrcode_base64/bench', undefined, token);
  await http('POST', '/sandbox/phones/5511900000001/scan', { qr: qrcode });
  while ((await http('GET', '/rest/instance/bench', undefined, token)).instance.status !== 'connected')
    await new Promise((r) => setTimeout(r, 100));

  // bare Baileys (account 2), in this process
  trustSimulatorRoot(Buffer.from(trust.rootPublicKey, 'base64'));
  const bare = BaileysCompanion.start({ url: trust.waWebSocketUrl });
  const qr = await bare.waitForQr(30_000);
  const opened = bare.waitForOpen(30_000);
  await http('POST', '/sandbox/phones/5511900000002/scan', { qr });
  await opened;

  const to = '5511900000003@s.whatsapp.net';
  const viaGateway = () =>
    http('POST', '/rest/sendMessage/bench/text', { messageData: { to, text: 'bench' } }, token).then(
      () => undefined,
    );
  const viaBaileys = () => bare.socket.sendMessage(to, { text: 'bench' }).then(() => undefined);
  // warm both paths (sessions, caches, JIT)
  await saturate(viaGateway, 50);
  await saturate(viaBaileys, 50);

  const result = {
    benchmark: 'send-text',
    mode: 'standalone, simulator in its own process',
    concurrency,
    throughput: {
      gateway: await settled(() => saturate(viaGateway, messages)),
      bareBaileys: await settled(() => saturate(viaBaileys, messages)),
    },
    steady: {
      ratePerSecond: rate,
      seconds,
      gateway: await settled(() => steady(viaGateway)),
      bareBaileys: await settled(() => steady(viaBaileys)),
    },
  };
  console.log(
    JSON.stringify(
      {
        ...result,
        throughputRatio: +(
          result.throughput.gateway.perSecond / result.throughput.bareBaileys.perSecond
        ).toFixed(2),
      },
      null,
      2,
    ),
  );
  bare.end();
} finally {
  for (const child of children.reverse()) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
}
process.exit(0);
