// Send-text throughput and latency through the standalone gateway (sandbox mode, its own
// process) against bare Baileys sending to the same simulator in the same run.
//   npm run bench:send-text -- --messages 2000 --concurrency 16 --rate 100 --seconds 10
// Everything is on loopback; request counts and durations are bounded by the arguments.
import { spawn } from 'node:child_process';
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
const ADMIN = 'bench-admin-token-0123456789';

async function http(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
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

const dir = await mkdtemp(join(tmpdir(), 'zg-bench-'));
const main = fileURLToPath(new URL('../apps/standalone/src/main.js', import.meta.url));
const server = spawn(
  process.execPath,
  [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []), main],
  {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      ZG_SANDBOX: 'true',
      ZG_ADMIN_TOKEN: ADMIN,
      SECRET_KEY: 'bench-secret-key',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error('standalone did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
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
  const trust = await http('GET', '/sandbox/trust');
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
    mode: 'standalone (sandbox)',
    concurrency,
    throughput: {
      gateway: await saturate(viaGateway, messages),
      bareBaileys: await saturate(viaBaileys, messages),
    },
    steady: {
      ratePerSecond: rate,
      seconds,
      gateway: await steady(viaGateway),
      bareBaileys: await steady(viaBaileys),
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
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
}
process.exit(0);
