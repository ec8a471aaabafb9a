import { startSandbox, type Http } from './standalone-harness.js';

/**
 * The HTTP edge in each dialect's shape: bodies that are not JSON objects, too big or too deep,
 * unknown routes, repeated query parameters, malformed recipients and group sends answer the
 * dialect's 4xx body (mega `{error: true, message}`, WPPConnect `{status: 'error', message}`),
 * never Nest's default body and never a 500.
 */
describe('HTTP edge errors, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let megaToken: string;
  let wppToken: string;
  const MEGA_PHONE = '5511960000001';
  const WPP_PHONE = '5511960000002';
  const PEER = '5511960000003';

  /** A request with a body sent exactly as given (the harness always JSON-encodes). */
  const raw = async (
    method: string,
    path: string,
    body: string | undefined,
    contentType: string,
    token?: string,
  ): Promise<Http> => {
    const res = await fetch(`${h.zg.url}${path}`, {
      method,
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the assertions below say what was expected
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  /** A mega error: its status, `{error: true, message}`, and nothing of Nest's default body. */
  const megaError = (status: number, extra: Record<string, unknown> = {}) => ({
    status,
    body: { error: true, message: expect.any(String), ...extra },
  });
  /** A WPPConnect error: `{status: 'error', message}`. */
  const wppError = (status: number, extra: Record<string, unknown> = {}) => ({
    status,
    body: { status: 'error', message: expect.any(String), ...extra },
  });
  const notNestDefault = (res: Http) => {
    expect(res.body).not.toHaveProperty('statusCode');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  };

  const waitFor = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not reached in 10 s');
  };

  beforeAll(async () => {
    h = await startSandbox();
    for (const number of [MEGA_PHONE, WPP_PHONE, PEER]) await h.call('POST', '/sandbox/phones', { number });

    const init = await h.call('POST', '/rest/instance/init?instance_key=edge', {}, h.zg.adminToken);
    megaToken = init.body.data.token;
    const code = await h.call(
      'GET',
      `/rest/instance/pairingCode/edge?phoneNumber=${MEGA_PHONE}`,
      undefined,
      megaToken,
    );
    await h.call('POST', `/sandbox/phones/${MEGA_PHONE}/pairing-code`, { code: code.body.pairingCode });

    wppToken = (await h.call('POST', `/api/wedge/${h.zg.secretKey}/generate-token`)).body.token;
    const started = await h.call(
      'POST',
      '/api/wedge/start-session',
      { waitQrCode: true, phone: WPP_PHONE },
      wppToken,
    );
    await h.call('POST', `/sandbox/phones/${WPP_PHONE}/pairing-code`, { code: started.body.phoneCode });

    await waitFor(
      async () =>
        (await h.call('GET', '/rest/instance/edge', undefined, megaToken)).body.instance?.status ===
        'connected',
    );
    await waitFor(
      async () =>
        (await h.call('GET', '/api/wedge/status-session', undefined, wppToken)).body.status === 'CONNECTED',
    );
  }, 60_000);
  afterAll(() => h.close());

  describe('bodies that are not a JSON object (item 1)', () => {
    const bad: [string, string][] = [
      ['invalid JSON', '{"messageData": {"to": '],
      ['a JSON string', '"hello"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['a JSON array', '[{"messageData": {}}]'],
    ];
    const deep = `{"messageData": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;

    it.each(bad)(
      'mega answers 400 in its shape for %s, as application/json and text/plain',
      async (_, body) => {
        for (const type of ['application/json', 'text/plain']) {
          const res = await raw('POST', '/rest/sendMessage/edge/text', body, type, megaToken);
          expect(res).toMatchObject(megaError(400, { code: 'validation_failed' }));
          notNestDefault(res);
        }
      },
    );

    it.each(bad)(
      'WPPConnect answers 400 in its shape for %s, as application/json and text/plain',
      async (_, body) => {
        for (const type of ['application/json', 'text/plain']) {
          const res = await raw('POST', '/api/wedge/send-message', body, type, wppToken);
          expect(res).toMatchObject(wppError(400));
          notNestDefault(res);
        }
      },
    );

    it('answers 400, not a stack overflow, for a body nested 20,000 deep, in both dialects', async () => {
      for (const type of ['application/json', 'text/plain']) {
        const mega = await raw('POST', '/rest/sendMessage/edge/text', deep, type, megaToken);
        expect(mega).toMatchObject(megaError(400, { message: expect.stringContaining('nest') }));
        notNestDefault(mega);
        const wpp = await raw('POST', '/api/wedge/send-message', deep, type, wppToken);
        expect(wpp).toMatchObject(wppError(400, { message: expect.stringContaining('nest') }));
        notNestDefault(wpp);
      }
    });

    it('answers 413 in the dialect for a body over the limit, whatever its content type', async () => {
      const big = JSON.stringify({ messageData: { to: PEER, text: 'x'.repeat(1_100_000) } });
      for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
        const mega = await raw('POST', '/rest/sendMessage/edge/text', big, type, megaToken);
        expect(mega).toMatchObject(megaError(413, { code: 'payload_too_large' }));
        notNestDefault(mega);
        const wpp = await raw('POST', '/api/wedge/send-message', big, type, wppToken);
        expect(wpp).toMatchObject(wppError(413, { code: 'payload_too_large' }));
        notNestDefault(wpp);
      }
    });
  });

  describe("the mega PHP class's missing boolean (item 2)", () => {
    it('reads `"webhookEnabled": }` and `"webhookEnabled": ,` as false on mega routes', async () => {
      const closing = await raw(
        'POST',
        '/rest/instance/init?instance_key=php1',
        '{"messageData": {"webhookUrl": "https://example.test/php", "webhookEnabled": }}',
        'application/json',
        h.zg.adminToken,
      );
      expect(closing).toMatchObject({ status: 201, body: { error: false } });
      expect(
        (await h.call('GET', '/rest/webhook/php1', undefined, h.zg.adminToken)).body.webhookData,
      ).toMatchObject({ webhookUrl: 'https://example.test/php', webhookEnabled: false });

      const comma = await raw(
        'POST',
        '/rest/webhook/php1/configWebhook',
        '{"messageData": {"webhookEnabled": , "webhookUrl": "https://example.test/php2"}}',
        'text/plain',
        h.zg.adminToken,
      );
      expect(comma).toMatchObject({ status: 201, body: { error: false } });
      expect(
        (await h.call('GET', '/rest/webhook/php1', undefined, h.zg.adminToken)).body.webhookData,
      ).toMatchObject({ webhookUrl: 'https://example.test/php2', webhookEnabled: false });
    });

    it('is a mega leniency only: WPPConnect refuses the same body', async () => {
      const res = await raw(
        'POST',
        '/api/wedge/start-session',
        '{"waitQrCode": }',
        'application/json',
        wppToken,
      );
      expect(res).toMatchObject(wppError(400));
    });
  });

  describe('unknown routes (item 3)', () => {
    it('answer 404 in the dialect of their prefix', async () => {
      for (const [method, path, token] of [
        ['POST', '/rest/sendMessage/edge/nope', megaToken],
        ['PUT', '/rest/instance/edge', megaToken],
        ['GET', '/rest/nope', h.zg.adminToken],
        ['GET', '/rest', h.zg.adminToken],
      ] as const) {
        const res = await h.call(method, path, undefined, token);
        expect(res).toMatchObject(megaError(404, { code: 'route_not_found' }));
        notNestDefault(res);
      }
      for (const [method, path] of [
        ['POST', '/api/wedge/nope'],
        ['GET', '/api/wedge/nope/deeper'],
        ['DELETE', '/api/wedge/status-session'],
      ] as const) {
        const res = await h.call(method, path, undefined, wppToken);
        expect(res).toMatchObject(wppError(404, { code: 'route_not_found' }));
        notNestDefault(res);
      }
    });

    it('keeps a plain JSON 404 elsewhere', async () => {
      const res = await h.call('GET', '/nope');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });

  describe('inputs that used to answer 500 (item 4)', () => {
    it('mega: messageData as an array is a 400', async () => {
      for (const [path, token] of [
        ['/rest/sendMessage/edge/text', megaToken],
        ['/rest/instance/init?instance_key=arr', h.zg.adminToken],
        ['/rest/webhook/edge/configWebhook', megaToken],
      ] as const) {
        const res = await h.call('POST', path, { messageData: [{ to: PEER, text: 'x' }] }, token);
        expect(res).toMatchObject(megaError(400, { message: expect.stringContaining('messageData') }));
      }
    });

    it('a query parameter given twice is a 400 in the dialect', async () => {
      const init = await h.call(
        'POST',
        '/rest/instance/init?instance_key=a&instance_key=b',
        {},
        h.zg.adminToken,
      );
      expect(init).toMatchObject(megaError(400, { message: expect.stringContaining('instance_key') }));
      expect(
        await h.call('GET', `/rest/instance/isOnWhatsApp/edge?jid=${PEER}&jid=${PEER}`, undefined, megaToken),
      ).toMatchObject(megaError(400, { message: expect.stringContaining('jid') }));
      expect(
        await h.call('GET', '/api/wedge/webhook-deliveries?limit=1&limit=2', undefined, wppToken),
      ).toMatchObject(wppError(400, { message: expect.stringContaining('limit') }));
    });

    it('a send to a group answers 404 group_not_found in each dialect', async () => {
      const mega = await h.call(
        'POST',
        '/rest/sendMessage/edge/text',
        { messageData: { to: '120363042378568057@g.us', text: 'hi group' } },
        megaToken,
      );
      expect(mega).toMatchObject(megaError(404, { code: 'group_not_found' }));
      for (const body of [
        { phone: '120363042378568057', isGroup: true, message: 'hi group' },
        { phone: '120363042378568057@g.us', message: 'hi group' },
      ]) {
        const wpp = await h.call('POST', '/api/wedge/send-message', body, wppToken);
        expect(wpp).toMatchObject(wppError(404, { code: 'group_not_found' }));
      }
    });
  });

  describe('recipients (item 5)', () => {
    it.each([`${PEER}@s.whatsapp.net@x`, `${PEER}@example.com`, `${PEER}@c.us@g.us`, `${PEER}@broadcast`])(
      'refuses %s in both dialects',
      async (to) => {
        expect(
          await h.call('POST', '/rest/sendMessage/edge/text', { messageData: { to, text: 'x' } }, megaToken),
        ).toMatchObject(megaError(400, { code: 'validation_failed' }));
        expect(
          await h.call('POST', '/api/wedge/send-message', { phone: to, message: 'x' }, wppToken),
        ).toMatchObject(wppError(400, { code: 'validation_failed' }));
      },
    );

    it('refuses an empty WPPConnect message like an empty mega text', async () => {
      expect(
        await h.call(
          'POST',
          '/rest/sendMessage/edge/text',
          { messageData: { to: PEER, text: '' } },
          megaToken,
        ),
      ).toMatchObject(megaError(400, { message: expect.stringContaining('text') }));
      expect(
        await h.call('POST', '/api/wedge/send-message', { phone: PEER, message: '' }, wppToken),
      ).toMatchObject(wppError(400, { message: expect.stringContaining('message') }));
    });
  });

  describe('the largest text (item 6)', () => {
    it('sends a 65,536-character "é" text (131 kB of JSON) in both dialects, also as text/plain', async () => {
      const text = 'é'.repeat(65_536);
      const peer = h.zg.sim!.phone(PEER);
      const mega = await raw(
        'POST',
        '/rest/sendMessage/edge/text',
        JSON.stringify({ messageData: { to: PEER, text } }),
        'text/plain',
        megaToken,
      );
      expect(mega).toMatchObject({ status: 201, body: { error: false } });
      await (await peer).waitForMessage((m) => m.id === mega.body.messageData.key.id && m.text === text);

      const wpp = await h.call('POST', '/api/wedge/send-message', { phone: PEER, message: text }, wppToken);
      expect(wpp).toMatchObject({ status: 201, body: { status: 'success' } });
      const id = (wpp.body.response[0].id as string).split('_')[2]!;
      await (await peer).waitForMessage((m) => m.id === id && m.text === text);
    });

    it('refuses one character more in each dialect', async () => {
      const text = 'é'.repeat(65_537);
      expect(
        await h.call('POST', '/rest/sendMessage/edge/text', { messageData: { to: PEER, text } }, megaToken),
      ).toMatchObject(megaError(400, { message: expect.stringContaining('text') }));
      expect(
        await h.call('POST', '/api/wedge/send-message', { phone: PEER, message: text }, wppToken),
      ).toMatchObject(wppError(400, { message: expect.stringContaining('message') }));
    });
  });

  it("never answers Nest's default body under /rest or /api (item 9)", async () => {
    const mega = await h.call('GET', '/rest/instance/%E0%A4%A', undefined, h.zg.adminToken);
    expect(mega).toMatchObject(megaError(400));
    notNestDefault(mega);
    const wpp = await h.call('POST', '/api/wedge/webhook-deliveries/%E0%A4%A/replay', {}, wppToken);
    expect(wpp).toMatchObject(wppError(400));
    notNestDefault(wpp);
  });

  it('sends no X-Powered-By header (item 7), nor an ETag computed from every answer', async () => {
    for (const res of [
      await h.call('GET', '/rest/instance/edge', undefined, megaToken),
      await h.call('GET', '/api/wedge/status-session', undefined, wppToken),
      await h.call('GET', '/rest/nope'),
    ]) {
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('etag')).toBeNull();
    }
  });

  it('reserves the mega instance key "list" (item 8)', async () => {
    expect(await h.call('POST', '/rest/instance/init?instance_key=list', {}, h.zg.adminToken)).toMatchObject(
      megaError(400, { message: expect.stringContaining('list') }),
    );
    expect((await h.call('GET', '/rest/instance/list', undefined, h.zg.adminToken)).body).toMatchObject({
      error: false,
      data: expect.any(Array),
    });
  });
});

describe('ZG_BODY_LIMIT, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    h = await startSandbox({ ZG_BODY_LIMIT: '2kb' });
  });
  afterAll(() => h.close());

  it('is the one limit of every content type, in each dialect', async () => {
    const body = JSON.stringify({ messageData: { webhookUrl: `https://example.test/${'x'.repeat(2100)}` } });
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      for (const path of ['/rest/instance/init?instance_key=big', `/api/${h.zg.secretKey}/start-all`]) {
        const res = await fetch(`${h.zg.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': type, authorization: `Bearer ${h.zg.adminToken}` },
          body,
        });
        expect({ path, type, status: res.status, body: await res.json() }).toMatchObject({
          status: 413,
          body: { code: 'payload_too_large', message: expect.stringContaining('2048 bytes') },
        });
      }
    }
    // under the limit it is read
    expect(
      await h.call(
        'POST',
        '/rest/instance/init?instance_key=small',
        { messageData: { webhookUrl: 'https://example.test/hook' } },
        h.zg.adminToken,
      ),
    ).toMatchObject({ status: 201, body: { error: false } });
  });
});
