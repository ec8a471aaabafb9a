import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { extractImageThumb } from '@whiskeysockets/baileys';
import sharp from 'sharp';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { image } from './media.fixtures.js';
import { imageThumbnail } from './image-thumbnail.js';

describe(imageThumbnail.name, () => {
  it('makes a 32 px wide JPEG, as WhatsApp shows before downloading', async () => {
    const sut = await imageThumbnail(await image('png', 640, 480));
    expect(sut).toMatchObject({ width: 32, height: 24, original: { width: 640, height: 480 } });
    const meta = await sharp(sut.jpeg).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 32, height: 24 });
    // a few hundred bytes: it travels inside the message
    expect(sut.jpeg.length).toBeLessThan(2_000);
  });

  it('matches what Baileys makes itself (extractImageThumb)', async () => {
    const jpeg = await image('jpeg', 1200, 900);
    const ours = await imageThumbnail(jpeg);
    const baileys = await extractImageThumb(jpeg);
    expect(baileys.original).toEqual(ours.original);
    expect(await sharp(baileys.buffer).metadata()).toMatchObject({ width: ours.width, height: ours.height });
  });

  it('reads a file path and a stream as well as bytes', async () => {
    const webp = await image('webp', 300, 600);
    const dir = await mkdtemp(join(tmpdir(), 'zg-thumb-'));
    try {
      const path = join(dir, 'image');
      await writeFile(path, webp);
      const fromPath = await imageThumbnail(path);
      const fromStream = await imageThumbnail(Readable.from([webp.subarray(0, 100), webp.subarray(100)]));
      for (const t of [fromPath, fromStream])
        expect(t).toMatchObject({ width: 32, height: 64, original: { width: 300, height: 600 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('turns the image upright by its EXIF orientation', async () => {
    // stored 400x200, to be shown turned a quarter (orientation 6): upright it is 200x400
    const rotated = await sharp(await image('jpeg', 400, 200))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const sut = await imageThumbnail(rotated);
    expect(sut).toMatchObject({ width: 32, height: 64, original: { width: 200, height: 400 } });
  });

  it('refuses what is not an image, and a stream that fails, as invalid data', async () => {
    const notImage = await imageThumbnail(Buffer.from('%PDF-1.7 not an image')).catch((e: unknown) => e);
    expect(notImage).toBeInstanceOf(MediaError);
    expect((notImage as MediaError).reason).toBe(MediaErrorReason.InvalidData);

    const broken = new PassThrough();
    broken.write((await image('jpeg', 200, 200)).subarray(0, 50));
    setImmediate(() => broken.destroy(new Error('connection reset')));
    const failed = await imageThumbnail(broken).catch((e: unknown) => e);
    expect((failed as MediaError).reason).toBe(MediaErrorReason.InvalidData);
  });
});
