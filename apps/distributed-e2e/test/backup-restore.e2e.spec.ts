import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, type RunningProcess } from '@zapgate/testing';
import { call, DATA_KEY, dist, DistributedHarness, SECRET } from './distributed-harness.js';

// A WPPConnect session paired on a standalone zapgate (embedded store, its own SECRET_KEY and
// ZG_DATA_KEY) is backed up, the standalone stops, and the distributed zapgate (gateway, shard and
// webhook dispatcher as processes on NATS and FerretDB) restores it: the shard logs it in without a
// QR, it sends, and a phone's message reaches its restored webhook.
const SHOP = '5511970000001';
const CUSTOMER = '5511970000002';
const STANDALONE_SECRET = 'standalone-secret-key-9876';

describe('restore-sessions from a standalone zapgate onto the distributed one', () => {
  let h: DistributedHarness;
  let dataDir: string;
  let standalone: RunningProcess | undefined;

  beforeAll(async () => {
    h = await DistributedHarness.start({
      tmpPrefix: 'zg-e2e-backup-',
      webhookReceiver: true,
      clusterEnv: { ZG_DATA_KEY: DATA_KEY, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    await Promise.all([h.startGateway(), h.startShard('shard-a'), h.startWebhookDispatch()]);
    await h.addPhone(SHOP, 'Shop');
    await h.addPhone(CUSTOMER, 'Customer');
    dataDir = await mkdtemp(join(tmpdir(), 'zg-e2e-backup-standalone-'));
  }, 120_000);

  afterAll(async () => {
    await standalone?.stop();
    await h?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  const customerGot = (text: string) => async () =>
    (await call('GET', `${h.simBase}/sandbox/phones/${CUSTOMER}/messages`)).body.some(
      (m: { direction?: string; text?: string }) => m.direction === 'in' && m.text === text,
    );

  it('logs the session in on a shard without a QR; it sends and its webhook receives', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    standalone = await startProcess({
      name: 'standalone',
      entry: dist('standalone'),
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ZG_ADMIN_TOKEN: 'standalone-admin-token-0123456789',
        SECRET_KEY: STANDALONE_SECRET,
        WA_WEBSOCKET_URL: h.trust.waWebSocketUrl,
        WA_SIM_TRUST_ROOT: h.trust.trustRoot,
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        LOG_LEVEL: 'warn',
      },
      readyUrl: `${base}/health/ready`,
    });
    const tokenA = (await call('POST', `${base}/api/store/${STANDALONE_SECRET}/generate-token`)).body.token;
    const started = await call(
      'POST',
      `${base}/api/store/start-session`,
      { waitQrCode: true, webhook: `${h.receiver.url}/hook` },
      tokenA,
    );
    expect(started.body.status).toBe('qrcode');
    await call('POST', `${h.simBase}/sandbox/phones/${SHOP}/scan`, { qr: started.body.urlcode });
    await h.waitUntil('the standalone session connected', async () =>
      (await call('GET', `${base}/api/store/status-session`, undefined, tokenA)).body.status === 'CONNECTED'
        ? true
        : undefined,
    );
    await call(
      'POST',
      `${base}/api/store/send-message`,
      { phone: CUSTOMER, message: 'from standalone' },
      tokenA,
    );
    await h.waitUntil('the customer to get the standalone text', customerGot('from standalone'), 20_000);

    const res = await fetch(`${base}/api/${STANDALONE_SECRET}/backup-sessions`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = new Uint8Array(await res.arrayBuffer());
    // one account, one socket
    await standalone.stop();

    const logins = (await h.simStats()).logins;
    const since = Date.now();
    const form = new FormData();
    form.append('file', new Blob([zip], { type: 'application/zip' }), 'sessions.zip');
    const restored = await fetch(`${h.base}/api/${SECRET}/restore-sessions`, { method: 'POST', body: form });
    expect({ status: restored.status, body: await restored.json() }).toEqual({
      status: 200,
      body: { success: true, restored: ['store'] },
    });
    const token = (await call('POST', `${h.base}/api/store/${SECRET}/generate-token`)).body.token;
    const seen = new Set<string>();
    await h.waitUntil(
      'the restored session connected on the shard',
      async () => {
        const status = (await call('GET', `${h.base}/api/store/status-session`, undefined, token)).body
          .status;
        seen.add(status);
        return status === 'CONNECTED' ? true : undefined;
      },
      30_000,
    );
    expect([...seen].filter((s) => s === 'QRCODE' || s === 'PHONECODE')).toEqual([]);
    expect(h.holderOf('store', ['shard-a'])).toBe('shard-a');
    // a login with the restored credentials, no new pairing
    expect((await h.simStats()).logins).toBeGreaterThan(logins);

    await call(
      'POST',
      `${h.base}/api/store/send-message`,
      { phone: CUSTOMER, message: 'from the cluster' },
      token,
    );
    await h.waitUntil('the customer to get the cluster text', customerGot('from the cluster'), 20_000);
    await call('POST', `${h.simBase}/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'hi cluster' });
    await h.receiver.waitFor(
      1,
      (w) => w.url === '/hook' && w.body?.event === 'onmessage' && w.body?.body === 'hi cluster',
      20_000,
    );
    // the standalone's pairing sent QR webhooks; the restored session none
    expect(h.receiver.received.some((w) => w.body?.event === 'qrcode' && w.at < since)).toBe(true);
    expect(h.receiver.received.some((w) => w.body?.event === 'qrcode' && w.at >= since)).toBe(false);
  }, 180_000);
});
