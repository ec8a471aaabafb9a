import { pipeline } from 'node:stream';
import sharp from 'sharp';
import { MediaError, MediaErrorReason } from './media.exception.js';
import type { MediaRef, MediaStore } from './media-store.js';

/** A sticker's side in pixels (WhatsApp shows 512x512 webp). */
export const STICKER_SIZE = 512;

/** Image types a sticker is made from: still ones, and gif/webp for animated stickers. */
export const STICKER_SOURCES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]);

/**
 * Stickers as WhatsApp shows them: a 512x512 webp, the image fitted inside on a transparent
 * background. Streamed from the store through sharp (libvips) into a new stored file, and the
 * original deleted; an animated gif or webp becomes an animated webp when `animated` is asked for
 * (its first frame otherwise). An image sharp cannot read is a MediaError UnsupportedType.
 */
export class StickerConverter {
  constructor(private readonly store: MediaStore) {}

  async toSticker(ref: MediaRef, options: { animated?: boolean } = {}): Promise<MediaRef> {
    const essence = ref.mime.split(';')[0]!.trim().toLowerCase();
    if (!STICKER_SOURCES.has(essence))
      throw new MediaError(
        MediaErrorReason.UnsupportedType,
        `${essence} cannot be made a sticker; send png, jpeg, webp or gif`,
        { mime: essence },
      );
    const animated = !!options.animated;
    const transform = sharp({ animated, failOn: 'error' })
      .resize(STICKER_SIZE, STICKER_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .webp({ quality: 80, effort: 4 });
    const output = pipeline(await this.store.open(ref), transform, () => undefined);
    let sticker: MediaRef;
    try {
      sticker = await this.store.put(output, { mime: 'image/webp' });
    } catch (err) {
      if (err instanceof MediaError) throw err;
      throw new MediaError(
        MediaErrorReason.UnsupportedType,
        `the image could not be made a sticker: ${(err as Error).message}`,
      );
    }
    await this.store.delete(ref);
    return sticker;
  }
}
