import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { BaseEnv, loadEnv, WithMediaSettings } from '@zapgate/config';
import { ErrorCode } from '@zapgate/contracts';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { generated, image, oggOpus, pdf, readAll, sha256 } from './media.fixtures.js';
import { MediaIntake, mediaLimitsFrom, type MediaLimits } from './media-intake.service.js';
import { mediaFromBase64, mediaFromStream, mediaFromUrl, type MediaSource } from './media-source.js';
import type { MediaKind } from './media-type.js';
import { MediaUrlFetcher } from './media-url-fetcher.js';
import { TempFileMediaStore } from './temp-file-media.store.js';

const KB = 1024;
const LIMITS: MediaLimits = {
  maxBytes: { image: 64 * KB, video: 256 * KB, audio: 64 * KB, sticker: 16 * KB, document: 256 * KB },
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 5_000,
};

describe(MediaIntake.name, () => {
  let dir: string;
  let store: TempFileMediaStore;
  let sut: MediaIntake;
  let server: Server;
  let base: string;
  let png: Buffer;

  const refusal = async (source: MediaSource, kind: MediaKind): Promise<MediaError> => {
    const err = await sut.ingest(source, kind).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (err instanceof MediaError) return err;
    throw new Error(`expected a MediaError, got ${String(err)}`);
  };
  const stored = async () => (await readdir(dir)).length;

  beforeAll(async () => {
    png = await image('png', 120, 90);
    server = createServer((req, res) => {
      if (req.url === '/file.bin') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(png);
      }
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'image/png' });
        return void generated(10 * 1024 ** 2).pipe(res);
      }
      if (req.url === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' });
        return void res.end();
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-intake-'));
    store = await TempFileMediaStore.open({ dir, maxAgeMs: 3_600_000 });
    // loopback: the test server (the policy refuses it unless private networks are allowed)
    sut = new MediaIntake(store, new MediaUrlFetcher({ allowPrivateNetworks: true }), LIMITS);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes base64 in: the stored bytes are the decoded ones, the MIME the sniffed one', async () => {
    const ref = await sut.ingest(mediaFromBase64(png.toString('base64'), { fileName: 'a.png' }), 'image');
    expect(ref).toMatchObject({
      size: png.length,
      sha256: sha256(png),
      mime: 'image/png',
      fileName: 'a.png',
    });
    expect(await readAll(await store.open(ref))).toEqual(png);
  });

  it('sends a data URI that says image/jpeg but holds a PNG as image/png', async () => {
    const ref = await sut.ingest(
      mediaFromBase64(`data:image/jpeg;base64,${png.toString('base64')}`),
      'image',
    );
    expect(ref.mime).toBe('image/png');
  });

  it("keeps a voice note's codecs parameter", async () => {
    const voice = oggOpus(4 * KB);
    const ref = await sut.ingest(
      mediaFromBase64(voice.toString('base64'), { mime: 'audio/ogg; codecs=opus' }),
      'audio',
    );
    expect(ref).toMatchObject({ mime: 'audio/ogg; codecs=opus', sha256: sha256(voice) });
  });

  it('fetches a URL, sniffing past a generic Content-Type, with the name from the URL', async () => {
    const ref = await sut.ingest(mediaFromUrl(`${base}/file.bin`), 'image');
    expect(ref).toMatchObject({ mime: 'image/png', sha256: sha256(png), fileName: 'file.bin' });
  });

  it('streams an upload in (a multipart file)', async () => {
    const upload = new PassThrough();
    const doc = pdf(100 * KB);
    upload.end(doc);
    const ref = await sut.ingest(mediaFromStream(upload, { fileName: 'contract.pdf' }), 'document');
    expect(ref).toMatchObject({
      mime: 'application/pdf',
      size: doc.length,
      sha256: sha256(doc),
      fileName: 'contract.pdf',
    });
  });

  describe('refusals, after which nothing is stored', () => {
    afterEach(async () => {
      expect(await stored()).toBe(0);
    });

    it('base64 over the limit, before decoding it (413)', async () => {
      const big = Buffer.alloc(17 * KB, 1).toString('base64');
      const err = await refusal(mediaFromBase64(big), 'sticker');
      expect(err).toMatchObject({ reason: MediaErrorReason.TooLarge, code: ErrorCode.PayloadTooLarge });
      expect(err.message).toMatch(/the sticker is larger than the limit of 16 KB/);
    });

    it('an upload over the limit, as it streams, and the upload is stopped', async () => {
      const upload = generated(50 * 1024 ** 2);
      const err = await refusal(mediaFromStream(upload), 'document');
      expect(err.reason).toBe(MediaErrorReason.TooLarge);
      expect(upload.destroyed).toBe(true);
    });

    it('an upload whose declared size is over the limit, without reading it', async () => {
      const upload = new PassThrough();
      const err = await refusal(mediaFromStream(upload, { size: 300 * KB }), 'video');
      expect(err.reason).toBe(MediaErrorReason.TooLarge);
      expect(upload.destroyed).toBe(true);
    });

    it('a URL whose body passes the limit', async () => {
      const err = await refusal(mediaFromUrl(`${base}/big`), 'image');
      expect(err.reason).toBe(MediaErrorReason.TooLarge);
    });

    it('a MIME type the kind does not take', async () => {
      const gif = await image('gif');
      const err = await refusal(mediaFromBase64(gif.toString('base64')), 'image');
      expect(err).toMatchObject({
        reason: MediaErrorReason.UnsupportedType,
        code: ErrorCode.ValidationFailed,
      });
      const sticker = await refusal(mediaFromBase64(png.toString('base64')), 'sticker');
      expect(sticker.message).toMatch(/image\/png cannot be sent as a sticker/);
    });

    it('a URL redirecting to the metadata address', async () => {
      const err = await refusal(mediaFromUrl(`${base}/to-metadata`), 'image');
      expect(err.reason).toBe(MediaErrorReason.UrlRefused);
    });

    it('a URL that answers 404', async () => {
      const err = await refusal(mediaFromUrl(`${base}/nothing`), 'document');
      expect(err.reason).toBe(MediaErrorReason.FetchFailed);
    });

    it('an empty upload', async () => {
      const upload = new PassThrough();
      upload.end();
      const err = await refusal(mediaFromStream(upload), 'document');
      expect(err.reason).toBe(MediaErrorReason.InvalidData);
    });
  });
});

describe(mediaLimitsFrom.name, () => {
  it('reads the configured limit of each kind', () => {
    class Env extends WithMediaSettings(BaseEnv) {}
    const sut = mediaLimitsFrom(
      loadEnv(Env, { MEDIA_MAX_STICKER_SIZE: '500kb', MEDIA_FETCH_TIMEOUT_MS: '60000' }),
    );
    expect(sut).toEqual({
      maxBytes: {
        image: 16 * 1024 ** 2,
        video: 64 * 1024 ** 2,
        audio: 16 * 1024 ** 2,
        sticker: 500 * KB,
        document: 128 * 1024 ** 2,
      },
      connectTimeoutMs: 10_000,
      totalTimeoutMs: 60_000,
    });
  });
});
