// Webhook delivery benchmark, loopback only, bounded by its arguments; run from dist/.
//   npm run bench:webhook-dispatch -- --mode standalone|distributed --deliveries 20000 --instances 32 --latency-messages 200 --rate 20
//   (distributed: `--store postgresql` runs FerretDB over the machine's PostgreSQL, see topology.ts)
// 1. Throughput: `--deliveries` events of `--instances` mega instances published the way a session
//    shard publishes them (standalone: through the outbox event log into the embedded store, the
//    dispatcher in this process; distributed: into JetStream ZG_EVENTS on a private NATS, the
//    dispatcher a process from dist/ with FerretDB as its MongoDB), delivered to a receiver in its
//    own process; deliveries per second until the receiver has every event id (nothing lost).
// 2. Latency: zapgate (standalone or distributed) against the simulator; a phone sends
//    `--latency-messages` texts at `--rate`/s; time from the send request to the webhook's arrival.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { EVENTS_STREAM, Subjects, type EventEnvelope } from '@zapgate/contracts';
import { openEmbeddedStorage, openMongoStorage, type InstanceRepository } from '@zapgate/storage';
import { freePort, startFerretDb, startNatsServer } from '@zapgate/testing';
import { MemoryEventLog, NatsEventLog, type EventLog } from '@zapgate/transport';
import { DIALECT_WEBHOOKS, HttpWebhookSender, OutboxEventLog, WebhookDispatcher } from '@zapgate/webhooks';
import { pino } from 'pino';
import { createPostgresDatabase, http, parseMode, parseStore, sleep, startTopology } from './topology.js';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'standalone' },
    store: { type: 'string', default: 'sqlite' },
    deliveries: { type: 'string', default: '20000' },
    instances: { type: 'string', default: '32' },
    'latency-messages': { type: 'string', default: '200' },
    rate: { type: 'string', default: '20' },
    port: { type: 'string', default: '21489' },
    simPort: { type: 'string', default: '21486' },
    'timeout-seconds': { type: 'string', default: '300' },
  },
});
const mode = parseMode(values.mode);
const store = parseStore(values.store);
const total = Number(values.deliveries);
const instances = Number(values.instances);
const latencyMessages = Number(values['latency-messages']);
const rate = Number(values.rate);
const timeoutMs = Number(values['timeout-seconds']) * 1000;
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

/** A receiver in its own process: answers 200 at once, counts distinct event ids (GET /count). */
async function startReceiverProcess(): Promise<{
  url: string;
  count: () => Promise<{ ids: number; posts: number }>;
}> {
  const port = await freePort();
  const code = `
    const http = require('node:http'); const ids = new Set(); let posts = 0;
    http.createServer((req, res) => {
      if (req.method === 'GET') return res.end(JSON.stringify({ ids: ids.size, posts }));
      req.on('data', () => {}); req.on('end', () => { posts++; ids.add(req.headers['x-zapgate-event-id']); res.end('ok'); });
    }).listen(${port}, '127.0.0.1', () => console.log('ready'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await once(child.stdout!, 'data');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    count: async () => (await fetch(`${url}/count`)).json() as Promise<{ ids: number; posts: number }>,
  };
}

const envelope = (instance: string, n: number): EventEnvelope<'message-received'> => ({
  id: randomUUID(),
  instance,
  event: 'message-received',
  at: new Date().toISOString(),
  data: {
    id: `BENCH${n}`,
    chat: '5511930000009@s.whatsapp.net',
    sender: '5511930000009@s.whatsapp.net',
    fromMe: false,
    timestamp: Math.floor(Date.now() / 1000),
    type: 'conversation',
    text: `bench ${n}`,
    delivery: 'notify',
    raw: { message: { conversation: `bench ${n}` } },
  },
});

async function createInstances(repo: InstanceRepository, url: string): Promise<string[]> {
  const keys = Array.from({ length: instances }, (_, i) => `bench${i}`);
  const now = new Date().toISOString();
  for (const key of keys)
    await repo.create({
      key,
      dialect: 'mega',
      webhook: { url: `${url}/hook?i=${key}`, enabled: true },
      createdAt: now,
      updatedAt: now,
    });
  return keys;
}

async function publishAll(log: EventLog, keys: string[]): Promise<void> {
  // as sessions do: events of an instance published in order without waiting for the previous
  // one to be stored (a window of 64 in flight per instance), instances concurrently
  const per = Math.ceil(total / keys.length);
  await Promise.all(
    keys.map(async (key, k) => {
      const inFlight = new Set<Promise<unknown>>();
      for (let n = 0; n < per && k * per + n < total; n++) {
        const e = envelope(key, k * per + n);
        const p: Promise<unknown> = log
          .publish(Subjects.event(key, 'message-received'), e, { id: e.id })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= 64) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }),
  );
}

async function waitDelivered(
  receiver: { count: () => Promise<{ ids: number; posts: number }> },
  started: number,
) {
  for (;;) {
    const c = await receiver.count();
    if (c.ids >= total) return { ...c, elapsedMs: Date.now() - started };
    if (Date.now() - started > timeoutMs)
      throw new Error(`only ${c.ids} of ${total} delivered within the timeout`);
    await sleep(50);
  }
}

async function throughput() {
  const receiver = await startReceiverProcess();
  if (mode === 'standalone') {
    const dir = await mkdtemp(join(tmpdir(), 'zg-bench-wh-'));
    const storage = await openEmbeddedStorage(dir);
    const keys = await createInstances(storage.instances, receiver.url);
    // the receiver runs on loopback: the explicit opt-in for private targets
    const sender = new HttpWebhookSender({ allowPrivateNetworks: true }, 256);
    const dispatcher = new WebhookDispatcher(
      {
        owner: 'bench',
        durable: 'zg-webhooks',
        timeoutMs: 10_000,
        retry: { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 60_000 },
        concurrency: 64,
        pollMs: 1000,
        claimTtlMs: 15_000,
        retentionMs: 3_600_000,
        batchSize: 256,
      },
      {
        instances: storage.instances,
        deliveries: storage.deliveries,
        sender,
        dialects: DIALECT_WEBHOOKS,
        logger: pino({ level: 'warn' }),
      },
    );
    await dispatcher.start();
    const log = new OutboxEventLog(new MemoryEventLog(), (events) => dispatcher.ingest(events));
    const started = Date.now();
    await publishAll(log, keys);
    const published = Date.now() - started;
    const done = await waitDelivered(receiver, started);
    await dispatcher.stop();
    await sender.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    return { published, ...done, stats: dispatcher.stats };
  }
  const stops: (() => Promise<void>)[] = [];
  const postgresqlUrl = store === 'postgresql' ? await createPostgresDatabase(stops) : undefined;
  const [nats, ferret] = await Promise.all([
    startNatsServer(),
    startFerretDb(postgresqlUrl ? { postgresqlUrl } : {}),
  ]);
  const nc = await connect({ servers: nats.url });
  const log = await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: ['zg.evt.>'] });
  const storage = await openMongoStorage(ferret.uri, 'zgbench');
  const keys = await createInstances(storage.instances, receiver.url);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../apps/webhook-dispatch/src/main.js', import.meta.url))],
    {
      env: {
        ...process.env,
        NATS_URL: nats.url,
        MONGODB_URI: ferret.uri,
        MONGODB_DB: 'zgbench',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WEBHOOK_DISPATCHER_ID: 'bench',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        ZG_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  children.push(child);
  for (
    let i = 0;
    !(await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 300) throw new Error('dispatcher did not start');
    await sleep(100);
  }
  const started = Date.now();
  await publishAll(log, keys);
  const published = Date.now() - started;
  const done = await waitDelivered(receiver, started);
  child.kill('SIGTERM');
  await once(child, 'exit');
  await storage.close();
  await nc.drain();
  await Promise.all([nats.stop(), ferret.stop()]);
  for (const stop of stops) await stop();
  return { published, ...done };
}

async function latency() {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString());
        const text: string | undefined =
          body.message?.extendedTextMessage?.text ?? body.message?.conversation;
        if (text && !arrivals.has(text)) arrivals.set(text, performance.now());
      } catch {
        // not JSON: not ours
      }
      res.end('ok');
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const topo = await startTopology({
    mode,
    store,
    port: Number(values.port),
    simPort: Number(values.simPort),
  });
  try {
    const token = await topo.pair('lat', '5511930000001');
    await http(
      'POST',
      `${topo.base}/rest/webhook/lat/configWebhook`,
      { messageData: { webhookUrl: `http://127.0.0.1:${port}/lat` } },
      token,
    );
    await http('POST', `${topo.simBase}/sandbox/phones`, { number: '5511930000002' });
    // a first message opens the Signal session (not measured)
    await http('POST', `${topo.simBase}/sandbox/phones/5511930000002/messages`, {
      to: '5511930000001',
      text: 'warm-up',
    });
    for (let i = 0; !arrivals.has('warm-up'); i++) {
      if (i > 300) throw new Error('the warm-up webhook did not arrive');
      await sleep(100);
    }
    const sentAt = new Map<string, number>();
    const gap = 1000 / rate;
    const t0 = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let n = 0; n < latencyMessages; n++) {
      const wait = t0 + n * gap - performance.now();
      if (wait > 0) await sleep(wait);
      const text = `lat ${n}`;
      sentAt.set(text, performance.now());
      sends.push(
        http('POST', `${topo.simBase}/sandbox/phones/5511930000002/messages`, { to: '5511930000001', text }),
      );
    }
    await Promise.all(sends);
    for (let i = 0; [...sentAt.keys()].some((t) => !arrivals.has(t)); i++) {
      if (i > 600) break;
      await sleep(100);
    }
    const latencies = [...sentAt]
      .filter(([t]) => arrivals.has(t))
      .map(([t, at]) => arrivals.get(t)! - at)
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
    return {
      sent: latencyMessages,
      arrived: latencies.length,
      p50ms: pct(50),
      p99ms: pct(99),
      maxMs: +latencies.at(-1)!.toFixed(1),
    };
  } finally {
    await topo.stop();
    server.close();
  }
}

const result = {
  mode,
  ...(mode === 'distributed' ? { store } : {}),
  throughput: { deliveries: total, instances, ...(await throughput()) },
} as Record<string, unknown>;
const t = result['throughput'] as { elapsedMs: number };
(result['throughput'] as Record<string, unknown>)['deliveriesPerSecond'] = Math.round(
  (total / t.elapsedMs) * 1000,
);
console.log(JSON.stringify(result));
if (latencyMessages > 0) result['latency'] = await latency();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
