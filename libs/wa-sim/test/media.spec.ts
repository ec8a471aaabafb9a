import { createHash, randomBytes } from 'node:crypto';
import { get as httpsGet } from 'node:https';
import type { WAMessage } from '@whiskeysockets/baileys';
import sharp from 'sharp';
import type { PhoneMessage } from '../src/index.js';
import { SimHarness } from './harness.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const dataUrl = (mime: string, b: Buffer) => `data:${mime};base64,${b.toString('base64')}`;
const jpeg = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#c0392b' } })
    .jpeg()
    .toBuffer();

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Media through the simulator's HTTPS media host, with real Baileys encrypting, uploading,
// downloading and decrypting on the device side, and simulated phones doing the same as WhatsApp.
describe('media over the local HTTPS media host', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await SimHarness.start();
  });
  afterEach(() => h.close());

  const ready = (number: string, id: string) =>
    h.sim.phone(number).waitForMessage((m) => m.id === id && m.media?.state !== 'pending');

  it('a phone receives an image and a document from Baileys: downloaded, decrypted and checked', async () => {
    const { companion } = await h.linkedCompanion('5511970000001', 'Shop');
    await h.sim.createPhone({ number: '5511970000002' });
    const to = '5511970000002@s.whatsapp.net';
    const image = await jpeg(320, 200);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(150_000)]);

    const sentImage = await companion.socket.sendMessage(to, { image, caption: 'our menu' });
    const sentDoc = await companion.socket.sendMessage(to, {
      document: pdf,
      mimetype: 'application/pdf',
      fileName: 'invoice.pdf',
    });

    const gotImage = await ready('5511970000002', sentImage!.key.id!);
    expect(gotImage).toMatchObject({
      direction: 'in',
      from: '5511970000001@s.whatsapp.net',
      media: {
        kind: 'image',
        mimetype: 'image/jpeg',
        caption: 'our menu',
        fileLength: image.length,
        hasThumbnail: true, // Baileys made one (sharp) and the phone saw it
        state: 'ready',
        size: image.length,
        sha256: sha256(image),
      },
    });
    const gotDoc = await ready('5511970000002', sentDoc!.key.id!);
    expect(gotDoc.media).toEqual({
      kind: 'document',
      mimetype: 'application/pdf',
      fileName: 'invoice.pdf',
      fileLength: pdf.length,
      hasThumbnail: false,
      state: 'ready',
      size: pdf.length,
      sha256: sha256(pdf),
    });
    // the decrypted bytes, fetched again through the media host
    const { stream } = await h.sim.openPhoneMedia('5511970000002', sentDoc!.key.id!);
    expect((await readAll(stream)).equals(pdf)).toBe(true);
    expect(h.sim.mediaStats).toMatchObject({ uploads: 2, uploadsRefused: 0 });
  });

  it('Baileys downloads what a phone sends (image, voice note) byte for byte, trusting the host only through its own agents', async () => {
    const { companion, phone } = await h.linkedCompanion('5511970000011', 'Shop');
    await h.sim.createPhone({ number: '5511970000012' });
    const image = await jpeg(64, 64);
    const voice = Buffer.concat([Buffer.from('OggS'), randomBytes(20_000)]);

    const sentImage = await h.sim.sendMediaFromPhone('5511970000012', phone.number, {
      kind: 'image',
      data: dataUrl('image/jpeg', image),
      caption: 'is this one in stock?',
    });
    const sentVoice = await h.sim.sendMediaFromPhone('5511970000012', phone.number, {
      kind: 'ptt',
      data: dataUrl('audio/ogg; codecs=opus', voice),
    });
    expect(sentImage.media).toMatchObject({ kind: 'image', state: 'ready', sha256: sha256(image) });
    expect(sentVoice.media).toMatchObject({ kind: 'ptt', state: 'ready', size: voice.length });

    const received = async (id: string): Promise<WAMessage> => {
      const { messages } = await companion.waitFor('messages.upsert', (u) =>
        u.messages.some((m) => m.key.id === id),
      );
      return messages.find((m) => m.key.id === id)!;
    };
    const imageMsg = await received(sentImage.id);
    const im = imageMsg.message!.imageMessage!;
    expect(im).toMatchObject({ caption: 'is this one in stock?', mimetype: 'image/jpeg' });
    expect(im.url).toMatch(
      new RegExp(`^https://${h.sim.mediaAuthority.replace(/\./g, '\\.')}/m/[0-9a-f]{32}\\.enc$`),
    );
    expect(im.jpegThumbnail?.length).toBeGreaterThan(0);
    expect((await companion.downloadMedia(imageMsg)).equals(image)).toBe(true);

    const voiceMsg = await received(sentVoice.id);
    expect(voiceMsg.message!.audioMessage).toMatchObject({ ptt: true, mimetype: 'audio/ogg; codecs=opus' });
    expect((await companion.downloadMedia(voiceMsg)).equals(voice)).toBe(true);

    // nothing in this process trusts the host globally: without those agents the same URL fails TLS
    expect(process.env['NODE_TLS_REJECT_UNAUTHORIZED']).toBeUndefined();
    await expect(fetch(im.url!)).rejects.toThrow('fetch failed');
    await expect(
      new Promise((resolve, reject) => httpsGet(im.url!, resolve).on('error', reject)),
    ).rejects.toThrow(/certificate/);
    expect(h.sim.mediaStats.downloads).toBeGreaterThanOrEqual(2);
  });

  it('makes a sender device send a message again after the phone answers it with a retry receipt', async () => {
    const asked: string[] = [];
    const store = new Map<string, WAMessage['message']>();
    const { companion } = await h.linkedCompanion('5511970000021', 'Shop', {
      // as zapgate does: a message store answers, not Baileys' short-lived recent-message cache
      enableRecentMessageCache: false,
      getMessage: async (key) => {
        asked.push(key.id!);
        return store.get(key.id!) ?? undefined;
      },
    });
    await h.sim.createPhone({ number: '5511970000022' });
    const sent = await companion.socket.sendMessage('5511970000022@s.whatsapp.net', {
      text: 'order #42 confirmed',
    });
    store.set(sent!.key.id!, sent!.message);
    const phone = h.sim.phone('5511970000022');
    await phone.waitForMessage((m) => m.id === sent!.key.id);

    const asking = await h.sim.requestRetry('5511970000022', sent!.key.id!);
    expect(asking.retry).toEqual({ requested: 1, resent: 0, undecryptable: 0 });
    const again: PhoneMessage = await phone.waitForMessage(
      (m) => m.id === sent!.key.id && (m.retry?.resent ?? 0) > 0,
    );
    expect(again).toMatchObject({
      text: 'order #42 confirmed',
      retry: { requested: 1, resent: 1, undecryptable: 0 },
    });
    expect(asked).toEqual([sent!.key.id]);
    expect(h.sim.mediaStats.retryReceipts).toBe(1);
  });
});
