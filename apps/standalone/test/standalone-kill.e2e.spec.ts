import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import { WaSimulator } from '@zapgate/wa-sim';
import { pino } from 'pino';

// The standalone process from dist/ (`npm run build` first) against a simulator in this process,
// SIGKILLed while it delivers webhooks and started again on the same DATA_DIR.
const MAIN = fileURLToPath(new URL('../../../dist/apps/standalone/src/main.js', import.meta.url));
const ADMIN = 'kill-test-admin-token-0123456789';
const SHOP = '5511940000001';
const CUSTOMER = '5511940000002';
const N = 40;

describe('standalone process killed mid-stream', () => {
  let sim: WaSimulator;
  let receiver: WebhookReceiver;
  let dir: string;
  let port: number;
  const children: ChildProcess[] = [];

  const start = async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        ZG_ADMIN_TOKEN: ADMIN,
        SECRET_KEY: 'kill-test-secret-key',
        WA_WEBSOCKET_URL: sim.url,
        WA_SIM_TRUST_ROOT: sim.rootPublicKey.toString('base64'),
        WEBHOOK_BACKOFF_BASE_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '500',
        // the receiver runs on loopback: the explicit opt-in for private targets (not a sandbox)
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return child;
      if (child.exitCode !== null || i > 300) throw new Error('standalone did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const call = async (method: string, path: string, body?: unknown, token = ADMIN) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // run `npm run build` first
    sim = await WaSimulator.start({ logger: pino({ level: 'silent' }) });
    receiver = await startWebhookReceiver();
    dir = await mkdtemp(join(tmpdir(), 'zg-kill-'));
    port = await freePort();
    await sim.createPhone({ number: SHOP });
    await sim.createPhone({ number: CUSTOMER });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await receiver?.close();
    await sim?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('delivers every event at least once after a SIGKILL and restart; duplicates carry the same event id', async () => {
    let child = await start();
    await call('POST', '/rest/instance/init?instance_key=shop', {
      messageData: { webhookUrl: `${receiver.url}/hook`, webhookEnabled: true },
    });
    const qr = await call('GET', '/rest/instance/qrcode_base64/shop');
    await sim.scanQr(SHOP, qr.body.qrcode);
    for (let i = 0; i < 400; i++) {
      if ((await call('GET', '/rest/instance/shop')).body.instance?.status === 'connected') break;
      await new Promise((r) => setTimeout(r, 50));
    }

    // the receiver refuses while the customer writes, so every message waits in the outbox
    let mode: 'refuse' | 'slow' | 'ok' = 'refuse';
    receiver.respond = async (_w, res) => {
      if (mode === 'refuse') return void res.writeHead(503).end();
      if (mode === 'slow') await new Promise((r) => setTimeout(r, 50));
      res.writeHead(200).end();
    };
    for (let n = 0; n < N; n++) await sim.sendFromPhone(CUSTOMER, SHOP, `k${n}`);
    const queued = async () =>
      (await call('GET', '/rest/webhook/shop/deliveries?limit=500')).body.data.filter(
        (d: { event: string }) => d.event === 'message',
      ).length;
    for (let i = 0; i < 400 && (await queued()) < N; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await queued()).toBe(N);

    mode = 'slow';
    const isMessage = (w: ReceivedWebhook) => w.body?.messageType === 'extendedTextMessage';
    await receiver.waitFor(8, isMessage);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const atKill = receiver.received.filter(isMessage).length;
    expect(atKill).toBeLessThan(N); // it really was mid-stream

    mode = 'ok';
    child = await start();
    const text = (w: ReceivedWebhook): string => w.body.message.extendedTextMessage.text;
    const expected = Array.from({ length: N }, (_, n) => `k${n}`);
    for (let i = 0; i < 600; i++) {
      const got = new Set(receiver.received.filter(isMessage).map(text));
      if (expected.every((t) => got.has(t))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const hooks = receiver.received.filter(isMessage);
    const ids = new Map<string, Set<string>>();
    for (const w of hooks)
      ids.set(text(w), (ids.get(text(w)) ?? new Set()).add(w.headers['x-zapgate-event-id'] as string));
    expect([...ids.keys()].sort()).toEqual([...expected].sort()); // nothing missing
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true); // duplicates: same id
    const firsts: string[] = [];
    for (const w of hooks) if (!firsts.includes(text(w))) firsts.push(text(w));
    // in the instance's event order (the outbox's; Baileys may publish a burst of messages from a
    // new contact in another order than the phone sent them, e.g. the first one, a pre-key message,
    // after the next few)
    const logged = (await call('GET', '/rest/webhook/shop/deliveries?limit=500')).body.data
      .filter((d: { event: string }) => d.event === 'message')
      .reverse()
      .map((d: { body: ReceivedWebhook['body'] }) => text({ body: d.body } as ReceivedWebhook));
    expect(firsts).toEqual(logged);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 120_000);
});
