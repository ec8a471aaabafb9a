import { SimError } from '../sim-error.js';

export interface DecodedDataUrl {
  data: Buffer;
  /** The MIME type the URL names, without parameters' defaults (undefined for `data:,...`). */
  mimetype?: string;
}

/**
 * Decodes a `data:` URL (base64 or percent-encoded) with the platform's own parser (fetch's);
 * anything else, or an empty file, is `invalid_media`.
 */
export async function decodeDataUrl(input: string): Promise<DecodedDataUrl> {
  const text = input.trim();
  if (!/^data:/i.test(text)) throw new SimError('invalid_media', 'data must be a data: URL');
  let data: Buffer;
  try {
    const res = await fetch(text);
    data = Buffer.from(await res.arrayBuffer());
  } catch {
    throw new SimError('invalid_media', 'data is not a valid data: URL');
  }
  if (!data.length) throw new SimError('invalid_media', 'data holds an empty file');
  // `data:audio/ogg; codecs=opus;base64,...`: the type with its parameters
  const mimetype = text
    .slice(5, text.indexOf(','))
    .replace(/;\s*base64\s*$/i, '')
    .trim();
  return { data, ...(/^[^/;\s]+\/[^/;\s]+/.test(mimetype) ? { mimetype } : {}) };
}
