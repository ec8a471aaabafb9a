import { startSandbox } from './standalone-harness.js';

describe('mega-API dialect, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());

  it('runs the whole flow: init, QR picture, phone scans it, connected, send text, the phone receives it', async () => {
    const admin = h.zg.adminToken;
    const init = await h.call(
      'POST',
      '/rest/instance/init?instance_key=shop',
      { messageData: { webhookUrl: 'https://example.test/hook?x=1', webhookEnabled: true } },
      admin,
    );
    expect(init).toMatchObject({
      status: 201,
      body: { error: false, data: { instance_key: 'shop', token: expect.any(String) } },
    });
    const token: string = init.body.data.token;

    await h.call('POST', '/sandbox/phones', { number: '5511970000001', name: 'Shop' });
    const qr = await h.call('GET', '/rest/instance/qrcode_base64/shop', undefined, token);
    expect(qr).toMatchObject({
      status: 200,
      body: { error: false, qrcode: expect.stringMatching(/^data:image\/png;base64,/) },
    });
    expect(await h.call('POST', '/sandbox/phones/5511970000001/scan', { qr: qr.body.qrcode })).toMatchObject({
      status: 200,
    });

    await h.zg.sim!.phone('5511970000001'); // the account exists
    let status = await h.call('GET', '/rest/instance/shop', undefined, token);
    for (let i = 0; i < 200 && status.body.instance?.status !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await h.call('GET', '/rest/instance/shop', undefined, token);
    }
    expect(status.body).toMatchObject({
      error: false,
      instance: { key: 'shop', status: 'connected', user: { id: '5511970000001@s.whatsapp.net' } },
    });

    await h.call('POST', '/sandbox/phones', { number: '5511970000002', name: 'Customer' });
    expect(
      await h.call(
        'GET',
        '/rest/instance/isOnWhatsApp/shop?jid=5511970000002@s.whatsapp.net',
        undefined,
        token,
      ),
    ).toMatchObject({ body: { error: false, exists: true, jid: '5511970000002@s.whatsapp.net' } });
    const sent = await h.call(
      'POST',
      '/rest/sendMessage/shop/text',
      { messageData: { to: '5511970000002', text: 'your order shipped' } },
      token,
    );
    expect(sent).toMatchObject({
      status: 201,
      body: {
        error: false,
        messageData: {
          key: { remoteJid: '5511970000002@s.whatsapp.net', fromMe: true, id: expect.any(String) },
        },
      },
    });
    await h.zg
      .sim!.phone('5511970000002')
      .waitForMessage((m) => m.id === sent.body.messageData.key.id && m.text === 'your order shipped');

    expect(await h.call('GET', '/rest/webhook/shop', undefined, token)).toMatchObject({
      body: { webhookData: { webhookUrl: 'https://example.test/hook?x=1', webhookEnabled: true } },
    });
    expect((await h.call('GET', '/rest/instance/list', undefined, admin)).body.data).toEqual([
      expect.objectContaining({ key: 'shop', status: 'connected' }),
    ]);
    expect((await h.call('GET', '/rest/instance/qrcode/shop', undefined, token)).body).toMatchObject({
      error: true,
    });

    const restarted = await h.call('DELETE', '/rest/instance/shop/restart', undefined, token);
    expect(restarted).toMatchObject({ status: 200, body: { error: false } });
    const out = await h.call('DELETE', '/rest/instance/shop/logout', undefined, token);
    expect(out).toMatchObject({ status: 200, body: { error: false } });
    expect((await h.call('GET', '/rest/instance/shop', undefined, token)).body.instance.status).toBe(
      'disconnected',
    );
    expect(h.zg.sim!.getPhone('5511970000001').devices.map((d) => d.id)).toEqual([0]);
    expect(await h.call('DELETE', '/rest/instance/shop/delete', undefined, token)).toMatchObject({
      status: 200,
      body: { error: false },
    });
    expect(await h.call('GET', '/rest/instance/shop', undefined, admin)).toMatchObject({
      status: 404,
      body: { error: true },
    });
  });

  it('links with a pairing code', async () => {
    const { body } = await h.call('POST', '/rest/instance/init?instance_key=coded', {}, h.zg.adminToken);
    await h.call('POST', '/sandbox/phones', { number: '5511970000003' });
    const code = await h.call(
      'GET',
      '/rest/instance/pairingCode/coded?phoneNumber=5511970000003',
      undefined,
      body.data.token,
    );
    expect(code).toMatchObject({
      status: 200,
      body: { error: false, pairingCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) },
    });
    expect(
      await h.call('POST', '/sandbox/phones/5511970000003/pairing-code', { code: code.body.pairingCode }),
    ).toMatchObject({ status: 200 });
    let state = '';
    for (let i = 0; i < 200 && state !== 'connected'; i++) {
      state = (await h.call('GET', '/rest/instance/coded', undefined, body.data.token)).body.instance.status;
      if (state !== 'connected') await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('connected');
  });

  it('answers every bad input in mega form, and creates nothing half-way', async () => {
    const admin = h.zg.adminToken;
    expect(await h.call('POST', '/rest/instance/init?instance_key=x', {})).toMatchObject({
      status: 401,
      body: { error: true },
    });
    expect(await h.call('POST', '/rest/instance/init?instance_key=x', {}, 'wrong-token')).toMatchObject({
      status: 401,
      body: { error: true },
    });
    expect(await h.call('POST', '/rest/instance/init?instance_key=bad%20key', {}, admin)).toMatchObject({
      status: 400,
      body: { error: true },
    });
    expect(
      await h.call(
        'POST',
        '/rest/instance/init?instance_key=x',
        { messageData: { webhookUrl: 'not a url' } },
        admin,
      ),
    ).toMatchObject({ status: 400, body: { error: true, message: expect.stringContaining('webhookUrl') } });
    expect(
      (await h.call('GET', '/rest/instance/list', undefined, admin)).body.data.map(
        (i: { key: string }) => i.key,
      ),
    ).not.toContain('x');

    const { body } = await h.call('POST', '/rest/instance/init?instance_key=idle', {}, admin);
    expect(await h.call('POST', '/rest/instance/init?instance_key=idle', {}, admin)).toMatchObject({
      status: 409,
      body: { error: true },
    });
    const other = await h.call('POST', '/rest/instance/init?instance_key=other', {}, admin);
    expect(await h.call('GET', '/rest/instance/idle', undefined, other.body.data.token)).toMatchObject({
      status: 401,
    });
    expect(await h.call('GET', '/rest/instance/nope', undefined, admin)).toMatchObject({
      status: 404,
      body: { error: true },
    });
    expect(
      await h.call(
        'POST',
        '/rest/sendMessage/idle/text',
        { messageData: { to: '5511970000002', text: 'x' } },
        body.data.token,
      ),
    ).toMatchObject({ status: 400, body: { error: true, code: 'not_connected' } });
    expect(
      await h.call(
        'POST',
        '/rest/sendMessage/idle/text',
        { messageData: { to: 'abc', text: 'x' } },
        body.data.token,
      ),
    ).toMatchObject({ status: 400, body: { error: true, code: 'validation_failed' } });
    expect(
      await h.call('POST', '/rest/sendMessage/idle/text', { to: '5511970000002' }, body.data.token),
    ).toMatchObject({ status: 400, body: { error: true } });
    expect(
      await h.call('GET', '/rest/instance/pairingCode/idle?phoneNumber=12', undefined, body.data.token),
    ).toMatchObject({ status: 400, body: { error: true } });
    expect(await h.call('DELETE', '/rest/instance/idle/logout', undefined, body.data.token)).toMatchObject({
      status: 400,
      body: { error: true, code: 'not_connected' },
    });
  });
});
