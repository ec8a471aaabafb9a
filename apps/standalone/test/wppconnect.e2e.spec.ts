import { startSandbox } from './standalone-harness.js';

describe('WPPConnect dialect, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());

  it('runs the whole flow: generate-token, start-session with waitQrCode, scan, status, send-message', async () => {
    const generated = await h.call('POST', `/api/store/${h.zg.secretKey}/generate-token`);
    expect(generated).toMatchObject({
      status: 201,
      body: {
        status: 'success',
        session: 'store',
        token: expect.stringMatching(/^\$2[ab]\$10\$/),
        full: expect.stringMatching(/^store:/),
      },
    });
    const { token, full } = generated.body;

    expect(await h.call('GET', '/api/store/status-session', undefined, token)).toMatchObject({
      status: 200,
      body: { status: 'CLOSED', qrcode: null },
    });
    await h.call('POST', '/sandbox/phones', { number: '5511980000001', name: 'Store' });
    const started = await h.call(
      'POST',
      '/api/store/start-session',
      { waitQrCode: true, webhook: 'https://example.test/wpp' },
      token,
    );
    expect(started).toMatchObject({
      status: 200,
      body: {
        status: 'qrcode',
        qrcode: expect.stringMatching(/^iVBOR/),
        urlcode: expect.stringContaining('wa.me'),
        session: 'store',
      },
    });

    const png = await h.call('GET', `/api/${full}/qrcode-session`);
    expect(png.headers.get('content-type')).toBe('image/png');
    await h.call('POST', '/sandbox/phones/5511980000001/scan', {
      qr: `data:image/png;base64,${(png.body as Buffer).toString('base64')}`,
    });

    let status = await h.call('GET', '/api/store/status-session', undefined, token);
    for (let i = 0; i < 200 && status.body.status !== 'CONNECTED'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await h.call('GET', '/api/store/status-session', undefined, token);
    }
    expect(status.body).toMatchObject({ status: 'CONNECTED', version: '2.10.4' });
    expect(await h.call('GET', `/api/${full}/check-connection-session`)).toMatchObject({
      body: { status: true, message: 'Connected' },
    });
    expect(await h.call('GET', `/api/${h.zg.secretKey}/show-all-sessions`)).toMatchObject({
      status: 200,
      body: { response: ['store'] },
    });

    await h.call('POST', '/sandbox/phones', { number: '5511980000002' });
    const sent = await h.call(
      'POST',
      '/api/store/send-message',
      { phone: '5511980000002', message: 'hi from wpp', isGroup: false },
      token,
    );
    expect(sent).toMatchObject({
      status: 201,
      body: {
        status: 'success',
        mapper: 'return',
        response: [
          {
            body: 'hi from wpp',
            to: '5511980000002@c.us',
            fromMe: true,
            id: expect.stringMatching(/^true_5511980000002@c\.us_/),
          },
        ],
      },
    });
    const id = (sent.body.response[0].id as string).split('_')[2]!;
    await h.zg.sim!.phone('5511980000002').waitForMessage((m) => m.id === id && m.text === 'hi from wpp');

    // a phone list (comma or semicolon separated): one message per distinct number, in order
    await h.call('POST', '/sandbox/phones', { number: '5511980000004' });
    const many = await h.call(
      'POST',
      '/api/store/send-message',
      { phone: '5511980000002; 5511980000004,5511980000002', message: 'hi both' },
      token,
    );
    expect(many).toMatchObject({ status: 201, body: { status: 'success', session: 'store' } });
    expect(many.body.response.map((m: { to: string }) => m.to)).toEqual([
      '5511980000002@c.us',
      '5511980000004@c.us',
    ]);
    for (const [i, number] of ['5511980000002', '5511980000004'].entries()) {
      const msgId = (many.body.response[i].id as string).split('_')[2]!;
      await h.zg.sim!.phone(number).waitForMessage((m) => m.id === msgId && m.text === 'hi both');
    }

    expect(
      await h.call('POST', '/api/store/send-message', { phone: '5511989999999', message: 'x' }, token),
    ).toMatchObject({
      status: 400,
      body: { response: null, status: 'Connected', message: 'O número 5511989999999 não existe.' },
    });

    // an option zapgate does not carry out would change what is sent: refused, not ignored
    const unsupported = await h.call(
      'POST',
      '/api/store/send-message',
      { phone: '5511980000002', message: 'x', options: { createChat: true } },
      token,
    );
    expect(unsupported).toMatchObject({
      status: 501,
      body: { message: expect.stringContaining('createChat') },
    });

    expect(await h.call('POST', '/api/store/close-session', undefined, token)).toMatchObject({
      status: 200,
      body: { status: true, message: 'Session successfully closed' },
    });
    expect(
      await h.call('POST', '/api/store/send-message', { phone: '5511980000002', message: 'x' }, token),
    ).toMatchObject({
      status: 404,
      body: { response: null, status: 'Disconnected', message: 'A sessão do WhatsApp não está ativa.' },
    });
    const restarted = await h.call('POST', '/api/store/start-session', { waitQrCode: true }, token);
    expect(restarted.body.status).toBe('CONNECTED'); // logged back in from the stored credentials, no QR
    expect(await h.call('POST', '/api/store/logout-session', undefined, token)).toMatchObject({
      status: 200,
      body: { status: true },
    });
    expect(h.zg.sim!.getPhone('5511980000001').devices.map((d) => d.id)).toEqual([0]);
  });

  it('gives a pairing code with start-session when a phone is given', async () => {
    const { body } = await h.call('POST', `/api/coded/${h.zg.secretKey}/generate-token`);
    await h.call('POST', '/sandbox/phones', { number: '5511980000003' });
    const started = await h.call(
      'POST',
      '/api/coded/start-session',
      { waitQrCode: true, phone: '5511980000003' },
      body.token,
    );
    expect(started).toMatchObject({
      status: 200,
      body: {
        status: 'phoneCode',
        phone: '5511980000003',
        phoneCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
      },
    });
    await h.call('POST', '/sandbox/phones/5511980000003/pairing-code', { code: started.body.phoneCode });
    let state = '';
    for (let i = 0; i < 200 && state !== 'CONNECTED'; i++) {
      state = (await h.call('GET', '/api/coded/status-session', undefined, body.token)).body.status;
      if (state !== 'CONNECTED') await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('CONNECTED');
  });

  it('answers bad tokens and secrets the way WPPConnect does', async () => {
    expect(await h.call('POST', '/api/s1/wrong-secret/generate-token')).toMatchObject({
      status: 400,
      body: { response: false, message: 'The SECRET_KEY is incorrect' },
    });
    expect(await h.call('GET', '/api/wrong-secret/show-all-sessions')).toMatchObject({
      status: 400,
      body: { response: false, message: 'The token is incorrect' },
    });
    expect(await h.call('GET', '/api/s1/status-session')).toMatchObject({
      status: 401,
      body: { message: 'Token is not present. Check your header and try again' },
    });
    const other = (await h.call('POST', `/api/other/${h.zg.secretKey}/generate-token`)).body.token;
    expect(await h.call('GET', '/api/s1/status-session', undefined, other)).toMatchObject({
      status: 401,
      body: { error: 'Check that the Session and Token are correct' },
    });
    expect(await h.call('GET', `/api/s1:${other}/status-session`)).toMatchObject({ status: 401 });
    const s1 = (await h.call('POST', `/api/s1/${h.zg.secretKey}/generate-token`)).body.token;
    expect(
      await h.call('POST', '/api/s1/send-message', { phone: '5511980000002', message: 'x' }, s1),
    ).toMatchObject({ status: 404, body: { message: 'A sessão do WhatsApp não está ativa.' } });
    expect(await h.call('POST', '/api/s1/start-session', { webhook: 'ftp://nope' }, s1)).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringContaining('webhook') },
    });
    expect((await h.call('GET', `/api/${h.zg.secretKey}/show-all-sessions`)).body.response).not.toContain(
      's1',
    );
  });
});
