import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import QRCode from 'qrcode';
import { BaileysCompanion, SimControlModule, WaSimulator } from '@zapgate/wa-sim';

describe('simulator control API over HTTP', () => {
  let sim: WaSimulator;
  let app: INestApplication;
  let base: string;
  const companions: BaileysCompanion[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    sim = await WaSimulator.start();
    app = await NestFactory.create(SimControlModule.forSimulator(sim), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    companions.forEach((c) => c.end());
    await app.close();
    await sim.stop();
  });

  it('creates, lists and shows phones, with clear errors for duplicates, bad and unknown numbers', async () => {
    const created = await call('POST', '/sandbox/phones', { number: '5511940000001', name: 'Ana' });
    expect(created).toMatchObject({
      status: 201,
      body: { number: '5511940000001', name: 'Ana', jid: '5511940000001@s.whatsapp.net', online: true },
    });
    expect((await call('GET', '/sandbox/phones')).body).toEqual([
      expect.objectContaining({ number: '5511940000001' }),
    ]);
    expect((await call('GET', '/sandbox/phones/5511940000001')).body.devices).toEqual([
      expect.objectContaining({ id: 0, online: true }),
    ]);

    expect(await call('POST', '/sandbox/phones', { number: '5511940000001' })).toMatchObject({
      status: 409,
      body: { error: { code: 'phone_exists' } },
    });
    expect(await call('POST', '/sandbox/phones', { number: '12ab' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed' } },
    });
    expect(await call('POST', '/sandbox/phones', { number: '5511940000009', admin: true })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed', message: expect.stringContaining('admin') } },
    });
    expect(await call('GET', '/sandbox/phones/5511949999999')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_phone' } },
    });
  });

  it('links a Baileys device by scanning its QR picture, then the phone and the device talk', async () => {
    await call('POST', '/sandbox/phones', { number: '5511940000002' });
    const companion = BaileysCompanion.start({ url: sim.url });
    companions.push(companion);
    const qr = await companion.waitForQr();
    const opened = companion.waitForOpen();
    const scanned = await call('POST', '/sandbox/phones/5511940000002/scan', {
      qr: await QRCode.toDataURL(qr),
    });
    expect(scanned).toMatchObject({
      status: 200,
      body: { number: '5511940000002', device: 1, jid: '5511940000002:1@s.whatsapp.net' },
    });
    await opened;

    await call('POST', '/sandbox/phones', { number: '5511940000003' });
    const sent = await call('POST', '/sandbox/phones/5511940000003/messages', {
      to: '5511940000002@c.us',
      text: 'hello over http',
    });
    expect(sent).toMatchObject({
      status: 201,
      body: { direction: 'out', text: 'hello over http', chat: '5511940000002@s.whatsapp.net' },
    });
    await companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === sent.body.id),
    );

    const reply = await companion.socket.sendMessage('5511940000003@s.whatsapp.net', { text: 'reply' });
    const replyId = reply!.key.id!;
    await sim.phone('5511940000003').waitForMessage((m) => m.id === replyId);
    const inbox = (await call('GET', '/sandbox/phones/5511940000003/messages')).body;
    expect(inbox).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: replyId, direction: 'in', text: 'reply', status: 'received' }),
      ]),
    );
    expect(await call('POST', '/sandbox/phones/5511940000003/read', { ids: [replyId] })).toMatchObject({
      status: 200,
      body: [expect.objectContaining({ id: replyId, status: 'read' })],
    });
  });

  it('refuses bad scans, messages and faults with 4xx', async () => {
    await call('POST', '/sandbox/phones', { number: '5511940000004' });
    expect(
      await call('POST', '/sandbox/phones/5511940000004/scan', { qr: 'data:image/png;base64,AAAA' }),
    ).toMatchObject({ status: 400, body: { error: { code: 'invalid_qr' } } });
    expect(
      await call('POST', '/sandbox/phones/5511940000004/messages', { to: '5511948888888', text: 'x' }),
    ).toMatchObject({ status: 400, body: { error: { code: 'invalid_recipient' } } });
    expect(
      await call('POST', '/sandbox/phones/5511940000004/messages', { to: '5511940000004' }),
    ).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect(
      await call('POST', '/sandbox/phones/5511940000004/pairing-code', { code: 'ABCD1234' }),
    ).toMatchObject({ status: 409, body: { error: { code: 'no_pairing_request' } } });
    expect(await call('POST', '/sandbox/phones/5511940000004/presence', { type: 'composing' })).toMatchObject(
      { status: 400, body: { error: { code: 'invalid_recipient' } } },
    );
    expect(await call('POST', '/sandbox/faults', { type: 'earthquake' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed' } },
    });
    expect(
      await call('POST', '/sandbox/faults', { type: 'stream-error', number: '5511940000004' }),
    ).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('code') } } });
    expect(
      await call('POST', '/sandbox/faults', { type: 'disconnect', number: '5511947777777' }),
    ).toMatchObject({ status: 404 });
  });

  it('injects and clears faults', async () => {
    await call('POST', '/sandbox/phones', { number: '5511940000005' });
    expect(
      await call('POST', '/sandbox/faults', { type: 'disconnect', number: '5511940000005', device: 0 }),
    ).toMatchObject({ status: 201, body: { affected: 1 } });
    const delayed = await call('POST', '/sandbox/faults', { type: 'delay', ms: 100, durationMs: 60_000 });
    expect(delayed).toMatchObject({ status: 201, body: { affected: 0, until: expect.any(Number) } });
    expect((await call('DELETE', '/sandbox/faults')).status).toBe(204);
  });

  it('tells a client in another process what to trust and where to connect', async () => {
    const { status, body } = await call('GET', '/sandbox/trust');
    expect(status).toBe(200);
    expect(Buffer.from(body.rootPublicKey, 'base64')).toHaveLength(32);
    expect(body.waWebSocketUrl).toBe(sim.url);
  });
});
