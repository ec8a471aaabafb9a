import sharp from 'sharp';
import { decodeDataUrl } from '../media/data-url.js';
import { SimError } from '../sim-error.js';

/** The image of a `data:` URL a phone sets as its picture: invalid_media unless sharp can decode it. */
export async function pictureBytes(dataUrl: string, maxBytes: number): Promise<Buffer> {
  const { data } = await decodeDataUrl(dataUrl);
  if (data.length > maxBytes)
    throw new SimError('media_too_large', `the picture is ${data.length} bytes, the limit is ${maxBytes}`);
  try {
    const { width, height } = await sharp(data).metadata();
    if (!width || !height) throw new Error('no size');
  } catch {
    throw new SimError('invalid_media', 'the picture is not an image (JPEG, PNG, WebP or GIF)');
  }
  return data;
}
