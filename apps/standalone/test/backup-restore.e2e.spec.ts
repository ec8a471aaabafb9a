import { request } from 'node:http';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import { WaSimulator } from '@zapgate/wa-sim';
import { WEBHOOK_HEADERS, verifyWebhookSignature } from '@zapgate/webhook-core';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { pino } from 'pino';
import { poll, startSandbox, type Sandbox } from './standalone-harness.js';

// Two standalone zapgates (each its own DATA_DIR, SECRET_KEY and ZG_DATA_KEY) on one simulator:
// a session paired on A is backed up, A stops, B restores the zip and the session logs in there
// without a QR, sends and receives; then clear-session-data makes it ask for a QR again.
const SHOP = '5511950000001';
const CUSTOMER = '5511950000002';
const SIGNING_SECRET = 'backup-restore-signing-secret';

describe('WPPConnect backup-sessions and restore-sessions between two zapgates', () => {
  let sim: WaSimulator;
  let receiver: WebhookReceiver;
  const open: Sandbox[] = [];

  const startZapgate = async () => {
    const h = await startSandbox({
      ZG_SANDBOX: 'false',
      WA_WEBSOCKET_URL: sim.url,
      WA_SIM_TRUST_ROOT: sim.rootPublicKey.toString('base64'),
      // the receiver runs on loopback: the explicit opt-in for private targets
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    open.push(h);
    return h;
  };
  const stop = async (h: Sandbox) => {
    open.splice(open.indexOf(h), 1);
    await h.close();
  };
  const token = async (h: Sandbox, session = 'store'): Promise<string> =>
    (await h.call('POST', `/api/${session}/${h.zg.secretKey}/generate-token`)).body.token;
  const status = async (h: Sandbox, t: string, session = 'store'): Promise<string> =>
    (await h.call('GET', `/api/${session}/status-session`, undefined, t)).body.status;
  const backup = async (h: Sandbox, secret = h.zg.secretKey) => {
    const res = await fetch(`${h.zg.url}/api/${secret}/backup-sessions`);
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      type,
      zip: type.includes('zip') ? new Uint8Array(await res.arrayBuffer()) : undefined,
      body: type.includes('json') ? await res.json() : undefined,
    };
  };
  const restore = async (h: Sandbox, zip: Uint8Array | undefined, secret = h.zg.secretKey) => {
    const form = new FormData();
    if (zip) form.append('file', new Blob([zip], { type: 'application/zip' }), 'sessions.zip');
    else form.append('note', 'no file');
    const res = await fetch(`${h.zg.url}/api/${secret}/restore-sessions`, { method: 'POST', body: form });
    return { status: res.status, body: await res.json() };
  };
  /**
   * A multipart upload on its own connection that takes an answer given before the body was read
   * (the wrong-secret refusal closes the connection, which fetch reports as a failed upload).
   */
  const restoreRefusedEarly = (h: Sandbox, zip: Uint8Array, secret: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const boundary = 'zg-backup-restore-boundary';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.zip"\r\n` +
            'Content-Type: application/zip\r\n\r\n',
        ),
        zip,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const { hostname, port } = new URL(h.zg.url);
      const req = request({
        host: hostname,
        port,
        method: 'POST',
        path: `/api/${secret}/restore-sessions`,
        agent: false,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(body.length),
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // the server closing the connection after its answer may surface here as well
        if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
      });
      req.end(body);
    });
  const incoming = (text: string) => (w: ReceivedWebhook) =>
    w.url === '/hook' && w.body?.event === 'onmessage' && w.body?.body === text;
  const phoneGot = (text: string) => () =>
    Promise.resolve(
      sim.messagesOf(CUSTOMER).some((m) => m.direction === 'in' && m.text === text) ? true : undefined,
    );

  beforeAll(async () => {
    sim = await WaSimulator.start({ logger: pino({ level: 'silent' }) });
    receiver = await startWebhookReceiver();
    await sim.createPhone({ number: SHOP, name: 'Shop' });
    await sim.createPhone({ number: CUSTOMER, name: 'Customer' });
  });
  afterAll(async () => {
    for (const h of [...open]) await h.close();
    await receiver?.close();
    await sim?.stop();
  });

  it('restores a paired session on another zapgate: no QR, sends, receives, signs; clear-session-data asks for a QR', async () => {
    // A: pair, sign webhooks, talk both ways (the Signal sessions with the customer exist)
    const a = await startZapgate();
    const tokenA = await token(a);
    const started = await a.call(
      'POST',
      '/api/store/start-session',
      { waitQrCode: true, webhook: `${receiver.url}/hook` },
      tokenA,
    );
    expect(started.body.status).toBe('qrcode');
    await sim.scanQr(SHOP, started.body.urlcode);
    await poll('A connected', async () => ((await status(a, tokenA)) === 'CONNECTED' ? true : undefined));
    expect(
      (await a.call('POST', '/api/store/webhook-secret', { secret: SIGNING_SECRET }, tokenA)).status,
    ).toBe(200);
    await a.call('POST', '/api/store/send-message', { phone: CUSTOMER, message: 'hello from A' }, tokenA);
    await poll('the customer to get A', phoneGot('hello from A'));
    await sim.sendFromPhone(CUSTOMER, SHOP, 'hi A');
    await receiver.waitFor(1, incoming('hi A'));
    const linked = sim.getPhone(SHOP).devices.length;

    const taken = await backup(a);
    expect(taken).toMatchObject({ status: 200, type: 'application/zip' });
    const files = unzipSync(taken.zip!);
    expect(Object.keys(files).sort()).toEqual([
      'manifest.json',
      'sessions/store/auth.jsonl',
      'sessions/store/instance.json',
    ]);
    expect(JSON.parse(strFromU8(files['manifest.json']!))).toMatchObject({
      format: 'zapgate-sessions',
      version: 1,
      sessions: [{ key: 'store' }],
    });
    // one account, one socket: A stops before B takes the session over
    await stop(a);

    // B: a fresh DATA_DIR, its own SECRET_KEY and ZG_DATA_KEY
    const b = await startZapgate();
    expect(b.zg.secretKey).not.toBe(a.zg.secretKey);
    // tokens are bcrypt(session + SECRET_KEY): B issues its own
    const tokenB = await token(b);
    // the name already started here, unpaired (QR on screen): refused while open, restored once closed
    const waiting = await b.call('POST', '/api/store/start-session', { waitQrCode: true }, tokenB);
    expect(waiting.body.status).toBe('qrcode');
    expect(await restore(b, taken.zip)).toMatchObject({
      status: 409,
      body: { status: 'error', message: expect.stringContaining('is qr: close it (close-session)') },
    });
    await b.call('POST', '/api/store/close-session', {}, tokenB);
    const since = Date.now();
    expect(await restore(b, taken.zip)).toEqual({
      status: 200,
      body: { success: true, restored: ['store'] },
    });
    const seen = new Set<string>();
    await poll('B connected', async () => {
      const s = await status(b, tokenB);
      seen.add(s);
      return s === 'CONNECTED' ? true : undefined;
    });
    expect([...seen].filter((s) => s === 'QRCODE' || s === 'PHONECODE')).toEqual([]);
    // the same linked device, not a new one
    expect(sim.getPhone(SHOP).devices).toHaveLength(linked);

    await b.call('POST', '/api/store/send-message', { phone: CUSTOMER, message: 'hello from B' }, tokenB);
    await poll('the customer to get B', phoneGot('hello from B'));
    await sim.sendFromPhone(CUSTOMER, SHOP, 'hi B');
    // the restored webhook settings, and the signing secret sealed again under B's ZG_DATA_KEY
    const [hook] = await receiver.waitFor(1, incoming('hi B'));
    expect(
      verifyWebhookSignature(
        SIGNING_SECRET,
        hook!.headers[WEBHOOK_HEADERS.timestamp] as string,
        hook!.raw,
        hook!.headers[WEBHOOK_HEADERS.signature] as string,
      ),
    ).toBe(true);
    expect(receiver.received.some((w) => w.at >= since && w.body?.event === 'qrcode')).toBe(false);

    // a session open here is not restored over (nothing written)
    const again = await restore(b, taken.zip);
    expect(again).toMatchObject({
      status: 409,
      body: { status: 'error', message: expect.stringContaining('close it (close-session)') },
    });
    expect(await status(b, tokenB)).toBe('CONNECTED');
    // once closed it is: the session reads the restored auth state when it starts again
    await b.call('POST', '/api/store/close-session', {}, tokenB);
    expect(await status(b, tokenB)).toBe('CLOSED');
    const current = (await backup(b)).zip!;
    expect(await restore(b, current)).toEqual({ status: 200, body: { success: true, restored: ['store'] } });
    await poll('B connected again', async () =>
      (await status(b, tokenB)) === 'CONNECTED' ? true : undefined,
    );
    await b.call('POST', '/api/store/send-message', { phone: CUSTOMER, message: 'B again' }, tokenB);
    await poll('the customer to get B again', phoneGot('B again'));

    // clear-session-data: the session is forgotten, the next start needs a QR
    const wrong = await b.call('POST', `/api/store/not-the-secret/clear-session-data`);
    expect(wrong).toEqual({
      status: 400,
      body: { response: 'error', message: 'The token is incorrect' },
      headers: expect.anything(),
    });
    expect(await status(b, tokenB)).toBe('CONNECTED');
    expect((await b.call('POST', `/api/store/${b.zg.secretKey}/clear-session-data`)).body).toEqual({
      success: true,
    });
    expect(await status(b, tokenB)).toBe('CLOSED');
    // the device is unlinked on the phone too
    await poll('the device unlinked', async () =>
      sim.getPhone(SHOP).devices.length < linked ? true : undefined,
    );
    const restart = await b.call('POST', '/api/store/start-session', { waitQrCode: true }, tokenB);
    expect(restart.body).toMatchObject({ status: 'qrcode', urlcode: expect.any(String) });
    // clearing what does not exist is no error
    expect((await b.call('POST', `/api/nobody/${b.zg.secretKey}/clear-session-data`)).body).toEqual({
      success: true,
    });
  }, 120_000);

  it('refuses bad archives and wrong secret keys with the dialect bodies; battery is 501', async () => {
    const h = await startZapgate();
    const t = await token(h, 'empty');
    await h.call('POST', '/api/empty/start-session', {}, t);
    const good = (await backup(h)).zip!;
    const manifest = JSON.parse(strFromU8(unzipSync(good)['manifest.json']!)) as Record<string, unknown>;

    const bad: [string, Uint8Array | undefined, RegExp][] = [
      ['not a zip', strToU8('this is not a zip'), /not a readable zip/],
      ['no file', undefined, /multipart\/form-data in the field "file"/],
      ['no manifest', zipSync({ 'notes.txt': strToU8('x') }), /not one of manifest.json/],
      [
        'another version',
        zipSync({ 'manifest.json': strToU8(JSON.stringify({ ...manifest, version: 7 })) }),
        /version 7; this zapgate reads version 1/,
      ],
      [
        'path traversal',
        zipSync({ ...unzipSync(good), '../../escape.json': strToU8('{}') }),
        /leaves its folder/,
      ],
    ];
    for (const [what, zip, message] of bad) {
      const res = await restore(h, zip);
      expect({ what, ...res }).toEqual({
        what,
        status: 400,
        body: { status: 'error', message: expect.stringMatching(message), code: 'validation_failed' },
      });
    }

    // wrong SECRET_KEY: each route's own 400 body, nothing read or written
    expect(await backup(h, 'wrong-secret')).toMatchObject({
      status: 400,
      body: { response: false, message: 'The token is incorrect' },
    });
    expect(await restoreRefusedEarly(h, good, 'wrong-secret')).toEqual({
      status: 400,
      body: { response: false, message: 'The token is incorrect' },
    });

    const battery = await h.call('GET', '/api/empty/get-battery-level', undefined, t);
    expect(battery).toMatchObject({
      status: 501,
      body: { status: 'error', message: expect.stringContaining('does not report it to linked devices') },
    });
    // without a valid token, the usual 401 first
    expect((await h.call('GET', '/api/empty/get-battery-level', undefined, 'nope')).status).toBe(401);
  }, 60_000);
});
