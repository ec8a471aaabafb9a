import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { downloadMediaMessage } from '@whiskeysockets/baileys';
import type { EventData, EventName, MessageContent } from '@zapgate/contracts';
import { TempFileMediaStore, type MediaRef } from '@zapgate/media';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { WaSimulator } from '@zapgate/wa-sim';
import { parseStoredMessage, trustedSimulatorHttp, WaSession } from '@zapgate/whatsapp';
import { pino } from 'pino';
import sharp from 'sharp';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const jpeg = () =>
  sharp({ create: { width: 320, height: 200, channels: 3, background: '#2e86c1' } })
    .jpeg()
    .toBuffer();

// Real Baileys against the simulator's HTTPS media host: media the gateway put in the media store
// streams into Baileys, is encrypted and uploaded, and the phone downloads and decrypts the very
// bytes; a phone's media is kept in the message store, ready to be downloaded again.
describe(`${WaSession.name} media`, () => {
  const SHOP = '5511940000001';
  const CUSTOMER = '5511940000002';
  const to = `${CUSTOMER}@s.whatsapp.net`;
  let sim: WaSimulator;
  let dir: string;
  let storage: EmbeddedStorage;
  let media: TempFileMediaStore;
  let sut: WaSession;
  const events: { event: EventName; data: unknown }[] = [];

  const put = (bytes: Buffer, mime: string, fileName?: string): Promise<MediaRef> =>
    media.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), { mime, fileName });
  const received = (id: string) =>
    sim.phone(CUSTOMER).waitForMessage((m) => m.id === id && m.media?.state !== 'pending', 20_000);

  beforeAll(async () => {
    sim = await WaSimulator.start();
    dir = await mkdtemp(join(tmpdir(), 'zg-wa-media-'));
    storage = await openEmbeddedStorage(dir);
    media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
    sut = new WaSession('shop', {
      auth: storage.auth,
      messages: storage.messages,
      media,
      logger: pino({ level: 'silent' }),
      waWebSocketUrl: sim.url,
      emit: async <E extends EventName>(event: E, data: EventData[E]) => void events.push({ event, data }),
    });
    await sim.createPhone({ number: SHOP });
    await sim.createPhone({ number: CUSTOMER });
    await sut.start();
    const { qr } = await sut.waitForState(['qr'], 15_000);
    await sim.scanQr(SHOP, qr!);
    await sut.waitForState(['connected'], 15_000);
  });
  afterAll(async () => {
    await sut.close();
    await sim.stop();
    await media.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  type Case = [string, () => Promise<Buffer>, string, (media: MediaRef) => MessageContent, object];
  it.each<Case>([
    [
      'an image with a caption',
      jpeg,
      'image/jpeg',
      (m) => ({ kind: 'image', media: m, caption: 'our menu' }),
      { kind: 'image', mimetype: 'image/jpeg', caption: 'our menu', hasThumbnail: true },
    ],
    [
      'a video played as a GIF',
      async () => randomBytes(80_000),
      'video/mp4',
      (m) => ({ kind: 'video', media: m, caption: 'loop', gifPlayback: true }),
      { kind: 'video', mimetype: 'video/mp4', caption: 'loop' },
    ],
    [
      'a video note',
      async () => randomBytes(60_000),
      'video/mp4',
      (m) => ({ kind: 'ptv', media: m }),
      { kind: 'ptv', mimetype: 'video/mp4' },
    ],
    [
      'an audio file',
      async () => randomBytes(50_000),
      'audio/mpeg',
      (m) => ({ kind: 'audio', media: m }),
      { kind: 'audio', mimetype: 'audio/mpeg' },
    ],
    [
      'a voice note',
      async () => randomBytes(30_000),
      'audio/ogg',
      (m) => ({ kind: 'ptt', media: m, seconds: 4 }),
      { kind: 'ptt', mimetype: 'audio/ogg; codecs=opus' },
    ],
    [
      'a document with its name and a caption',
      async () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200_000)]),
      'application/pdf',
      (m) => ({ kind: 'document', media: m, fileName: 'invoice.pdf', caption: 'June' }),
      { kind: 'document', mimetype: 'application/pdf', fileName: 'invoice.pdf', caption: 'June' },
    ],
    [
      'a sticker',
      () =>
        sharp({ create: { width: 512, height: 512, channels: 4, background: '#f1c40f' } })
          .webp()
          .toBuffer(),
      'image/webp',
      (m) => ({ kind: 'sticker', media: m }),
      { kind: 'sticker', mimetype: 'image/webp' },
    ],
  ])(
    'sends %s from the media store: the phone decrypts the very bytes',
    async (_name, bytes, mime, content, expected) => {
      const file = await bytes();
      const ref = await put(file, mime);
      const sent = await sut.sendMessage({ to, content: content(ref) });
      const got = await received(sent.id);
      expect(got.media).toMatchObject({
        ...expected,
        state: 'ready',
        size: file.length,
        sha256: sha256(file),
      });
      expect(ref.sha256).toBe(sha256(file));
      // sent: the file is gone from the media store; the message is in the message store
      await expect(media.open(ref)).rejects.toMatchObject({ details: { reason: 'media_not_found' } });
      expect(await storage.messages.get('shop', sent.id, to)).toMatchObject({
        fromMe: true,
        kind: content(ref).kind === 'ptv' ? 'video' : content(ref).kind,
      });
    },
  );

  it('keeps the file when asked (one file to several recipients), and refuses a file that is gone', async () => {
    const file = await jpeg();
    const ref = await put(file, 'image/jpeg');
    const first = await sut.sendMessage({
      to,
      content: { kind: 'image', media: ref },
      options: { keepMedia: true },
    });
    await received(first.id);
    const again = await sut.sendMessage({ to, content: { kind: 'image', media: ref } });
    expect((await received(again.id)).media).toMatchObject({ state: 'ready', sha256: sha256(file) });

    const before = sim.messagesOf(CUSTOMER).length;
    await expect(sut.sendMessage({ to, content: { kind: 'image', media: ref } })).rejects.toMatchObject({
      code: 'unavailable',
      details: { reason: 'media_not_found' },
    });
    expect(sim.messagesOf(CUSTOMER)).toHaveLength(before);
  });

  it("keeps a phone's image and voice note in the message store, ready to download byte for byte", async () => {
    const image = await jpeg();
    const voice = randomBytes(20_000);
    const fromPhone = [
      await sim.sendMediaFromPhone(CUSTOMER, SHOP, {
        kind: 'image',
        data: `data:image/jpeg;base64,${image.toString('base64')}`,
        caption: 'is this yours?',
      }),
      await sim.sendMediaFromPhone(CUSTOMER, SHOP, {
        kind: 'ptt',
        data: `data:audio/ogg;base64,${voice.toString('base64')}`,
      }),
    ];
    const expected = [
      { kind: 'image', text: 'is this yours?', bytes: image },
      { kind: 'ptt', bytes: voice },
    ];
    for (const [i, sent] of fromPhone.entries()) {
      await until(async () => !!(await storage.messages.get('shop', sent.id, to)));
      const stored = (await storage.messages.get('shop', sent.id, to))!;
      expect(stored).toMatchObject({
        fromMe: false,
        kind: expected[i]!.kind,
        ...(expected[i]!.text ? { text: expected[i]!.text } : {}),
      });
      const bytes = (await downloadMediaMessage(parseStoredMessage(stored.raw), 'buffer', {
        options: { dispatcher: trustedSimulatorHttp()!.dispatcher } as RequestInit,
      })) as Buffer;
      expect(sha256(bytes)).toBe(sha256(expected[i]!.bytes));
    }
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
