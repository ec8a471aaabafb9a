import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { BaileysCompanion, simulatorHttp, WaSimulator } from '../src/index.js';
import { textOf } from './harness.js';

const SHOP = '5511960000001';
const CUSTOMER = '5511960000002';
const CUSTOMER_JID = `${CUSTOMER}@s.whatsapp.net`;

// A simulator with a stateDir, stopped and started again: the same network comes back.
describe('simulator state kept in stateDir across a restart', () => {
  let dir: string;
  let sim: WaSimulator | undefined;
  const companions: BaileysCompanion[] = [];
  const companion = (auth?: BaileysCompanion['auth']) => {
    const c = BaileysCompanion.start({ url: sim!.url, auth, http: simulatorHttp(sim!.mediaCaPem) });
    companions.push(c);
    return c;
  };
  const upsertOf = (c: BaileysCompanion, id: string) =>
    c.waitFor('messages.upsert', ({ messages }) => messages.some((m) => m.key.id === id));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-sim-persist-'));
  });
  afterAll(async () => {
    companions.forEach((c) => c.end());
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('comes back with its root, phones and links: the companion logs in again without a QR, queued messages arrive, and both sides still talk', async () => {
    const stateDir = join(dir, 'sandbox');
    sim = await WaSimulator.start({ stateDir });
    await sim.createPhone({ number: SHOP, name: 'Shop' });
    await sim.createPhone({ number: CUSTOMER, name: 'Customer' });
    const first = companion();
    const qr = await first.waitForQr();
    const opened = first.waitForOpen();
    await sim.scanQr(SHOP, qr);
    await opened;
    const hello = await first.socket.sendMessage(CUSTOMER_JID, { text: 'before the restart' });
    await sim.phone(CUSTOMER).waitForMessage((m) => m.id === hello!.key.id);
    const reply = await sim.sendFromPhone(CUSTOMER, SHOP, 'reply before the restart');
    await upsertOf(first, reply.id);

    // the companion goes offline; a message waits for it in the simulator's offline queue
    const closed = first.waitForClose();
    first.end();
    await closed;
    const queued = await sim.sendFromPhone(CUSTOMER, SHOP, 'sent while you were away');
    const before = { root: sim.rootPublicKey, phones: sim.listPhones() };
    await sim.stop();
    sim = undefined;

    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(stateDir, 'state.json'))).mode & 0o777).toBe(0o600);

    sim = await WaSimulator.start({ stateDir });
    expect(sim.rootPublicKey.equals(before.root)).toBe(true);
    const strip = (phones: typeof before.phones) =>
      phones.map((p) => ({ ...p, devices: p.devices.map((d) => ({ ...d, online: undefined })) }));
    expect(strip(sim.listPhones())).toEqual(strip(before.phones));
    expect(sim.getPhone(SHOP).online).toBe(true); // the phones are back online by themselves
    expect(sim.messagesOf(CUSTOMER).map((m) => m.text)).toEqual([
      'before the restart',
      'reply before the restart',
      'sent while you were away',
    ]);

    const again = companion(first.auth);
    await again.waitForOpen();
    expect(again.events.some((e) => e.name === 'connection.update' && (e.data as { qr?: string }).qr)).toBe(
      false,
    );
    const away = await upsertOf(again, queued.id);
    expect(away.type).toBe('append');
    expect(textOf(away.messages.find((m) => m.key.id === queued.id)!)).toBe('sent while you were away');

    const out = await again.socket.sendMessage(CUSTOMER_JID, { text: 'after the restart' });
    const got = await sim.phone(CUSTOMER).waitForMessage((m) => m.id === out!.key.id);
    expect(got).toMatchObject({ direction: 'in', text: 'after the restart', from: `${SHOP}@s.whatsapp.net` });
    const back = await sim.sendFromPhone(CUSTOMER, SHOP, 'reply after the restart');
    const upsert = await upsertOf(again, back.id);
    expect(textOf(upsert.messages.find((m) => m.key.id === back.id)!)).toBe('reply after the restart');
  });

  it('keeps media downloadable: the same CA, upload token and host come back with the files', async () => {
    const stateDir = join(dir, 'with-media');
    sim = await WaSimulator.start({ stateDir });
    await sim.createPhone({ number: SHOP });
    await sim.createPhone({ number: CUSTOMER });
    const device = companion();
    const qr = await device.waitForQr();
    const opened = device.waitForOpen();
    await sim.scanQr(SHOP, qr);
    await opened;
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2e86c1' } })
      .jpeg()
      .toBuffer();
    const sent = await sim.sendMediaFromPhone(CUSTOMER, SHOP, {
      kind: 'image',
      data: `data:image/jpeg;base64,${photo.toString('base64')}`,
    });
    const upsert = await upsertOf(device, sent.id);
    const photoMessage = upsert.messages.find((m) => m.key.id === sent.id)!;
    const doc = Buffer.from('a price list, kept across restarts');
    const docSent = await device.socket.sendMessage(CUSTOMER_JID, {
      document: doc,
      mimetype: 'text/plain',
      fileName: 'prices.txt',
    });
    await sim.phone(CUSTOMER).waitForMessage((m) => m.id === docSent!.key.id && m.media?.state === 'ready');
    const before = { ca: sim.mediaCaPem, host: sim.mediaAuthority, trust: sim.trustRoot };
    device.end();
    await sim.stop();
    sim = undefined;

    const mediaDir = join(stateDir, 'media');
    expect((await stat(mediaDir)).mode & 0o777).toBe(0o700);
    const files = await readdir(mediaDir);
    expect(files).toHaveLength(2);
    for (const f of files) expect((await stat(join(mediaDir, f))).mode & 0o777).toBe(0o600);

    sim = await WaSimulator.start({ stateDir });
    expect({ ca: sim.mediaCaPem, host: sim.mediaAuthority, trust: sim.trustRoot }).toEqual(before);
    // the device downloads the photo it got before the restart, from the URL in that message
    expect((await device.downloadMedia(photoMessage)).equals(photo)).toBe(true);
    // the phone still knows its document and fetches it again
    const kept = sim.messagesOf(CUSTOMER).find((m) => m.id === docSent!.key.id)!;
    expect(kept.media).toMatchObject({
      kind: 'document',
      fileName: 'prices.txt',
      state: 'ready',
      sha256: createHash('sha256').update(doc).digest('hex'),
    });
    const { stream } = await sim.openPhoneMedia(CUSTOMER, kept.id);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(doc)).toBe(true);
  });

  it('keeps nothing without a stateDir', async () => {
    const a = await WaSimulator.start();
    await a.createPhone({ number: '5511960000009' });
    await a.stop();
    const b = await WaSimulator.start();
    try {
      expect(b.listPhones()).toEqual([]);
      expect(b.rootPublicKey.equals(a.rootPublicKey)).toBe(false);
    } finally {
      await b.stop();
    }
  });
});
