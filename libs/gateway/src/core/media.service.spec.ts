import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import {
  MediaErrorReason,
  mediaFromBase64,
  mediaFromUrl,
  MediaIntake,
  MediaUrlFetcher,
  TempFileMediaStore,
} from '@zapgate/media';
import sharp from 'sharp';
import { MediaService } from './media.service.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const png = () =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 10, g: 200, b: 90 } } })
    .png()
    .toBuffer();
const MB = 1024 ** 2;

describe(MediaService.name, () => {
  let dir: string;
  let store: TempFileMediaStore;
  let sut: MediaService;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-media-service-'));
    store = await TempFileMediaStore.open({ dir, maxAgeMs: 60_000 });
    const intake = new MediaIntake(store, new MediaUrlFetcher({ allowPrivateNetworks: false }), {
      maxBytes: { image: 1 * MB, video: 1 * MB, audio: 1 * MB, sticker: 100_000, document: 2 * MB },
      connectTimeoutMs: 1_000,
      totalTimeoutMs: 2_000,
    });
    sut = new MediaService(intake, store);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const stored = async () => (await readdir(dir)).filter((f) => !f.startsWith('.'));

  it('takes a base64 image in: stored, with its size, SHA-256 and the MIME sniffed from the bytes', async () => {
    const bytes = await png();
    const ref = await sut.take(mediaFromBase64(bytes.toString('base64'), { mime: 'image/jpeg' }), 'image');
    expect(ref).toEqual({
      id: expect.any(String),
      size: bytes.length,
      mime: 'image/png',
      sha256: sha256(bytes),
    });
    expect(await stored()).toEqual([ref.id]);
    await sut.discard(ref);
    expect(await stored()).toEqual([]);
    await expect(sut.discard(ref)).resolves.toBeUndefined(); // gone already: no error
  });

  it('keeps the file name of a document', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 32)]);
    const ref = await sut.take(
      mediaFromBase64(`data:application/pdf;base64,${pdf.toString('base64')}`, { fileName: 'invoice.pdf' }),
      'document',
    );
    expect(ref).toMatchObject({ mime: 'application/pdf', fileName: 'invoice.pdf', size: pdf.length });
  });

  it("refuses a file over its kind's limit with payload_too_large, and stores nothing", async () => {
    const big = Buffer.alloc(1 * MB + 1, 1);
    await expect(sut.take(mediaFromBase64(big.toString('base64')), 'ptt')).rejects.toMatchObject({
      code: ErrorCode.PayloadTooLarge,
      details: { reason: MediaErrorReason.TooLarge },
    });
    expect(await stored()).toEqual([]);
  });

  it('refuses bytes its kind does not accept, and a metadata address, storing nothing', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 32)]);
    await expect(sut.take(mediaFromBase64(pdf.toString('base64')), 'image')).rejects.toMatchObject({
      details: { reason: MediaErrorReason.UnsupportedType },
    });
    await expect(
      sut.take(mediaFromUrl('http://169.254.169.254/latest/meta-data'), 'image'),
    ).rejects.toMatchObject({ details: { reason: MediaErrorReason.UrlRefused } });
    expect(await stored()).toEqual([]);
  });
  it('deletes a file after its shared sends, or after a single send that failed; keeps it after a timeout', async () => {
    const take = () =>
      sut.take(mediaFromBase64(Buffer.from('%PDF-1.7\n'.padEnd(4096, ' ')).toString('base64')), 'document');
    const shared = await take();
    expect(await sut.sending(shared, 'shared', async () => 'sent twice')).toBe('sent twice');
    expect(await stored()).toEqual([]);

    const once = await take();
    await sut.sending(once, 'once', async () => 'sent'); // the shard deletes it once sent
    expect(await stored()).toEqual([once.id]);
    await sut.discard(once);

    const refused = await take();
    const notOnWhatsApp = new DomainError(ErrorCode.NumberNotOnWhatsApp, 'no');
    await expect(sut.sending(refused, 'once', () => Promise.reject(notOnWhatsApp))).rejects.toBe(
      notOnWhatsApp,
    );
    expect(await stored()).toEqual([]);

    const slow = await take();
    const timeout = new DomainError(ErrorCode.Timeout, 'the shard did not answer in time');
    await expect(sut.sending(slow, 'once', () => Promise.reject(timeout))).rejects.toBe(timeout);
    expect(await stored()).toEqual([slow.id]);
  });
});
