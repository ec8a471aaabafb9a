import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { MediaError, MediaErrorReason } from './media.exception.js';

export interface ImageThumbnail {
  /** JPEG bytes (Baileys' `jpegThumbnail`; base64 of them in the message). */
  jpeg: Buffer;
  /** The thumbnail's own size. */
  width: number;
  height: number;
  /** The image's size, upright (WhatsApp shows the placeholder at this aspect ratio). */
  original: { width: number; height: number };
}

/** WhatsApp's inline thumbnails: 32 px wide, JPEG quality 50 (what Baileys' extractImageThumb makes). */
export const THUMBNAIL_WIDTH = 32;

/**
 * The inline thumbnail WhatsApp shows before an image is downloaded, made with sharp (libvips,
 * prebuilt binaries from the registry's @img/sharp-* packages): the image turned upright by its
 * EXIF orientation, scaled to `width` px wide, JPEG quality 50. Reads a file path, bytes or a
 * stream (libvips decodes as it reads; a 2000x1500 JPEG takes ~25 ms and a few MB). Pixel count is
 * capped by sharp's default (268 Mpx), so a decompression bomb is refused, not decoded.
 */
export async function imageThumbnail(
  input: string | Buffer | Readable,
  width = THUMBNAIL_WIDTH,
): Promise<ImageThumbnail> {
  const whole = typeof input === 'string' || Buffer.isBuffer(input);
  const image = whole ? sharp(input) : input.pipe(sharp());
  // pipe() does not carry a source's error: without this a broken stream would leave sharp waiting
  const sourceFailed = whole
    ? new Promise<never>(() => undefined)
    : new Promise<never>((_, reject) => input.once('error', reject));
  try {
    const made = Promise.all([
      image.clone().metadata(),
      image
        .clone()
        .rotate()
        .resize({ width, withoutEnlargement: false })
        .jpeg({ quality: 50 })
        .toBuffer({ resolveWithObject: true }),
    ]);
    // whichever loses the race must not surface as an unhandled rejection
    made.catch(() => undefined);
    sourceFailed.catch(() => undefined);
    const [meta, thumb] = await Promise.race([made, sourceFailed]);
    // orientations 5-8 are a quarter turn: width and height swap once upright
    const turned = (meta.orientation ?? 1) >= 5;
    const [w, h] = turned ? [meta.height, meta.width] : [meta.width, meta.height];
    return {
      jpeg: thumb.data,
      width: thumb.info.width,
      height: thumb.info.height,
      original: { width: w ?? thumb.info.width, height: h ?? thumb.info.height },
    };
  } catch (err) {
    throw new MediaError(MediaErrorReason.InvalidData, 'the image could not be decoded for a thumbnail', {
      cause: (err as Error).message,
    });
  }
}
