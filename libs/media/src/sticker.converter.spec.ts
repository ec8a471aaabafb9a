import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { MediaErrorReason } from './media.exception.js';
import { image, pdf, readAll } from './media.fixtures.js';
import { StickerConverter } from './sticker.converter.js';
import { TempFileMediaStore } from './temp-file-media.store.js';

/** A two-frame animated gif. */
async function animatedGif(): Promise<Buffer> {
  const frame = (r: number) =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: { r, g: 0, b: 0 } } })
      .png()
      .toBuffer();
  return sharp([await frame(255), await frame(0)], { join: { animated: true } })
    .gif({ delay: [100, 100] })
    .toBuffer();
}

describe(StickerConverter.name, () => {
  let dir: string;
  let store: TempFileMediaStore;
  let sut: StickerConverter;
  const put = (bytes: Buffer, mime: string) => store.put(Readable.from([bytes]), { mime });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-sticker-test-'));
    store = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 3_600_000 });
    sut = new StickerConverter(store);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a png a 512x512 webp, as a new file, and deletes the original', async () => {
    const original = await put(await image('png', 64, 48), 'image/png');

    const sticker = await sut.toSticker(original);

    expect(sticker.mime).toBe('image/webp');
    const meta = await sharp(await readAll(await store.open(sticker))).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 512, height: 512, hasAlpha: true });
    expect(await readdir(join(dir, 'media'))).toEqual([sticker.id]);
  });

  it('makes an animated gif an animated webp when asked, its first frame otherwise', async () => {
    const gif = await animatedGif();

    const animated = await sut.toSticker(await put(gif, 'image/gif'), { animated: true });
    const still = await sut.toSticker(await put(gif, 'image/gif'));

    expect(await sharp(await readAll(await store.open(animated))).metadata()).toMatchObject({
      format: 'webp',
      pages: 2,
      width: 512,
    });
    expect((await sharp(await readAll(await store.open(still))).metadata()).pages ?? 1).toBe(1);
  });

  it('refuses what is not an image, and bytes sharp cannot read, keeping the original only', async () => {
    const document = await put(pdf(100), 'application/pdf');
    await expect(sut.toSticker(document)).rejects.toMatchObject({ reason: MediaErrorReason.UnsupportedType });

    const broken = await put(Buffer.from('not a png at all'), 'image/png');
    await expect(sut.toSticker(broken)).rejects.toMatchObject({
      reason: MediaErrorReason.UnsupportedType,
      message: expect.stringContaining('could not be made a sticker'),
    });
    expect((await readdir(join(dir, 'media'))).sort()).toEqual([document.id, broken.id].sort());
  });
});
