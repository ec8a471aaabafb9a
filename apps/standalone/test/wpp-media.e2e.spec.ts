import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { addPhones, pairWpp, startSandbox, type Http } from './standalone-harness.js';

const STORE = '5511981000001';
const ALICE = '5511981000002';
const BOB = '5511981000003';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A mono 16-bit PCM WAV of a tone, header written by hand. */
function wav(seconds = 0.5, rate = 8000): Buffer {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The WAV as MP3 (what callers send as voice notes; WAV is not an audio type WhatsApp plays). */
const mp3 = (): Buffer =>
  execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-f', 'wav', '-i', 'pipe:0', '-f', 'mp3', 'pipe:1'],
    {
      input: wav(),
    },
  );

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(2000)]);

describe('WPPConnect media sends, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let token: string;
  let files: Server;
  let filesUrl: string;
  const served = new Map<string, { type: string; body: Buffer }>();
  let jpeg: Buffer;
  let png: Buffer;
  let dataDir: string;

  const auth = () => ({ authorization: `Bearer ${token}` });
  const call = (path: string, body: unknown) => h.call('POST', `/api/store/${path}`, body, token);

  /** A multipart request through fetch (FormData), the way browsers and most clients upload. */
  async function upload(
    path: string,
    form: FormData,
    headers: Record<string, string> = auth(),
  ): Promise<Http> {
    const res = await fetch(`${h.zg.url}/api/store/${path}`, { method: 'POST', body: form, headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // a bare body
    }
    return { status: res.status, body, headers: res.headers };
  }

  const phone = (number: string) => h.zg.sim!.phone(number);

  /** The phone's copy of a sent message once it downloaded and checked the file. */
  async function received(number: string, serializedId: string) {
    const id = serializedId.split('_')[2]!;
    const message = await phone(number).waitForMessage((m) => m.id === id && m.media?.state !== 'pending');
    expect(message.media?.state).toBe('ready');
    return message;
  }

  /** The decrypted bytes a phone received. */
  async function bytesAt(number: string, id: string): Promise<Buffer> {
    const { stream } = await h.zg.sim!.openPhoneMedia(number, id);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  const inboxSize = (number: string) => h.zg.sim!.messagesOf(number).length;

  beforeAll(async () => {
    jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    png = await sharp({ create: { width: 100, height: 50, channels: 4, background: '#ff000080' } })
      .png()
      .toBuffer();
    served.set('/photo.jpg', { type: 'image/jpeg', body: jpeg });
    served.set('/hello.mp3', { type: 'audio/mpeg', body: mp3() });
    served.set('/logo.png', { type: 'image/png', body: png });
    files = createServer((req, res) => {
      const file = served.get(req.url ?? '');
      if (!file) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

    dataDir = await mkdtemp(join(tmpdir(), 'zg-wpp-media-'));
    h = await startSandbox({
      DATA_DIR: dataDir,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      MEDIA_MAX_IMAGE_SIZE: '200kb',
    });
    await addPhones(h, [[STORE, 'Store'], ALICE, BOB]);
    token = await pairWpp(h, STORE);
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => files?.close(r));
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('send-image from a URL reaches the phone as an image with its bytes, MIME and caption', async () => {
    const sent = await call('send-image', {
      phone: ALICE,
      path: `${filesUrl}/photo.jpg`,
      caption: 'ignored',
      message: 'the photo',
    });
    expect(sent).toMatchObject({
      status: 201,
      body: {
        status: 'success',
        mapper: 'return',
        session: 'store',
        response: [{ ack: 1, id: expect.stringMatching(new RegExp(`^true_${ALICE}@c\\.us_`)) }],
      },
    });
    const message = await received(ALICE, sent.body.response[0].id);
    expect(message.media).toMatchObject({
      kind: 'image',
      mimetype: 'image/jpeg',
      caption: 'the photo',
      sha256: sha256(jpeg),
      size: jpeg.length,
    });
  });

  it('send-file multipart sends the upload as a named document, to each phone of a list', async () => {
    const form = new FormData();
    form.set('phone', `${ALICE}, ${BOB}`);
    form.set('filename', 'invoice.pdf');
    form.set('caption', 'your invoice');
    form.set('file', new Blob([pdf], { type: 'application/octet-stream' }), 'upload.bin');

    const sent = await upload('send-file', form);

    expect(sent.status).toBe(201);
    expect(sent.body.response).toHaveLength(2);
    for (const [i, number] of [ALICE, BOB].entries()) {
      const message = await received(number, sent.body.response[i].id);
      expect(message.media).toMatchObject({
        kind: 'document',
        mimetype: 'application/pdf',
        fileName: 'invoice.pdf',
        caption: 'your invoice',
        sha256: sha256(pdf),
      });
      expect(sha256(await bytesAt(number, message.id))).toBe(sha256(pdf));
    }
  });

  it('send-file-base64 sends a data URI', async () => {
    const sent = await call('send-file-base64', {
      phone: ALICE,
      base64: `data:application/pdf;base64,${pdf.toString('base64')}`,
      filename: 'b64.pdf',
    });
    expect(sent.status).toBe(201);
    const message = await received(ALICE, sent.body.response[0].id);
    expect(message.media).toMatchObject({ kind: 'document', fileName: 'b64.pdf', sha256: sha256(pdf) });
  });

  it('send-voice from an MP3 URL arrives as a voice note in ogg/opus', async () => {
    const sent = await call('send-voice', { phone: ALICE, path: `${filesUrl}/hello.mp3` });
    expect(sent.status).toBe(201);
    const message = await received(ALICE, sent.body.response[0].id);
    expect(message.media).toMatchObject({ kind: 'ptt', mimetype: 'audio/ogg; codecs=opus' });
    const bytes = await bytesAt(ALICE, message.id);
    expect(await fileTypeFromBuffer(bytes)).toMatchObject({ mime: 'audio/ogg; codecs=opus' });
  });

  it('send-voice-base64 takes a data URI', async () => {
    const sent = await call('send-voice-base64', {
      phone: ALICE,
      base64Ptt: `data:audio/mpeg;base64,${served.get('/hello.mp3')!.body.toString('base64')}`,
    });
    expect(sent.status).toBe(201);
    expect((await received(ALICE, sent.body.response[0].id)).media).toMatchObject({ kind: 'ptt' });
  });

  it('send-sticker from a PNG URL arrives as a 512x512 webp sticker; multipart and animated gifs too', async () => {
    const sent = await call('send-sticker', { phone: ALICE, path: `${filesUrl}/logo.png` });
    expect(sent.status).toBe(201);
    const message = await received(ALICE, sent.body.response[0].id);
    expect(message.media).toMatchObject({ kind: 'sticker', mimetype: 'image/webp' });
    expect(await sharp(await bytesAt(ALICE, message.id)).metadata()).toMatchObject({
      format: 'webp',
      width: 512,
      height: 512,
    });

    const form = new FormData();
    form.set('phone', ALICE);
    form.set('file', new Blob([png]), 'logo.png');
    const uploaded = await upload('send-sticker', form);
    expect(uploaded.status).toBe(201);
    expect((await received(ALICE, uploaded.body.response[0].id)).media).toMatchObject({ kind: 'sticker' });

    // send-sticker-gif: an animated gif (multipart) arrives as an animated webp sticker
    const frame = (background: string) =>
      sharp({ create: { width: 40, height: 30, channels: 3, background } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } })
      .gif({ delay: [100, 100] })
      .toBuffer();
    const gifForm = new FormData();
    gifForm.set('phone', ALICE);
    gifForm.set('file', new Blob([gif], { type: 'image/gif' }), 'wave.gif');
    const animated = await upload('send-sticker-gif', gifForm);
    expect(animated.status).toBe(201);
    const animatedMessage = await received(ALICE, animated.body.response[0].id);
    expect(await sharp(await bytesAt(ALICE, animatedMessage.id)).metadata()).toMatchObject({
      format: 'webp',
      pages: 2,
      width: 512,
    });
  });

  it('refuses, in WPPConnect bodies and sending nothing: no file, oversize, bad data URI, refused URL', async () => {
    const before = inboxSize(ALICE);

    expect(await call('send-file', { phone: ALICE, caption: 'x' })).toMatchObject({
      status: 401,
      body: { message: 'Sending the file is mandatory' },
    });
    const noFile = new FormData();
    noFile.set('phone', ALICE);
    expect(await upload('send-sticker', noFile)).toMatchObject({
      status: 401,
      body: { message: 'Sending the file is mandatory' },
    });

    // the image limit is 200 KB here
    const big = await sharp(randomBytes(600 * 600 * 3), { raw: { width: 600, height: 600, channels: 3 } })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(200 * 1024);
    const oversize = new FormData();
    oversize.set('phone', ALICE);
    oversize.set('file', new Blob([big]), 'big.png');
    expect(await upload('send-sticker', oversize)).toMatchObject({
      status: 413,
      body: { status: 'error', message: expect.stringContaining('larger than the limit') },
    });

    expect(
      await call('send-file-base64', { phone: ALICE, base64: 'data:image/png;base64,@@not-base64@@' }),
    ).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringContaining('base64') },
    });
    expect(await call('send-file-base64', { phone: ALICE, base64: pdf.toString('base64') })).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringContaining('data URI') },
    });
    expect(
      await call('send-image', { phone: ALICE, path: 'http://169.254.169.254/latest/meta-data/photo.jpg' }),
    ).toMatchObject({ status: 400, body: { status: 'error' } });
    expect(await call('send-file', { phone: ALICE, path: '/etc/passwd' })).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringContaining('does not read files on the server') },
    });

    // a request that did get through is sent, so nothing before it was
    const after = await call('send-file', { phone: ALICE, path: `${filesUrl}/photo.jpg` });
    await received(ALICE, after.body.response[0].id);
    expect(inboxSize(ALICE)).toBe(before + 1);
  });

  it('takes a 5 MB multipart upload under the default body limit', async () => {
    const doc = Buffer.concat([pdf, randomBytes(5 * 1024 * 1024)]);
    const form = new FormData();
    form.set('phone', BOB);
    form.set('file', new Blob([doc]), 'big.pdf');

    const sent = await upload('send-file', form);

    expect(sent.status).toBe(201);
    const message = await received(BOB, sent.body.response[0].id);
    expect(message.media).toMatchObject({ kind: 'document', fileName: 'big.pdf', sha256: sha256(doc) });
  });

  it('refuses a multipart upload without a token before reading it', async () => {
    const before = inboxSize(ALICE);
    // headers only: the body never comes, so an answer proves the server did not wait to read it
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${h.zg.url}/api/store/send-file`, {
        method: 'POST',
        headers: {
          'content-type': 'multipart/form-data; boundary=zzz',
          'content-length': String(50 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write('--zzz\r\nContent-Disposition: form-data; name="phone"\r\n\r\n' + ALICE + '\r\n');
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({
      message: expect.stringContaining('Token is not present'),
    });
    expect(inboxSize(ALICE)).toBe(before);
  });

  it('quotes a message by its serialized id; an unknown one is 404 and nothing is sent', async () => {
    const first = await call('send-image', { phone: ALICE, path: `${filesUrl}/photo.jpg` });
    await received(ALICE, first.body.response[0].id);
    const quoting = await call('send-file', {
      phone: ALICE,
      path: `${filesUrl}/photo.jpg`,
      quotedMessageId: first.body.response[0].id,
    });
    expect(quoting.status).toBe(201);
    await received(ALICE, quoting.body.response[0].id);

    const before = inboxSize(ALICE);
    const unknown = await call('send-file', {
      phone: ALICE,
      path: `${filesUrl}/photo.jpg`,
      quotedMessageId: `true_${ALICE}@c.us_3EB0000000000000NOPE`,
    });
    expect(unknown).toMatchObject({ status: 404, body: { status: 'error', code: 'message_not_found' } });
    expect(inboxSize(ALICE)).toBe(before);
  });

  it('leaves no file in the media store once the requests are answered', async () => {
    const dir = join(dataDir, 'media');
    let left = await readdir(dir);
    for (let i = 0; i < 100 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = await readdir(dir);
    }
    expect(left).toEqual([]);
  });
});
