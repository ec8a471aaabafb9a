import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, Subjects, type EventEnvelope } from '@zapgate/contracts';
import { openMongoStorage, type MongoStorage } from '@zapgate/storage';
import {
  freePort,
  startFerretDb,
  startNatsServer,
  startWebhookReceiver,
  type ReceivedWebhook,
  type RunningFerretDb,
  type RunningNatsServer,
  type WebhookReceiver,
} from '@zapgate/testing';
import { NatsEventLog } from '@zapgate/transport';
import { verifyWebhookSignature, WebhookSecretBox } from '@zapgate/webhook-core';

// The dispatcher as it runs in production: a process from dist/ (`npm run build` first), on a
// private NATS server and FerretDB, delivering to a real receiver on loopback. Events are
// published to ZG_EVENTS exactly as a session shard publishes them.
const MAIN = fileURLToPath(new URL('../../../dist/apps/webhook-dispatch/src/main.js', import.meta.url));
/** The key the gateway sealed the webhook secrets with (the same in both apps). */
const DATA_KEY = Buffer.alloc(32, 42).toString('base64');

describe('webhook-dispatch process (NATS + MongoDB)', () => {
  let nats: RunningNatsServer;
  let ferret: RunningFerretDb;
  let nc: NatsConnection;
  let events: NatsEventLog;
  let storage: MongoStorage;
  let receiver: WebhookReceiver;
  const dbName = `zg_wh_${randomUUID().slice(0, 8)}`;
  const children: ChildProcess[] = [];

  const startDispatcher = async (port: number) => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NATS_URL: nats.url,
        MONGODB_URI: ferret.uri,
        MONGODB_DB: dbName,
        PORT: String(port),
        HOST: '127.0.0.1',
        WEBHOOK_DISPATCHER_ID: 'dispatcher-1',
        WEBHOOK_BACKOFF_BASE_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '500',
        // the receiver runs on loopback: the explicit opt-in for private targets
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        ZG_DATA_KEY: DATA_KEY,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    for (let i = 0; ; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return child;
      if (child.exitCode !== null || i > 300) throw new Error('the dispatcher did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const publish = async (instance: string, text: string) => {
    const envelope: EventEnvelope<'message-received'> = {
      id: randomUUID(),
      instance,
      event: 'message-received',
      at: new Date().toISOString(),
      data: {
        id: randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase(),
        chat: '5511950000009@s.whatsapp.net',
        sender: '5511950000009@s.whatsapp.net',
        fromMe: false,
        timestamp: Math.floor(Date.now() / 1000),
        type: 'conversation',
        text,
        delivery: 'notify',
        raw: { message: { conversation: text } },
      },
    };
    await events.publish(Subjects.event(instance, 'message-received'), envelope, { id: envelope.id });
  };

  const textOf = (w: ReceivedWebhook): string =>
    w.body.message?.conversation ?? w.body.message?.extendedTextMessage?.text ?? w.body.body;

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // run `npm run build` first
    [nats, ferret] = await Promise.all([startNatsServer(), startFerretDb()]);
    nc = await connect({ servers: nats.url });
    events = await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: ['zg.evt.>'] });
    storage = await openMongoStorage(ferret.uri, dbName);
    receiver = await startWebhookReceiver();
    const now = new Date().toISOString();
    await storage.instances.create({
      key: 'mega1',
      dialect: 'mega',
      webhook: { url: `${receiver.url}/mega?k=1`, enabled: true },
      // stored sealed, as the gateway stores it
      webhookSecret: new WebhookSecretBox(DATA_KEY).seal('mega1', 'mega1-secret-0123456789'),
      createdAt: now,
      updatedAt: now,
    });
    await storage.instances.create({
      key: 'wpp1',
      dialect: 'wppconnect',
      webhook: { url: `${receiver.url}/wpp`, enabled: true },
      createdAt: now,
      updatedAt: now,
    });
  }, 600_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await receiver?.close();
    await storage?.close();
    await nc?.drain();
    await Promise.all([nats?.stop(), ferret?.stop()]);
  });

  it('answers health, delivers in each dialect, survives SIGKILL mid-stream with nothing missing, stops on SIGTERM', async () => {
    const port = await freePort();
    let child = await startDispatcher(port);
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()).toMatchObject({
      status: 'ok',
      checks: { nats: 'ok', mongodb: 'ok' },
    });

    // a receiver that takes its time, so the kill lands mid-stream
    receiver.respond = async (_w, res) => {
      await new Promise((r) => setTimeout(r, 15));
      res.writeHead(200).end();
    };
    const N = 120;
    for (let n = 0; n < N; n++) {
      await publish('mega1', `m${n}`);
      await publish('wpp1', `w${n}`);
    }
    await receiver.waitFor(40);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const atKill = receiver.received.length;
    expect(atKill).toBeLessThan(2 * N); // it really was mid-stream
    // published while no dispatcher runs: kept by the stream
    for (let n = N; n < N + 30; n++) {
      await publish('mega1', `m${n}`);
      await publish('wpp1', `w${n}`);
    }
    child = await startDispatcher(port);

    const isMega = (w: ReceivedWebhook) => w.url === '/mega?k=1';
    const isWpp = (w: ReceivedWebhook) => w.url === '/wpp';
    const isWppMessage = (w: ReceivedWebhook) => isWpp(w) && w.body.event === 'onmessage';
    const missing = (filter: (w: ReceivedWebhook) => boolean, prefix: string) => {
      const texts = new Set(receiver.received.filter(filter).map(textOf));
      return Array.from({ length: N + 30 }, (_, n) => `${prefix}${n}`).filter((t) => !texts.has(t));
    };
    for (let i = 0; i < 200 && (missing(isMega, 'm').length || missing(isWppMessage, 'w').length); i++)
      await new Promise((r) => setTimeout(r, 100));

    for (const [filter, prefix] of [
      [isMega, 'm'],
      [(w: ReceivedWebhook) => isWpp(w) && w.body.event === 'onmessage', 'w'],
    ] as const) {
      const hooks = receiver.received.filter(filter);
      const idsByText = new Map<string, Set<string>>();
      for (const w of hooks) {
        const ids = idsByText.get(textOf(w)) ?? new Set();
        ids.add(w.headers['x-zapgate-event-id'] as string);
        idsByText.set(textOf(w), ids);
      }
      // every event at least once, nothing missing, a duplicate carries the same event id
      expect([...idsByText.keys()].sort()).toEqual(
        Array.from({ length: N + 30 }, (_, n) => `${prefix}${n}`).sort(),
      );
      expect([...idsByText.values()].every((ids) => ids.size === 1)).toBe(true);
      // first arrivals in publishing order
      const firsts: number[] = [];
      const seen = new Set<string>();
      for (const w of hooks) {
        const t = textOf(w);
        if (!seen.has(t)) firsts.push(Number(t.slice(1)));
        seen.add(t);
      }
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    }
    expect(receiver.received[0]!.body).toMatchObject({ instance_key: 'mega1', messageType: 'conversation' });
    // signed with the secret it opened with ZG_DATA_KEY
    for (const w of receiver.received.filter(isMega).slice(0, 5))
      expect(
        verifyWebhookSignature(
          'mega1-secret-0123456789',
          w.headers['x-zapgate-timestamp'] as string,
          w.raw,
          w.headers['x-zapgate-signature'] as string,
        ),
      ).toBe(true);

    // graceful stop: exits 0 on SIGTERM
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 180_000);

  it('refuses to start with a WEBHOOK_URL the URL policy refuses, or an invalid setting', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NATS_URL: nats.url,
        MONGODB_URI: ferret.uri,
        ZG_DATA_KEY: DATA_KEY,
        WEBHOOK_URL: 'http://169.254.169.254/latest',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/WEBHOOK_URL: .*link-local/);

    const bad = spawn(process.execPath, [MAIN], {
      env: { ...process.env, MONGODB_URI: ferret.uri, WEBHOOK_MAX_ATTEMPTS: '0', WEBHOOK_TIMEOUT_MS: 'soon' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let badErr = '';
    bad.stderr!.on('data', (c: Buffer) => (badErr += c.toString()));
    expect((await once(bad, 'exit'))[0]).not.toBe(0);
    expect(badErr).toMatch(
      /WEBHOOK_MAX_ATTEMPTS[\s\S]*WEBHOOK_TIMEOUT_MS|WEBHOOK_TIMEOUT_MS[\s\S]*WEBHOOK_MAX_ATTEMPTS/,
    );
    // no key to open the webhook secrets with: it says so and does not start
    expect(badErr).toMatch(/ZG_DATA_KEY is required/);
  });
});
