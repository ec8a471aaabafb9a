import { io, type Socket } from 'socket.io-client';
import { addPhones, poll, startSandbox, type Sandbox } from './standalone-harness.js';

/** A Socket.IO client of the gateway that records every event it gets. */
function listen(url: string, auth: Record<string, string>) {
  const events: { name: string; payload: unknown }[] = [];
  const socket: Socket = io(url, { auth, transports: ['websocket'], reconnection: false });
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload }));
  const ready = new Promise<'connected' | string>((resolve) => {
    socket.on('connect', () => resolve('connected'));
    socket.on('connect_error', (err) => resolve(err.message));
  });
  return { socket, events, ready };
}

describe('Socket.IO events (WPPConnect, same port)', () => {
  let h: Sandbox;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    h = await startSandbox();
    await addPhones(h, [
      ['5511988880001', 'Shop'],
      ['5511988880002', 'Client'],
    ]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await h?.close();
  });

  it('delivers qrCode, session-logged and received-message to the session token only', async () => {
    const token = async (session: string): Promise<string> =>
      (await h.call('POST', `/api/${session}/${h.zg.secretKey}/generate-token`)).body.token;
    const [alphaToken, betaToken] = [await token('alpha'), await token('beta')];

    const alpha = listen(h.zg.url, { session: 'alpha', token: alphaToken });
    const beta = listen(h.zg.url, { session: 'beta', token: betaToken });
    const anonymous = listen(h.zg.url, {});
    const wrongSession = listen(h.zg.url, { session: 'beta', token: alphaToken });
    const wrongToken = listen(h.zg.url, { session: 'alpha', token: 'not-a-token' });
    sockets.push(alpha.socket, beta.socket, anonymous.socket, wrongSession.socket, wrongToken.socket);
    expect(await alpha.ready).toBe('connected');
    expect(await beta.ready).toBe('connected');
    expect(await anonymous.ready).toBe('unauthorized');
    expect(await wrongSession.ready).toBe('unauthorized');
    expect(await wrongToken.ready).toBe('unauthorized');

    // alpha starts; its QR arrives on the socket as a PNG data URL, which the phone scans
    const started = await h.call('POST', '/api/alpha/start-session', {}, alphaToken);
    expect(started.status).toBe(200);
    const qr = await poll('qrCode on the socket', async () => alpha.events.find((e) => e.name === 'qrCode'));
    const qrPayload = qr.payload as { data: string; session: string };
    expect(qrPayload.session).toBe('alpha');
    expect(qrPayload.data).toMatch(/^data:image\/png;base64,/);
    expect((await h.call('POST', '/sandbox/phones/5511988880001/scan', { qr: qrPayload.data })).status).toBe(
      200,
    );

    const logged = await poll('session-logged', async () =>
      alpha.events.find((e) => e.name === 'session-logged'),
    );
    expect(logged.payload).toEqual({ status: true, session: 'alpha' });

    await h.call('POST', '/sandbox/phones/5511988880002/messages', {
      to: '5511988880001',
      text: 'socket hello',
    });
    const received = await poll('received-message', async () =>
      alpha.events.find(
        (e) =>
          e.name === 'received-message' &&
          (e.payload as { response: { body?: string } }).response.body === 'socket hello',
      ),
    );
    expect((received.payload as { response: Record<string, unknown> }).response).toMatchObject({
      body: 'socket hello',
      from: '5511988880002@c.us',
      to: '5511988880001@c.us',
      fromMe: false,
    });

    // the message arrived after everything else of alpha; by then beta would have had them too
    expect(beta.events).toEqual([]);
    expect(anonymous.events).toEqual([]);
    expect(alpha.socket.connected).toBe(true);
    expect(beta.socket.connected).toBe(true);

    // the SECRET_KEY hears every session (here a message of alpha's)
    const operator = listen(h.zg.url, { token: h.zg.secretKey });
    sockets.push(operator.socket);
    expect(await operator.ready).toBe('connected');
    await h.call('POST', '/sandbox/phones/5511988880002/messages', {
      to: '5511988880001',
      text: 'for the operator',
    });
    await poll('the operator to get the message', async () =>
      operator.events.find((e) => e.name === 'received-message') ? true : undefined,
    );
    expect(beta.events).toEqual([]);
  });

  it('serves the page and its API behind the admin token or SECRET_KEY', async () => {
    const page = await fetch(`${h.zg.url}/manager`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/manager/manager.js"></script>');
    expect((await fetch(`${h.zg.url}/manager/manager.js`)).status).toBe(200);
    expect((await h.call('GET', '/manager/secrets.json')).status).toBe(404);
    // the Swagger document lists the dialects' routes, not the manager's
    expect(JSON.stringify((await h.call('GET', '/docs-json')).body.paths ?? {})).not.toContain('/manager');

    for (const token of [undefined, 'x'.repeat(32), `${h.zg.adminToken}x`])
      expect((await h.call('GET', '/manager/api/session', undefined, token)).status).toBe(401);
    expect((await h.call('GET', '/manager/api/session', undefined, h.zg.adminToken)).body).toEqual({
      role: 'admin',
      sandbox: true,
    });
    expect((await h.call('GET', '/manager/api/session', undefined, h.zg.secretKey)).body.role).toBe(
      'secret-key',
    );

    const created = await h.call(
      'POST',
      '/manager/api/instances',
      { key: 'megashop', dialect: 'mega' },
      h.zg.secretKey,
    );
    expect(created.status).toBe(201);
    expect(created.body.instance).toMatchObject({
      key: 'megashop',
      dialect: 'mega',
      hasWebhookSecret: false,
    });
    // the token it answers is the instance's own mega-API token
    const own = await h.call('GET', '/rest/instance/megashop', undefined, created.body.token);
    expect(own.status).toBe(200);

    // a pairing code for a number, which the phone types in: the instance connects
    await h.call('POST', '/sandbox/phones', { number: '5511988880003' });
    await h.call('POST', '/manager/api/instances', { key: 'bycode', dialect: 'wppconnect' }, h.zg.adminToken);
    const code = await h.call(
      'POST',
      '/manager/api/instances/bycode/pairing-code',
      { phone: '5511988880003' },
      h.zg.adminToken,
    );
    expect(code.status).toBe(200);
    expect(code.body.code).toMatch(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
    expect(
      (await h.call('POST', '/sandbox/phones/5511988880003/pairing-code', { code: code.body.code })).status,
    ).toBe(200);
    await poll('bycode to connect', async () =>
      (await h.call('GET', '/manager/api/instances/bycode', undefined, h.zg.adminToken)).body.state ===
      'connected'
        ? true
        : undefined,
    );

    const refused = [
      await h.call('POST', '/manager/api/instances', { key: 'megashop', dialect: 'mega' }, h.zg.adminToken),
      await h.call('POST', '/manager/api/instances', { key: 'x y', dialect: 'mega' }, h.zg.adminToken),
      await h.call('POST', '/manager/api/instances', { key: 'other', dialect: 'evolution' }, h.zg.adminToken),
      await h.call('GET', '/manager/api/instances/nobody', undefined, h.zg.adminToken),
      await h.call(
        'PUT',
        '/manager/api/instances/megashop/webhook',
        { url: 'http://169.254.169.254/' },
        h.zg.adminToken,
      ),
    ];
    expect(refused.map((r) => r.status)).toEqual([409, 400, 400, 404, 400]);

    const secret = await h.call(
      'POST',
      '/manager/api/instances/megashop/webhook/secret',
      { secret: 's'.repeat(20) },
      h.zg.adminToken,
    );
    expect(secret.body).toEqual({});
    const one = await h.call('GET', '/manager/api/instances/megashop', undefined, h.zg.adminToken);
    expect(one.body.hasWebhookSecret).toBe(true);
    expect(JSON.stringify(one.body)).not.toContain('s'.repeat(20));
    expect(
      (await h.call('DELETE', '/manager/api/instances/megashop', undefined, h.zg.adminToken)).status,
    ).toBe(204);
    expect((await h.call('GET', '/manager/api/instances/megashop', undefined, h.zg.adminToken)).status).toBe(
      404,
    );
  });
});
