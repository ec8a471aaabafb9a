import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import { startSandbox } from './standalone-harness.js';

/** The verification snippet exactly as the README shows it, loaded as a module. */
async function readmeVerifier(): Promise<(secret: string, headers: object, raw: string) => boolean> {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const code = /<!-- webhook-verify-snippet -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error('README has no webhook verification snippet');
  const dir = await mkdtemp(join(tmpdir(), 'zg-snippet-'));
  const file = join(dir, 'verify.mjs');
  await writeFile(file, code);
  const mod = (await import(pathToFileURL(file).href)) as { verifyZapgateWebhook: never };
  await rm(dir, { recursive: true, force: true });
  return mod.verifyZapgateWebhook;
}

describe('webhooks, standalone sandbox against the simulator', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: WebhookReceiver;
  let megaToken: string;
  let wppToken: string;
  /** The standalone's DATA_DIR (the store on disk, secrets.json). */
  let dataDir: string;
  const SHOP = '5511960000001';
  const STORE = '5511960000002';
  const CUSTOMER = '5511960000003';

  const waitConnected = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await check()).toBe(true);
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    dataDir = await mkdtemp(join(tmpdir(), 'zg-webhooks-data-'));
    h = await startSandbox({
      DATA_DIR: dataDir,
      WEBHOOK_BACKOFF_BASE_MS: '50',
      WEBHOOK_BACKOFF_MAX_MS: '200',
      // a delivery to a closed port stays pending (retrying) while a test changes the URL
      WEBHOOK_MAX_ATTEMPTS: '100',
    });
    for (const number of [SHOP, STORE, CUSTOMER]) await h.call('POST', '/sandbox/phones', { number });

    // mega instance "shop", its webhook configured through configWebhook, signed
    const init = await h.call('POST', '/rest/instance/init?instance_key=shop', {}, h.zg.adminToken);
    megaToken = init.body.data.token;
    expect(
      await h.call(
        'POST',
        '/rest/webhook/shop/configWebhook',
        { messageData: { webhookUrl: `${receiver.url}/mega?token=abc&x=1`, webhookEnabled: true } },
        megaToken,
      ),
    ).toMatchObject({ status: 201, body: { error: false } });
    const qr = await h.call('GET', '/rest/instance/qrcode_base64/shop', undefined, megaToken);
    await h.call('POST', `/sandbox/phones/${SHOP}/scan`, { qr: qr.body.qrcode });
    await waitConnected(
      async () =>
        (await h.call('GET', '/rest/instance/shop', undefined, megaToken)).body.instance?.status ===
        'connected',
    );

    // WPPConnect session "store", its webhook given to start-session
    wppToken = (await h.call('POST', `/api/store/${h.zg.secretKey}/generate-token`)).body.token;
    const started = await h.call(
      'POST',
      '/api/store/start-session',
      { waitQrCode: true, webhook: `${receiver.url}/wpp` },
      wppToken,
    );
    await h.call('POST', `/sandbox/phones/${STORE}/scan`, { qr: started.body.urlcode });
    await waitConnected(
      async () =>
        (await h.call('GET', '/api/store/status-session', undefined, wppToken)).body.status === 'CONNECTED',
    );
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  const fromMega = (h: ReceivedWebhook) => h.url.startsWith('/mega');
  const fromWpp = (h: ReceivedWebhook) => h.url === '/wpp';
  /** The simulator's phones send texts as extendedTextMessage, as WhatsApp's apps do. */
  const megaText = (w: ReceivedWebhook): string | undefined =>
    w.body?.message?.extendedTextMessage?.text ?? w.body?.message?.conversation;

  it('delivers a phone message to each instance in its dialect, and acks of sent messages as status events', async () => {
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'hello shop' });
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: STORE, text: 'hello store' });
    const [mega] = await receiver.waitFor(1, (w) => fromMega(w) && megaText(w) === 'hello shop');
    expect(mega).toMatchObject({
      url: '/mega?token=abc&x=1',
      headers: { 'x-zapgate-event': 'message', 'x-zapgate-event-id': expect.any(String) },
      body: {
        instance_key: 'shop',
        jid: `${SHOP}@s.whatsapp.net`,
        messageType: 'extendedTextMessage',
        key: { remoteJid: `${CUSTOMER}@s.whatsapp.net`, fromMe: false, id: expect.any(String) },
        message: { extendedTextMessage: { text: 'hello shop' } },
      },
    });
    const [wpp] = await receiver.waitFor(1, (w) => fromWpp(w) && w.body.event === 'onmessage');
    expect(wpp).toMatchObject({
      headers: { 'x-zapgate-event': 'onmessage' },
      body: {
        event: 'onmessage',
        session: 'store',
        body: 'hello store',
        from: `${CUSTOMER}@c.us`,
        fromMe: false,
      },
    });

    // the instances send; the customer's phone reads: acks come back as status events
    const sent = await h.call(
      'POST',
      '/rest/sendMessage/shop/text',
      { messageData: { to: CUSTOMER, text: 'thanks from shop' } },
      megaToken,
    );
    const megaId: string = sent.body.messageData.key.id;
    const wppSent = await h.call(
      'POST',
      '/api/store/send-message',
      { phone: CUSTOMER, message: 'thanks from store' },
      wppToken,
    );
    expect(wppSent.status).toBe(201);
    const customer = h.zg.sim!.phone(CUSTOMER);
    const got = await customer.waitForMessage((m) => m.id === megaId);
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/read`, { ids: [got.id] });
    const acks = await receiver.waitFor(
      1,
      (w) =>
        fromMega(w) &&
        w.body.messageType === 'message.ack' &&
        w.body.key?.id === megaId &&
        w.body.update?.status >= 3,
    );
    expect(acks[0]!.body).toMatchObject({ instance_key: 'shop', key: { fromMe: true, id: megaId } });
    await receiver.waitFor(1, (w) => fromWpp(w) && w.body.event === 'onack' && w.body.ack >= 1);
    // the global WEBHOOK_URL is not set and no filter: nothing else went anywhere else
    expect(receiver.received.every((w) => fromMega(w) || fromWpp(w))).toBe(true);
  });

  it('signs with the secret set in each dialect: the README snippet verifies, a tampered body fails', async () => {
    const verify = await readmeVerifier();
    const megaSecret = await h.call('POST', '/rest/webhook/shop/secret', {}, megaToken);
    expect(megaSecret).toMatchObject({ status: 200, body: { error: false, secret: expect.any(String) } });
    const wppSecret = 'store-secret-0123456789';
    expect(await h.call('POST', '/api/store/webhook-secret', { secret: wppSecret }, wppToken)).toMatchObject({
      status: 200,
      body: { status: 'success' },
    });
    expect((await h.call('POST', '/api/store/webhook-secret', { secret: 'short' }, wppToken)).status).toBe(
      400,
    );

    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'signed shop' });
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: STORE, text: 'signed store' });
    const [mega] = await receiver.waitFor(1, (w) => fromMega(w) && megaText(w) === 'signed shop');
    const [wpp] = await receiver.waitFor(1, (w) => fromWpp(w) && w.body.body === 'signed store');
    expect(verify(megaSecret.body.secret, mega!.headers, mega!.raw)).toBe(true);
    expect(verify(wppSecret, wpp!.headers, wpp!.raw)).toBe(true);
    expect(verify(wppSecret, wpp!.headers, wpp!.raw.replace('signed store', 'signed st0re'))).toBe(false);
    expect(verify('another-secret-0123456789', wpp!.headers, wpp!.raw)).toBe(false);
    for (const w of [mega!, wpp!]) {
      expect(w.raw).not.toContain(megaSecret.body.secret);
      expect(w.raw).not.toContain(wppSecret);
      expect(w.raw).not.toContain(megaToken);
    }
    // the settings read back never show the secret
    const settings = await h.call('GET', '/rest/webhook/shop', undefined, megaToken);
    expect(settings.body.webhookData).toEqual({
      webhookUrl: `${receiver.url}/mega?token=abc&x=1`,
      webhookEnabled: true,
      events: [],
      signed: true,
    });
    // on disk, both secrets are sealed (AES-256-GCM) under the data key kept in secrets.json
    const stored = await readFile(join(dataDir, 'store', 'instances.db'), 'utf8');
    expect(stored).not.toContain(megaSecret.body.secret);
    expect(stored).not.toContain(wppSecret);
    expect(stored.match(/"webhookSecret":"enc:v1:/g)?.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'))).toMatchObject({
      dataKey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    });
  });

  it('refuses bad configuration with a clear error in each dialect', async () => {
    const mega = (messageData: object) =>
      h.call('POST', '/rest/webhook/shop/configWebhook', { messageData }, megaToken);
    expect(await mega({ webhookUrl: 'not a url' })).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringMatching(/webhookUrl: .*not a valid absolute URL/) },
    });
    expect(await mega({ webhookUrl: 'http://169.254.169.254/latest/meta-data' })).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringContaining('link-local') },
    });
    expect(await mega({ webhookUrl: 'http://metadata.google.internal/computeMetadata/v1/' })).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringContaining('cloud metadata') },
    });
    // the metadata address inside IPv6: NAT64, IPv4-compatible, IPv4-mapped
    for (const webhookUrl of [
      'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
      'http://[::a9fe:a9fe]/',
      'http://[::ffff:169.254.169.254]/',
    ])
      expect(await mega({ webhookUrl })).toMatchObject({
        status: 400,
        body: { error: true, message: expect.stringMatching(/carrying 169\.254\.169\.254.*link-local/) },
      });
    expect(
      await mega({ webhookUrl: `${receiver.url}/mega`, events: ['message', 'onmessage'] }),
    ).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringContaining('unknown event name(s) onmessage') },
    });
    expect(
      await h.call(
        'POST',
        '/rest/instance/init?instance_key=meta',
        { messageData: { webhookUrl: 'http://[fd00:ec2::254]/' } },
        h.zg.adminToken,
      ),
    ).toMatchObject({ status: 400, body: { error: true, message: expect.stringContaining('metadata') } });

    const wpp = (body: object) => h.call('POST', '/api/store/start-session', body, wppToken);
    expect(await wpp({ webhook: 'ftp://nope' })).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringMatching(/webhook: .*http or https/) },
    });
    expect(await wpp({ webhook: 'http://169.254.169.254/' })).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringContaining('link-local') },
    });
    expect(await wpp({ webhook: 'http://[64:ff9b::169.254.169.254]/' })).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringMatching(/carrying 169\.254\.169\.254.*link-local/) },
    });
    expect(await wpp({ webhook: `${receiver.url}/wpp`, events: ['message'] })).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringContaining('unknown event name(s) message') },
    });
    // nothing was changed by the refused calls
    expect(
      (await h.call('GET', '/rest/webhook/shop', undefined, megaToken)).body.webhookData.webhookUrl,
    ).toBe(`${receiver.url}/mega?token=abc&x=1`);
  });

  it('filters events per instance, and lists, dead-letters and replays deliveries in both dialects', async () => {
    // mega: only acks from now on
    await h.call(
      'POST',
      '/rest/webhook/shop/configWebhook',
      { messageData: { events: ['message.ack'] } },
      megaToken,
    );
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'filtered out' });
    // wpp: a receiver path that refuses (400: a dead letter at once)
    receiver.respond = (w, res) => void res.writeHead(w.body?.body === 'refused' ? 400 : 200).end();
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: STORE, text: 'refused' });

    let dead: { id: string }[] = [];
    for (let i = 0; i < 200 && !dead.length; i++) {
      dead = (await h.call('GET', '/api/store/webhook-dead-letters', undefined, wppToken)).body.response;
      if (!dead.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(dead[0]).toMatchObject({
      event: 'onmessage',
      status: 'dead',
      attempts: 1,
      lastStatusCode: 400,
      body: { body: 'refused' },
      log: [expect.objectContaining({ statusCode: 400, latencyMs: expect.any(Number) })],
    });
    receiver.respond = (_w, res) => void res.writeHead(200).end();
    expect(
      await h.call('POST', `/api/store/webhook-deliveries/${dead[0]!.id}/replay`, {}, wppToken),
    ).toMatchObject({ status: 200, body: { status: 'success', replayed: 1 } });
    const [replayed] = await receiver.waitFor(1, (w) => fromWpp(w) && w.body.body === 'refused');
    expect(replayed!.headers['x-zapgate-event-id']).toBe(dead[0]!.id);

    const list = await h.call(
      'GET',
      '/rest/webhook/shop/deliveries?status=delivered&limit=500',
      undefined,
      megaToken,
    );
    expect(list).toMatchObject({ status: 200, body: { error: false } });
    const texts = list.body.data.map((d: { body: unknown }) => megaText({ body: d.body } as ReceivedWebhook));
    expect(texts).toContain('hello shop');
    expect(texts).not.toContain('filtered out');

    // replay a time range: every delivery of the shop again, same ids
    const before = receiver.received.filter(fromMega).length;
    const range = await h.call(
      'POST',
      '/rest/webhook/shop/replay',
      { messageData: { from: '2000-01-01T00:00:00Z', to: new Date(Date.now() + 60_000).toISOString() } },
      megaToken,
    );
    expect(range).toMatchObject({ status: 200, body: { error: false, replayed: expect.any(Number) } });
    expect(range.body.replayed).toBeGreaterThanOrEqual(list.body.data.length);
    const again = await receiver.waitFor(before + range.body.replayed, fromMega);
    const ids = new Set(list.body.data.map((d: { id: string }) => d.id));
    expect(again.slice(before).every((w) => w.headers['x-zapgate-event-id'] !== undefined)).toBe(true);
    expect(again.slice(before).filter((w) => ids.has(w.headers['x-zapgate-event-id'] as string)).length).toBe(
      ids.size,
    );
    expect(
      await h.call(
        'POST',
        '/rest/webhook/shop/replay',
        { messageData: { from: 'yesterday', to: 'x' } },
        megaToken,
      ),
    ).toMatchObject({ status: 400, body: { error: true } });
    expect(
      await h.call('GET', '/api/store/webhook-deliveries?status=nope', undefined, wppToken),
    ).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringContaining('status must be one of') },
    });
    expect(
      await h.call('GET', '/rest/webhook/shop/deliveries?status=nope', undefined, megaToken),
    ).toMatchObject({
      status: 400,
      body: {
        error: true,
        message: expect.stringContaining('status must be one of pending, delivered, dead'),
      },
    });
    expect(
      await h.call('GET', '/rest/webhook/shop/deliveries?from=yesterday', undefined, megaToken),
    ).toMatchObject({
      status: 400,
      body: { error: true, message: 'from must be an ISO date-time' },
    });
    expect(await h.call('GET', '/rest/webhook/shop/deadLetters', undefined, 'wrong-token')).toMatchObject({
      status: 401,
      body: { error: true },
    });
  });

  it('answers a replay of another instance’s delivery with delivery_not_found, a bad limit with 400, in each dialect', async () => {
    const [megaDelivery] = (
      await h.call('GET', '/rest/webhook/shop/deliveries?limit=1', undefined, megaToken)
    ).body.data;
    const [wppDelivery] = (await h.call('GET', '/api/store/webhook-deliveries?limit=1', undefined, wppToken))
      .body.response;
    expect(megaDelivery?.id).toEqual(expect.any(String));
    expect(wppDelivery?.id).toEqual(expect.any(String));
    expect(
      await h.call('POST', `/rest/webhook/shop/deliveries/${wppDelivery.id}/replay`, {}, megaToken),
    ).toMatchObject({
      status: 404,
      body: { error: true, code: 'delivery_not_found', message: expect.stringContaining('not found') },
    });
    expect(
      await h.call('POST', `/api/store/webhook-deliveries/${megaDelivery.id}/replay`, {}, wppToken),
    ).toMatchObject({
      status: 404,
      body: { status: 'error', message: `delivery ${megaDelivery.id} not found for store` },
    });
    for (const limit of ['-1', '0', '1.5', 'ten', '501', '1&limit=2']) {
      expect({
        limit,
        answer: await h.call('GET', `/rest/webhook/shop/deliveries?limit=${limit}`, undefined, megaToken),
      }).toMatchObject({
        limit,
        answer: { status: 400, body: { error: true, message: expect.stringMatching(/limit must/) } },
      });
      expect({
        limit,
        answer: await h.call('GET', `/api/store/webhook-deliveries?limit=${limit}`, undefined, wppToken),
      }).toMatchObject({
        limit,
        answer: { status: 400, body: { status: 'error', message: expect.stringMatching(/limit must/) } },
      });
    }
    expect(
      (await h.call('GET', '/rest/webhook/shop/deliveries?limit=500', undefined, megaToken)).status,
    ).toBe(200);
  });

  it('sends what is pending to the URL configured now, in each dialect; the log says only "connection failed"', async () => {
    const closed = await startWebhookReceiver();
    await closed.close(); // a closed port: connection refused
    expect(
      await h.call(
        'POST',
        '/rest/webhook/shop/configWebhook',
        { messageData: { webhookUrl: `${closed.url}/gone`, events: [] } },
        megaToken,
      ),
    ).toMatchObject({ status: 201 });
    expect(
      await h.call('POST', '/api/store/start-session', { webhook: `${closed.url}/gone` }, wppToken),
    ).toMatchObject({ status: 200 });
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'moved shop' });
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: STORE, text: 'moved store' });

    type View = { id: string; url: string; attempts: number; lastError?: string; log: object[]; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const pending = async (path: string, token: string, field: 'data' | 'response') => {
      for (let i = 0; i < 400; i++) {
        const list: View[] = (await h.call('GET', `${path}?status=pending&limit=500`, undefined, token)).body[
          field
        ];
        const tried = list.filter((d) => d.attempts >= 2);
        if (tried.length) return { list, tried };
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`nothing pending was tried twice at ${path}`);
    };
    const mega = await pending('/rest/webhook/shop/deliveries', megaToken, 'data');
    const wpp = await pending('/api/store/webhook-deliveries', wppToken, 'response');
    for (const { tried } of [mega, wpp])
      for (const d of tried) {
        // a closed port: the log tells no more than "connection failed" (no cause, no timing)
        expect(d).toMatchObject({ url: `${closed.url}/gone`, lastError: 'connection failed' });
        for (const entry of d.log)
          expect(entry).toEqual({ at: expect.any(String), error: 'connection failed' });
      }
    const megaMoved = mega.list.find((d) => megaText({ body: d.body } as ReceivedWebhook) === 'moved shop');
    const wppMoved = wpp.list.find((d) => d.body?.body === 'moved store');
    expect(megaMoved).toBeDefined();
    expect(wppMoved).toBeDefined();

    // the URLs fixed: what was pending goes there, same event ids
    await h.call(
      'POST',
      '/rest/webhook/shop/configWebhook',
      { messageData: { webhookUrl: `${receiver.url}/mega-new` } },
      megaToken,
    );
    await h.call('POST', '/api/store/start-session', { webhook: `${receiver.url}/wpp-new` }, wppToken);
    const [megaHook] = await receiver.waitFor(
      1,
      (w) => w.url === '/mega-new' && megaText(w) === 'moved shop',
      10_000,
    );
    const [wppHook] = await receiver.waitFor(
      1,
      (w) => w.url === '/wpp-new' && w.body?.body === 'moved store',
      10_000,
    );
    expect(megaHook!.headers['x-zapgate-event-id']).toBe(megaMoved!.id);
    expect(wppHook!.headers['x-zapgate-event-id']).toBe(wppMoved!.id);
    expect(receiver.requests.some((w) => w.url === '/gone')).toBe(false);
  });

  it('refuses loopback and private webhook targets outside the sandbox unless allowed, in each dialect', async () => {
    const sim = h.zg.sim!;
    const outside = await startSandbox({
      ZG_SANDBOX: 'false',
      WA_WEBSOCKET_URL: sim.url,
      WA_SIM_TRUST_ROOT: sim.rootPublicKey.toString('base64'),
    });
    try {
      const token = (
        await outside.call('POST', '/rest/instance/init?instance_key=plain', {}, outside.zg.adminToken)
      ).body.data.token;
      const mega = (webhookUrl: string) =>
        outside.call('POST', '/rest/webhook/plain/configWebhook', { messageData: { webhookUrl } }, token);
      for (const url of [`${receiver.url}/x`, 'http://localhost:8080/x', 'http://[::ffff:10.0.0.1]/x'])
        expect(await mega(url)).toMatchObject({
          status: 400,
          body: { error: true, message: expect.stringContaining('WEBHOOK_ALLOW_PRIVATE_NETWORKS=true') },
        });
      expect(await mega('https://hooks.example.com/x')).toMatchObject({ status: 201 });

      const wppToken = (await outside.call('POST', `/api/plainwpp/${outside.zg.secretKey}/generate-token`))
        .body.token;
      expect(
        await outside.call(
          'POST',
          '/api/plainwpp/start-session',
          { webhook: 'http://192.168.0.10/x' },
          wppToken,
        ),
      ).toMatchObject({
        status: 400,
        body: { status: 'error', message: expect.stringContaining('WEBHOOK_ALLOW_PRIVATE_NETWORKS=true') },
      });
    } finally {
      await outside.close();
    }
  });
});
