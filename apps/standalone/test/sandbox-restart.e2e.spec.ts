import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  startProcess,
  startWebhookReceiver,
  type ReceivedWebhook,
  type RunningProcess,
  type WebhookReceiver,
} from '@zapgate/testing';

// `npm run sandbox` (the process from dist/: `npm run build` first), stopped with SIGTERM and
// started again on the same DATA_DIR: the paired instance comes back without a new QR.
const MAIN = fileURLToPath(new URL('../../../dist/apps/standalone/src/main.js', import.meta.url));
const ADMIN = 'sandbox-restart-admin-token-0123456789';
const SHOP = '5511950000001';
const CUSTOMER = '5511950000002';

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('sandbox restarted on the same DATA_DIR', () => {
  let dir: string;
  let port: number;
  let receiver: WebhookReceiver;
  let running: RunningProcess | undefined;

  const start = async () => {
    running = await startProcess({
      name: 'sandbox',
      entry: MAIN,
      env: {
        ZG_SANDBOX: 'true',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        ZG_ADMIN_TOKEN: ADMIN,
        SECRET_KEY: 'sandbox-restart-secret',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        LOG_LEVEL: 'warn',
      },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
  };
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  };
  const connected = (token: string) =>
    poll('the instance to be connected', async () => {
      const { body } = await call('GET', '/rest/instance/shop', undefined, token);
      return body.instance?.status === 'connected' ? body.instance : undefined;
    });
  const customerGot = (id: string) =>
    poll(`the customer to receive ${id}`, async () => {
      const { body } = await call('GET', `/sandbox/phones/${CUSTOMER}/messages`);
      return (body as { id: string; text: string }[]).find((m) => m.id === id);
    });
  const shopGot = (text: string) =>
    receiver.waitFor(
      1,
      (w: ReceivedWebhook) =>
        w.body?.message?.extendedTextMessage?.text === text || w.body?.message?.conversation === text,
    );

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // run `npm run build` first
    dir = await mkdtemp(join(tmpdir(), 'zg-sandbox-restart-'));
    port = await freePort();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await running?.kill();
    await receiver?.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('comes back connected with no QR, and the phone and the instance still message each other', async () => {
    await start();
    expect(await call('POST', '/sandbox/phones', { number: SHOP, name: 'Shop' })).toMatchObject({
      status: 201,
    });
    expect(await call('POST', '/sandbox/phones', { number: CUSTOMER, name: 'Customer' })).toMatchObject({
      status: 201,
    });
    const init = await call(
      'POST',
      '/rest/instance/init?instance_key=shop',
      { messageData: { webhookUrl: `${receiver.url}/hook`, webhookEnabled: true } },
      ADMIN,
    );
    expect(init.status).toBe(201);
    const token: string = init.body.data.token;
    const qr = await call('GET', '/rest/instance/qrcode_base64/shop', undefined, token);
    const scan = await call('POST', `/sandbox/phones/${SHOP}/scan`, { qr: qr.body.qrcode });
    expect(scan.status).toBe(200);
    await connected(token);

    const before = await call(
      'POST',
      '/rest/sendMessage/shop/text',
      { messageData: { to: CUSTOMER, text: 'before' } },
      token,
    );
    expect(before.status).toBe(201);
    await customerGot(before.body.messageData.key.id);
    await call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'reply before' });
    await shopGot('reply before');

    expect(await running!.stop()).toEqual({ code: 0, signal: null });
    const stateDir = join(dir, 'sandbox');
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(stateDir, 'state.json'))).mode & 0o777).toBe(0o600);

    await start();
    // nobody scans anything from here on: connected means the stored link was enough
    expect(await connected(token)).toMatchObject({ user: { id: `${SHOP}@s.whatsapp.net` } });
    const phone = await call('GET', `/sandbox/phones/${SHOP}`);
    expect(phone.body.devices).toEqual([
      expect.objectContaining({ id: 0 }),
      expect.objectContaining({ id: scan.body.device, online: true }),
    ]);
    const inbox = await call('GET', `/sandbox/phones/${CUSTOMER}/messages`);
    expect(inbox.body.map((m: { text: string }) => m.text)).toEqual(['before', 'reply before']);

    const after = await call(
      'POST',
      '/rest/sendMessage/shop/text',
      { messageData: { to: CUSTOMER, text: 'after' } },
      token,
    );
    expect(after.status).toBe(201);
    expect(await customerGot(after.body.messageData.key.id)).toMatchObject({
      direction: 'in',
      text: 'after',
    });
    await call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'reply after' });
    await shopGot('reply after');
  }, 120_000);
});
