import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { addPhones, pairMega, poll, startSandbox, type Http } from './standalone-harness.js';

// mega-API media and to-many sends against the sandbox: each file reaches a simulated phone, which
// downloads and decrypts it for real; the phone's inbox says what it found (SHA-256, MIME, caption).

const SHOP = '5511971000001';
const ANA = '5511971000002';
const BIA = '5511971000003';
const MB = 1024 ** 2;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const dataUri = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;
const png = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toBuffer();
/** A PNG that does not compress: noise, about 3 bytes a pixel. */
const noisyPng = (side: number) =>
  sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();
const padded = (head: Buffer, size = 16 * 1024) => Buffer.concat([head, Buffer.alloc(size - head.length, 7)]);
const pdf = () => padded(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 20_000);
/** The first Ogg page of an Opus stream, padded: what sniffing reads of a voice note. */
function oggOpus(): Buffer {
  const page = Buffer.alloc(27);
  page.write('OggS');
  page[5] = 2;
  page[26] = 1;
  const head = Buffer.concat([Buffer.from('OpusHead'), Buffer.from([1, 1, 0, 0, 0x80, 0xbb, 0, 0, 0, 0, 0])]);
  return padded(Buffer.concat([page, Buffer.from([head.length]), head]));
}
/** An ISO BMFF `ftyp` box (video/mp4), padded. */
function mp4(): Buffer {
  const body = Buffer.concat([Buffer.from('isom'), Buffer.alloc(4), Buffer.from('isomiso2mp41')]);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write('ftyp', 4);
  return padded(Buffer.concat([header, body]), 40_000);
}

interface InboxMedia {
  kind: string;
  mimetype: string;
  caption?: string;
  fileName?: string;
  state: 'pending' | 'ready' | 'failed';
  size?: number;
  sha256?: string;
  error?: string;
}
interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  text: string | null;
  media?: InboxMedia;
}

describe('mega-API media and to-many sends, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let dataDir: string;
  let token: string;
  let files: Server;
  let filesUrl: string;
  const served = new Map<string, { type: string; body: Buffer }>();

  const inbox = async (phone: string): Promise<InboxMessage[]> =>
    (await h.call('GET', `/sandbox/phones/${phone}/messages`)).body;
  /** The phone's copy of a message, once it downloaded and checked the file. */
  const received = (phone: string, id: string) =>
    poll(`${phone} to download ${id}`, async () => {
      const m = (await inbox(phone)).find((x) => x.id === id && x.direction === 'in');
      if (m?.media?.state === 'failed')
        throw new Error(`${phone} could not download ${id}: ${m.media.error}`);
      return m?.media?.state === 'ready' ? m : undefined;
    });
  const send = (route: string, messageData: Record<string, unknown>) =>
    h.call('POST', `/rest/sendMessage/shop/${route}`, { messageData }, token);
  const storedMedia = async () => (await readdir(join(dataDir, 'media'))).filter((f) => !f.startsWith('.'));
  /** Nothing else reached the phone: a text sent now is the next message it gets. */
  const receivesNothingBut = async (phone: string, before: number) => {
    const marker = await send('text', { to: phone, text: `marker ${before}` });
    expect(marker.status).toBe(201);
    await h.zg.sim!.phone(phone).waitForMessage((m) => m.id === marker.body.messageData.key.id);
    const now = await inbox(phone);
    expect(now.slice(before).map((m) => m.text)).toEqual([`marker ${before}`]);
  };
  const expectSent = (reply: Http, to: string) =>
    expect(reply).toMatchObject({
      status: 201,
      body: {
        error: false,
        messageData: { key: { remoteJid: `${to}@s.whatsapp.net`, fromMe: true, id: expect.any(String) } },
      },
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zg-mega-media-'));
    h = await startSandbox({
      DATA_DIR: dataDir,
      MEDIA_MAX_IMAGE_SIZE: '4mb',
      MEDIA_MAX_AUDIO_SIZE: '1mb',
      ZG_BULK_DELAY_MS: '150',
      ZG_BULK_JITTER: '0.3',
    });
    files = createServer((req, res) => {
      const file = served.get(req.url ?? '');
      if (!file) return void res.writeHead(404).end();
      const body = file.body;
      res.writeHead(200, { 'content-type': file.type, 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

    await addPhones(h, [
      [SHOP, 'Shop'],
      [ANA, 'Ana'],
      [BIA, 'Bia'],
    ]);
    token = await pairMega(h, SHOP);
  });
  afterAll(async () => {
    await new Promise((resolve) => files?.close(resolve));
    await h?.close();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('sends an image from a URL with its caption; the phone gets the same bytes as image/png', async () => {
    const bytes = await png();
    served.set('/catalog.png', { type: 'application/octet-stream', body: bytes }); // a generic type: the bytes decide
    const reply = await send('mediaUrl', {
      to: ANA,
      url: `${filesUrl}/catalog.png`,
      type: 'image',
      caption: 'new catalog',
      fileName: '',
      mimeType: '',
    });
    expectSent(reply, ANA);
    const got = await received(ANA, reply.body.messageData.key.id);
    expect(got.media).toMatchObject({
      kind: 'image',
      mimetype: 'image/png',
      caption: 'new catalog',
      sha256: sha256(bytes),
      size: bytes.length,
    });
    // the phone's copy downloads back byte-identical
    const back = await fetch(`${h.zg.url}/sandbox/phones/${ANA}/messages/${got.id}/media`);
    expect(sha256(Buffer.from(await back.arrayBuffer()))).toBe(sha256(bytes));
    await poll('the sent file to leave the media store', async () =>
      (await storedMedia()).length ? undefined : true,
    );
  });

  it.each([
    [
      'image',
      'image/png',
      () => png(80, 60),
      { caption: 'base64 image' },
      { kind: 'image', caption: 'base64 image' },
    ],
    [
      'document',
      'application/pdf',
      pdf,
      { caption: 'your invoice', fileName: 'invoice-42.pdf' },
      { kind: 'document', caption: 'your invoice', fileName: 'invoice-42.pdf' },
    ],
    ['ptt', 'audio/ogg', oggOpus, {}, { kind: 'ptt', mimetype: 'audio/ogg; codecs=opus' }],
    [
      'video',
      'video/mp4',
      mp4,
      { caption: 'how to' },
      { kind: 'video', caption: 'how to', mimetype: 'video/mp4' },
    ],
  ] as const)(
    'sends a %s from a data URI; the phone gets the same bytes',
    async (type, mime, make, fields, expected) => {
      const bytes = await make();
      const reply = await send('mediaBase64', { to: BIA, base64: dataUri(mime, bytes), type, ...fields });
      expectSent(reply, BIA);
      const got = await received(BIA, reply.body.messageData.key.id);
      expect(got.media).toMatchObject({ ...expected, sha256: sha256(bytes), size: bytes.length });
    },
  );

  it('takes bare base64 too, and a 3 MB image though other routes stop at 1 MB', async () => {
    const bytes = await noisyPng(1024);
    expect(bytes.length).toBeGreaterThan(2.9 * MB);
    const reply = await send('mediaBase64', {
      to: ANA,
      base64: bytes.toString('base64'),
      type: 'image',
      mimeType: 'image/png',
    });
    expectSent(reply, ANA);
    const got = await received(ANA, reply.body.messageData.key.id);
    expect(got.media).toMatchObject({ mimetype: 'image/png', sha256: sha256(bytes) });
    // the text route keeps the general limit
    const text = await send('text', { to: ANA, text: 'x'.repeat(3 * MB) });
    expect(text).toMatchObject({ status: 413, body: { error: true, code: 'payload_too_large' } });
  });

  it('refuses an oversize file, a bad data URI, an unsupported type and a metadata URL in mega form, sending nothing', async () => {
    const before = (await inbox(ANA)).length;
    const big = await send('mediaBase64', {
      to: ANA,
      base64: dataUri('audio/ogg', Buffer.concat([oggOpus(), Buffer.alloc(MB)])),
      type: 'ptt',
    });
    expect(big).toMatchObject({
      status: 413,
      body: { error: true, code: 'payload_too_large', message: expect.any(String) },
    });
    const badUri = await send('mediaBase64', {
      to: ANA,
      base64: 'data:image/png;base64,@@not base64@@',
      type: 'image',
    });
    expect(badUri).toMatchObject({ status: 400, body: { error: true, code: 'validation_failed' } });
    const noComma = await send('mediaBase64', { to: ANA, base64: 'data:image/png;base64', type: 'image' });
    expect(noComma).toMatchObject({ status: 400, body: { error: true } });
    const notAnImage = await send('mediaBase64', {
      to: ANA,
      base64: dataUri('image/png', pdf()),
      type: 'image',
    });
    expect(notAnImage).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringMatching(/pdf|type|image/i) },
    });
    const metadata = await send('mediaUrl', { to: ANA, url: 'http://169.254.169.254/x', type: 'image' });
    expect(metadata).toMatchObject({ status: 400, body: { error: true, code: 'validation_failed' } });
    const badType = await send('mediaUrl', { to: ANA, url: `${filesUrl}/catalog.png`, type: 'hologram' });
    expect(badType).toMatchObject({ status: 400, body: { error: true } });
    // a file taken in for a number without WhatsApp is not left behind
    const nobody = await send('mediaBase64', {
      to: '5511971009999',
      base64: dataUri('image/png', await png()),
      type: 'image',
    });
    expect(nobody).toMatchObject({ status: 400, body: { error: true, code: 'number_not_on_whatsapp' } });
    for (const r of [big, badUri, noComma, notAnImage, metadata, badType, nobody])
      expect(r.body).not.toHaveProperty('statusCode');
    expect(await storedMedia()).toEqual([]);
    await receivesNothingBut(ANA, before);
  });

  it('sends a text to many, paced, with one result per recipient (one without WhatsApp failing alone)', async () => {
    const started = performance.now();
    const reply = await send('textToMany', {
      to: [ANA, '5511971009999', `${BIA}@s.whatsapp.net`],
      text: 'we open at 9',
    });
    // paced: two pauses of ZG_BULK_DELAY_MS (150) ±30% between the three sends
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 150 * 0.7);
    expect(reply).toMatchObject({
      status: 201,
      body: {
        error: false,
        message: '2 of 3 messages sent',
        sent: 2,
        failed: 1,
        results: [
          {
            to: ANA,
            jid: `${ANA}@s.whatsapp.net`,
            error: false,
            messageData: { key: { id: expect.any(String) } },
          },
          { to: '5511971009999', error: true, code: 'number_not_on_whatsapp' },
          { to: `${BIA}@s.whatsapp.net`, error: false, messageData: { key: { id: expect.any(String) } } },
        ],
      },
    });
    for (const [phone, i] of [
      [ANA, 0],
      [BIA, 2],
    ] as const)
      await h.zg
        .sim!.phone(phone)
        .waitForMessage(
          (m) => m.id === reply.body.results[i].messageData.key.id && m.text === 'we open at 9',
        );
    // a recipient that is none refuses the whole request before anything is sent
    expect(await send('textToMany', { to: [ANA, 'nobody'], text: 'x' })).toMatchObject({
      status: 400,
      body: { error: true },
    });
    expect(await send('textToMany', { to: ANA, text: 'x' })).toMatchObject({
      status: 400,
      body: { error: true },
    });
  });

  it('sends one file from a URL to many: fetched once, each phone gets the same bytes, the file deleted after', async () => {
    const bytes = await png(120, 90);
    let fetches = 0;
    served.set('/flyer.png', {
      type: 'image/png',
      get body() {
        fetches++;
        return bytes;
      },
    });
    const reply = await send('mediaUrlToMany', {
      to: [ANA, BIA],
      url: `${filesUrl}/flyer.png`,
      type: 'image',
      caption: 'flyer',
    });
    expect(reply).toMatchObject({ status: 201, body: { error: false, sent: 2, failed: 0 } });
    expect(fetches).toBe(1);
    for (const [phone, i] of [
      [ANA, 0],
      [BIA, 1],
    ] as const) {
      const got = await received(phone, reply.body.results[i].messageData.key.id);
      expect(got.media).toMatchObject({ kind: 'image', caption: 'flyer', sha256: sha256(bytes) });
    }
    expect(await storedMedia()).toEqual([]);
  });
});
