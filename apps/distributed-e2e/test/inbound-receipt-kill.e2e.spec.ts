// No inbound message lost across a shard crash: shard-a (its own OS process from dist/, `npm run
// build` first) holds the instance and is SIGKILLed by its test-only fault hook right after Baileys
// decrypted a phone's message and before the message's event was published, i.e. before the
// (patched) delivery receipt. The simulator keeps the unreceipted message; the instance reopens on
// shard-b, WhatsApp delivers it again, and the webhook (through the dispatcher) gets it once.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import {
  freePort,
  startFerretDb,
  startNatsServer,
  startProcess,
  startWebhookReceiver,
  type ReceivedWebhook,
  type RunningFerretDb,
  type RunningNatsServer,
  type RunningProcess,
  type WebhookReceiver,
} from '@zapgate/testing';

const dist = (app: string) =>
  fileURLToPath(new URL(`../../../dist/apps/${app}/src/main.js`, import.meta.url));
const ADMIN = 'e2e-admin-token-0123456789abcdef';
const SECRET = 'e2e-secret-key-0123456789';
const LEASE_TTL_MS = 6_000;
const CUSTOMER = '5511960000299';
const NUMBER = '5511960000201';
const KEY = 'receipt-1';
const FAULT = 'die-before-publish';

describe('distributed: a shard killed between decryption and receipt', () => {
  let nats: RunningNatsServer;
  let mongo: RunningFerretDb;
  let mongoDir: string;
  let receiver: WebhookReceiver;
  let simBase: string;
  let base: string;
  let token: string;
  let cluster: Record<string, string>;
  let trust: { trustRoot: string; waWebSocketUrl: string };
  const processes = new Map<string, RunningProcess>();

  async function call(method: string, url: string, body?: unknown, bearer?: string) {
    const res = await fetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: json as any };
  }

  async function waitUntil<T>(
    what: string,
    probe: () => T | undefined | Promise<T | undefined>,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) {
        const logs = [...processes.values()]
          .map((p) => `--- ${p.name}\n${p.logs().split('\n').slice(-20).join('\n')}`)
          .join('\n');
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const logLines = (name: string) =>
    processes
      .get(name)!
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  const holder = () => {
    let found: string | undefined;
    let at = -1;
    for (const id of ['shard-a', 'shard-b'])
      if (processes.has(id))
        for (const l of logLines(id))
          if (l['msg'] === 'instance adopted' && l['instance'] === KEY && (l['time'] as number) > at)
            [found, at] = [id, l['time'] as number];
    return found;
  };
  const status = async () =>
    (await call('GET', `${base}/rest/instance/${KEY}`, undefined, token)).body?.instance?.status;
  const phoneSends = async (text: string) => {
    const r = await call('POST', `${simBase}/sandbox/phones/${CUSTOMER}/messages`, { to: NUMBER, text });
    expect(r.status).toBe(201);
    return r.body as { id: string };
  };
  const hooksWith = (text: string) =>
    receiver.received.filter((h: ReceivedWebhook) => h.raw.includes(JSON.stringify(text)));

  async function startShard(id: string, env: Record<string, string> = {}) {
    const p = await startProcess({
      name: id,
      entry: dist('session-shard'),
      env: {
        ...cluster,
        SHARD_ID: id,
        LEASE_TTL_MS: String(LEASE_TTL_MS),
        WA_WEBSOCKET_URL: trust.waWebSocketUrl,
        WA_SIM_TRUST_ROOT: trust.trustRoot,
        HEALTH_PORT: '0',
        ...env,
      },
    });
    processes.set(id, p);
    await waitUntil(
      `${id} ready`,
      () => logLines(id).find((l) => l['msg'] === 'session shard ready'),
      30_000,
    );
    return p;
  }

  /** The auth documents stop changing for two seconds (a fresh pairing writes 812 pre-keys). */
  async function authWritesSettled() {
    const db = mongoose.createConnection(mongo.uri, { dbName: 'zapgate' });
    try {
      let last = -1;
      let stableSince = Date.now();
      await waitUntil(
        'auth writes to settle',
        async () => {
          const count = await db.collection('auth').countDocuments();
          if (count !== last) [last, stableSince] = [count, Date.now()];
          return Date.now() - stableSince > 2_000;
        },
        60_000,
      );
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    mongoDir = await mkdtemp(join(tmpdir(), 'zg-e2e-receipt-mongo-'));
    [nats, mongo, receiver] = await Promise.all([
      startNatsServer(),
      startFerretDb({ dir: mongoDir }),
      startWebhookReceiver(),
    ]);
    const simPort = await freePort();
    simBase = `http://127.0.0.1:${simPort}`;
    processes.set(
      'wa-sim',
      await startProcess({
        name: 'wa-sim',
        entry: dist('wa-sim'),
        env: { WA_SIM_PORT: String(simPort), WA_SIM_LOG_LEVEL: 'warn' },
        readyUrl: `${simBase}/sandbox/trust`,
      }),
    );
    trust = (await call('GET', `${simBase}/sandbox/trust`)).body;
    cluster = {
      NATS_URL: nats.url,
      MONGODB_URI: mongo.uri,
      LOG_LEVEL: 'info',
      ZG_DATA_KEY: Buffer.alloc(32, 3).toString('base64'),
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    };
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const dispatchPort = await freePort();
    await Promise.all([
      startProcess({
        name: 'gateway',
        entry: dist('gateway'),
        env: { ...cluster, PORT: String(port), HOST: '127.0.0.1', ZG_ADMIN_TOKEN: ADMIN, SECRET_KEY: SECRET },
        readyUrl: `${base}/health/ready`,
      }).then((p) => processes.set('gateway', p)),
      startProcess({
        name: 'webhook-dispatch',
        entry: dist('webhook-dispatch'),
        env: {
          ...cluster,
          PORT: String(dispatchPort),
          HOST: '127.0.0.1',
          WEBHOOK_DISPATCHER_ID: 'dispatch-1',
          WEBHOOK_BACKOFF_BASE_MS: '100',
        },
        readyUrl: `http://127.0.0.1:${dispatchPort}/health/ready`,
      }).then((p) => processes.set('webhook-dispatch', p)),
      // the only shard at first, so it holds the instance; armed with the fault
      startShard('shard-a', { ZG_FAULT_KILL_BEFORE_PUBLISH: FAULT }),
    ]);
    await call('POST', `${simBase}/sandbox/phones`, { number: CUSTOMER, name: 'Customer' });
    await call('POST', `${simBase}/sandbox/phones`, { number: NUMBER });
  }, 120_000);

  afterAll(async () => {
    for (const p of processes.values()) await p.stop();
    await receiver?.close();
    await Promise.all([nats?.stop(), mongo?.stop()]);
    await rm(mongoDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('delivers the message shard-a died on through shard-b, once', async () => {
    const init = await call('POST', `${base}/rest/instance/init?instance_key=${KEY}`, {}, ADMIN);
    expect(init.status).toBe(201);
    token = init.body.data.token;
    const configured = await call(
      'POST',
      `${base}/rest/webhook/${KEY}/configWebhook`,
      { messageData: { webhookUrl: `${receiver.url}/hook`, webhookEnabled: true } },
      token,
    );
    expect(configured.status).toBeLessThan(300);
    const qr = await waitUntil(
      'QR',
      async () => {
        const r = await call('GET', `${base}/rest/instance/qrcode_base64/${KEY}`, undefined, token);
        return r.status === 200 ? (r.body.qrcode as string) : undefined;
      },
      30_000,
    );
    expect((await call('POST', `${simBase}/sandbox/phones/${NUMBER}/scan`, { qr })).status).toBe(200);
    await waitUntil('connected', async () => (await status()) === 'connected', 30_000);
    expect(holder()).toBe('shard-a');

    await phoneSends('before the fault');
    await waitUntil(
      'the first message at the webhook',
      () => hooksWith('before the fault').length > 0,
      20_000,
    );
    await authWritesSettled();
    await startShard('shard-b');

    // shard-a dies after decrypting this one, before publishing its event (so before its receipt)
    const exited = once(processes.get('shard-a')!.child, 'exit');
    const doomed = await phoneSends(`${FAULT} 1`);
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(hooksWith(`${FAULT} 1`)).toHaveLength(0);

    await waitUntil(
      'the instance connected on shard-b',
      async () => holder() === 'shard-b' && (await status()) === 'connected',
      LEASE_TTL_MS + 20_000,
    );
    await waitUntil('the message at the webhook', () => hooksWith(`${FAULT} 1`).length > 0, 30_000);
    await phoneSends('after the failover');
    await waitUntil(
      'a later message at the webhook',
      () => hooksWith('after the failover').length > 0,
      20_000,
    );

    const hooks = hooksWith(`${FAULT} 1`);
    expect(hooks).toHaveLength(1); // exactly once
    expect(hooks[0]!.raw).toContain(doomed.id); // the same WhatsApp message
    expect(hooks[0]!.headers['x-zapgate-event-id']).toEqual(expect.any(String));
    expect(hooksWith('before the fault')).toHaveLength(1); // receipted: never delivered again
    expect((await call('GET', `${simBase}/sandbox/stats`)).body.concurrentLogins).toBe(0);
  }, 180_000);
});
