import type { IncomingMessage } from 'node:http';
import { get, type Agent } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { MediaDecipher, mediaKeys } from './media-cipher.js';

const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Where a media message's file is and how to decrypt and check it. */
export interface MediaRef {
  directPath?: string;
  url?: string;
  mediaKey: Buffer;
  /** The media type its keys are derived for (`image`, `video`, `audio`, `document`, `sticker`). */
  keyType: string;
  fileSha256?: Buffer;
  fileEncSha256?: Buffer;
}

/**
 * Downloads a media file over HTTPS (trusting what `agent` trusts) and decrypts it as a stream;
 * the returned `MediaDecipher` fails if the MAC or a hash does not match, and has `info` once it
 * ended. The URL is the direct path on `authority` (the media host `media_conn` names now, as
 * WhatsApp clients do), else the message's `url`.
 */
export async function downloadMedia(ref: MediaRef, authority: string, agent: Agent): Promise<MediaDecipher> {
  const url = ref.directPath ? `https://${authority}${ref.directPath}` : ref.url;
  if (!url) throw new Error('the message has neither a direct path nor a URL');
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = get(url, {
      agent,
      headers: { origin: 'https://web.whatsapp.com' },
      timeout: DOWNLOAD_TIMEOUT_MS,
    });
    req.on('response', resolve);
    req.on('timeout', () => req.destroy(new Error('media download timed out')));
    req.on('error', reject);
  });
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`media host answered HTTP ${res.statusCode}`);
  }
  const decipher = new MediaDecipher(mediaKeys(ref.mediaKey, ref.keyType), {
    fileSha256: ref.fileSha256,
    fileEncSha256: ref.fileEncSha256,
  });
  pipeline(res as Readable, decipher, () => undefined); // errors surface on the decipher
  return decipher;
}
