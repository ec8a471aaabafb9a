import QRCode from 'qrcode';
import type { PhoneMessage } from '@zapgate/wa-sim';
import { ControlApiHarness } from './control-api.harness.js';

const SHOP = '5511950000001';
const CUSTOMER = '5511950000002';
const jid = (n: string) => `${n}@s.whatsapp.net`;

describe('simulator control API over HTTP with real Baileys devices', () => {
  let h: ControlApiHarness;
  beforeEach(async () => {
    h = await ControlApiHarness.start();
  });
  afterEach(() => h.close());

  it('links a Baileys device by posting a PNG of its QR to the phone', async () => {
    await h.call('POST', '/sandbox/phones', { number: SHOP });
    const companion = h.companion();
    const qr = await companion.waitForQr();
    const opened = companion.waitForOpen();
    const scanned = await h.call('POST', `/sandbox/phones/${SHOP}/scan`, { qr: await QRCode.toDataURL(qr) });
    expect(scanned).toEqual({
      status: 200,
      body: { number: SHOP, device: 1, jid: `${SHOP}:1@s.whatsapp.net` },
    });
    await opened;
    expect((await h.call<{ devices: unknown[] }>('GET', `/sandbox/phones/${SHOP}`)).body.devices).toEqual([
      expect.objectContaining({ id: 0, online: true }),
      expect.objectContaining({ id: 1, online: true }),
    ]);
    expect(await h.call('POST', `/sandbox/phones/${SHOP}/scan`, { qr })).toMatchObject({
      status: expect.any(Number),
      body: { error: { code: expect.stringMatching(/^(qr_expired|invalid_qr|already_paired)$/) } },
    });
  });

  it('counts live sockets, logins and logins that overlapped a live socket of the same device', async () => {
    const first = await h.linkedCompanion(SHOP);
    const before = await h.call('GET', '/sandbox/stats');
    expect(before).toEqual({
      status: 200,
      body: {
        liveSockets: 2,
        logins: expect.any(Number),
        concurrentLogins: 0,
        media: { uploads: 0, uploadsRefused: 0, downloads: 0, retryReceipts: 0 },
      },
    });
    const second = h.companion(first.auth); // the same device's auth in a second socket
    await second.waitForOpen();
    const after = await h.call<{ logins: number; concurrentLogins: number }>('GET', '/sandbox/stats');
    expect(after.body.concurrentLogins).toBe(1);
    expect(after.body.logins).toBe((before.body as { logins: number }).logins + 1);
  });

  it('links a Baileys device with the pairing code typed over HTTP', async () => {
    await h.call('POST', '/sandbox/phones', { number: SHOP });
    const companion = h.companion();
    await companion.waitForQr();
    const code = await companion.socket.requestPairingCode(SHOP);
    const opened = companion.waitForOpen();
    expect(
      await h.call('POST', `/sandbox/phones/${SHOP}/pairing-code`, {
        code: `${code.slice(0, 4)}-${code.slice(4)}`,
      }),
    ).toEqual({ status: 200, body: { ok: true } });
    await opened;
    expect(companion.creds.me?.id).toMatch(new RegExp(`^${SHOP}:\\d+@s\\.whatsapp\\.net$`));
  });

  it('sends from a phone to a device and shows delivery and read status, and reads what came back', async () => {
    const companion = await h.linkedCompanion(SHOP);
    await h.call('POST', '/sandbox/phones', { number: CUSTOMER });

    const sent = await h.call<PhoneMessage>('POST', `/sandbox/phones/${CUSTOMER}/messages`, {
      to: `${SHOP}@c.us`,
      text: 'hello over http',
    });
    expect(sent).toMatchObject({
      status: 201,
      body: { direction: 'out', text: 'hello over http', chat: jid(SHOP), from: jid(CUSTOMER) },
    });
    const id = sent.body.id;
    const { messages } = await companion.waitFor('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === id),
    );
    const received = messages.find((m) => m.key.id === id)?.message;
    expect(received?.conversation ?? received?.extendedTextMessage?.text).toBe('hello over http');

    await h.sim.phone(CUSTOMER).waitForMessage((m) => m.id === id && m.status === 'delivered');
    expect((await h.call<PhoneMessage[]>('GET', `/sandbox/phones/${CUSTOMER}/messages`)).body).toEqual([
      expect.objectContaining({ id, direction: 'out', status: 'delivered' }),
    ]);
    await companion.socket.readMessages([{ remoteJid: jid(CUSTOMER), id, fromMe: false }]);
    await h.sim.phone(CUSTOMER).waitForMessage((m) => m.id === id && m.status === 'read');
    expect((await h.call<PhoneMessage[]>('GET', `/sandbox/phones/${CUSTOMER}/messages`)).body).toEqual([
      expect.objectContaining({ id, status: 'read' }),
    ]);

    const reply = await companion.socket.sendMessage(jid(CUSTOMER), { text: 'reply' });
    const replyId = reply!.key.id!;
    await h.sim.phone(CUSTOMER).waitForMessage((m) => m.id === replyId);
    expect((await h.call<PhoneMessage[]>('GET', `/sandbox/phones/${CUSTOMER}/messages`)).body).toEqual([
      expect.objectContaining({ id }),
      expect.objectContaining({ id: replyId, direction: 'in', text: 'reply', status: 'received' }),
    ]);
    const readAck = companion.next('messages.update', (us) =>
      us.some((u) => u.key.id === replyId && u.update.status === 4),
    );
    expect(await h.call('POST', `/sandbox/phones/${CUSTOMER}/read`, { ids: [replyId] })).toEqual({
      status: 200,
      body: [expect.objectContaining({ id: replyId, status: 'read' })],
    });
    await readAck;
  });

  it('shows the phone as available and typing to a device that subscribed', async () => {
    const companion = await h.linkedCompanion(SHOP);
    await h.call('POST', '/sandbox/phones', { number: CUSTOMER });
    const presenceOf = (state: string) =>
      companion.next(
        'presence.update',
        (p) =>
          p.id === jid(CUSTOMER) && Object.values(p.presences).some((x) => x.lastKnownPresence === state),
      );
    const initial = presenceOf('unavailable');
    await companion.socket.presenceSubscribe(jid(CUSTOMER));
    await initial;

    const online = presenceOf('available');
    expect(await h.call('POST', `/sandbox/phones/${CUSTOMER}/presence`, { type: 'available' })).toEqual({
      status: 200,
      body: { ok: true },
    });
    await online;
    const typing = presenceOf('composing');
    expect(
      await h.call('POST', `/sandbox/phones/${CUSTOMER}/presence`, { type: 'composing', to: SHOP }),
    ).toEqual({ status: 200, body: { ok: true } });
    await typing;
  });
});
