import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getMediaKeys, type WAMessage } from '@whiskeysockets/baileys';
import { ErrorCode, type MediaMessageKeys } from '@zapgate/contracts';
import { downloadVerifiedMedia, messageFromKeys } from './media-download.js';

const mediaKey = Buffer.alloc(32, 5).toString('base64');
const keys = (over: Partial<MediaMessageKeys> = {}): MediaMessageKeys => ({
  messageType: 'image',
  mediaKey,
  directPath: '/v/t62.7118-24/a.enc?ccb=11-4',
  url: 'https://mmg.whatsapp.net/v/t62.7118-24/a.enc',
  mimetype: 'image/jpeg',
  ...over,
});

describe(messageFromKeys.name, () => {
  it('builds the media message Baileys downloads, a voice note as a ptt audio message', () => {
    expect(messageFromKeys(keys(), true).message).toEqual({
      imageMessage: {
        mediaKey: Buffer.alloc(32, 5),
        url: 'https://mmg.whatsapp.net/v/t62.7118-24/a.enc',
        directPath: '/v/t62.7118-24/a.enc?ccb=11-4',
        mimetype: 'image/jpeg',
      },
    });
    expect(messageFromKeys(keys({ messageType: 'ptt' }), true).message).toMatchObject({
      audioMessage: { ptt: true },
    });
  });

  it("drops a url off WhatsApp's media hosts (the directPath goes to WhatsApp), unless only a simulator is trusted", () => {
    for (const url of [
      'https://169.254.169.254/latest/meta-data',
      'https://evil.example/whatsapp.net',
      'nonsense',
    ])
      expect(messageFromKeys(keys({ url }), true).message?.imageMessage?.url).toBeUndefined();
    expect(
      messageFromKeys(keys({ url: 'https://media-gru1-1.cdn.whatsapp.net/x.enc' }), true).message
        ?.imageMessage?.url,
    ).toBe('https://media-gru1-1.cdn.whatsapp.net/x.enc');
    expect(
      messageFromKeys(keys({ url: 'https://127.0.0.1:4443/m/x.enc' }), false).message?.imageMessage?.url,
    ).toBe('https://127.0.0.1:4443/m/x.enc');
  });

  it('refuses keys that cannot be downloaded: no path left, or a media key that is not 32 bytes', () => {
    expect(() => messageFromKeys(keys({ directPath: undefined, url: 'https://10.0.0.1/x' }), true)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => messageFromKeys(keys({ mediaKey: Buffer.alloc(16).toString('base64') }), true)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });
});

describe(downloadVerifiedMedia.name, () => {
  const plain = randomBytes(100_000);
  const key = randomBytes(32);
  let file: Buffer;
  let server: Server;
  let base: string;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    // what WhatsApp serves: AES-256-CBC of the file, then the first 10 bytes of HMAC-SHA256(iv + it)
    const { iv, cipherKey, macKey } = await getMediaKeys(key, 'image');
    const aes = createCipheriv('aes-256-cbc', cipherKey, iv);
    const enc = Buffer.concat([aes.update(plain), aes.final()]);
    const mac = createHmac('sha256', macKey!).update(iv).update(enc).digest().subarray(0, 10);
    file = Buffer.concat([enc, mac]);
    const tampered = Buffer.from(file);
    tampered[1000] ^= 1;
    files.set('/good.enc', file).set('/tampered.enc', tampered);
    server = createServer((req, res) => {
      const body = files.get(req.url ?? '');
      if (!body) return void res.writeHead(410).end();
      res.writeHead(200, { 'content-length': body.length });
      // in small writes, so the MAC straddles chunks
      for (let i = 0; i < body.length; i += 4093) res.write(body.subarray(i, i + 4093));
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const message = (path: string, mediaKey: Uint8Array = key): WAMessage =>
    ({ key: {}, message: { imageMessage: { url: base + path, mediaKey } } }) as WAMessage;
  const read = async (path: string, mediaKey?: Uint8Array) => {
    const chunks: Buffer[] = [];
    for await (const c of await downloadVerifiedMedia(message(path, mediaKey))) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };

  it('gives the decrypted file when its MAC matches', async () => {
    expect((await read('/good.enc')).equals(plain)).toBe(true);
  });

  it('fails every wrong key, even those whose padding happens to decrypt (Baileys would give garbage)', async () => {
    // about 1 wrong key in 256 passes the PKCS#7 padding check; 600 keys meet a few such
    for (let i = 0; i < 600; i++)
      await expect(read('/good.enc', randomBytes(32))).rejects.toThrow(/MAC mismatch|bad decrypt/);
  });

  it('fails a file altered on its way', async () => {
    await expect(read('/tampered.enc')).rejects.toThrow(/MAC mismatch/);
  });

  it("passes on the host's refusal with its status (an expired file: 410)", async () => {
    // a Boom: the status is output.statusCode (rc14's own reupload check reads `status`, never set)
    await expect(downloadVerifiedMedia(message('/gone.enc'))).rejects.toMatchObject({
      output: { statusCode: 410 },
    });
  });
});
