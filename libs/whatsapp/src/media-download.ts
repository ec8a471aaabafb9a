import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import {
  DEFAULT_ORIGIN,
  extractMessageContent,
  getContentType,
  getHttpStream,
  getMediaKeys,
  getUrlFromDirectPath,
  type MediaType,
  type proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { DomainError, ErrorCode, type MediaMessageKeys } from '@zapgate/contracts';

/** The content key each `messageType` of a caller's keys names (a voice note is an audio message). */
const CONTENT_KEY: Record<MediaMessageKeys['messageType'], string> = {
  image: 'imageMessage',
  video: 'videoMessage',
  audio: 'audioMessage',
  ptt: 'audioMessage',
  document: 'documentMessage',
  sticker: 'stickerMessage',
};

/** WhatsApp's own media hosts (`mmg.whatsapp.net`, `media-*.cdn.whatsapp.net`, ...). */
const isWhatsAppHost = (host: string): boolean => host === 'whatsapp.net' || host.endsWith('.whatsapp.net');

/**
 * A media message Baileys can download, from the fields a caller copied from a webhook
 * (mega-API `messageKeys`). The file is fetched from `url` only when it is on WhatsApp's media
 * hosts, or when `trustedHostsOnly` is false (the simulator's agents trust nothing but its own
 * CA, so no other host can answer): a caller must not make the shard fetch (and decrypt, with a
 * key it chose) an address of its choosing. Otherwise the `directPath` goes to WhatsApp's host.
 */
export function messageFromKeys(keys: MediaMessageKeys, trustedHostsOnly: boolean): WAMessage {
  let url: string | undefined = keys.url;
  if (url && trustedHostsOnly) {
    let host = '';
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      host = '';
    }
    if (!isWhatsAppHost(host)) url = undefined;
  }
  if (!url && !keys.directPath)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      "the media keys need the file's directPath or its url on WhatsApp's media host (mmg.whatsapp.net)",
      { reason: 'no_media' },
    );
  const mediaKey = Buffer.from(keys.mediaKey, 'base64');
  if (mediaKey.length !== 32)
    throw new DomainError(ErrorCode.ValidationFailed, 'mediaKey must be 32 bytes, base64', {
      reason: 'no_media',
    });
  return {
    key: { remoteJid: '', fromMe: false, id: '' },
    message: {
      [CONTENT_KEY[keys.messageType]]: {
        mediaKey,
        ...(url ? { url } : {}),
        ...(keys.directPath ? { directPath: keys.directPath } : {}),
        ...(keys.mimetype ? { mimetype: keys.mimetype } : {}),
        ...(keys.messageType === 'ptt' ? { ptt: true } : {}),
      },
    },
  } as WAMessage;
}

/** The bytes of WhatsApp's truncated HMAC-SHA256 that follow an encrypted file. */
const MAC_LENGTH = 10;

/**
 * Downloads and decrypts a media message's file, checking the MAC WhatsApp appends to it, which
 * Baileys' own `downloadMediaMessage` drops unchecked: with a wrong media key a file then decrypts
 * to garbage whenever the last block's padding happens to look valid (about 1 time in 256). The
 * stream errors at its end when the MAC does not match, so a store that takes it keeps nothing.
 * Throws Baileys' HTTP error (a Boom, `output.statusCode`) when the host refuses the file.
 */
export async function downloadVerifiedMedia(
  msg: WAMessage,
  options: { dispatcher?: unknown } = {},
): Promise<Readable> {
  const content = extractMessageContent(msg.message);
  const type = content ? getContentType(content) : undefined;
  const media = type ? (content![type] as proto.Message.IImageMessage | undefined) : undefined;
  if (!type || !media?.mediaKey?.length) throw new Error(`"${type ?? 'empty'}" message has no media key`);
  const url = media.directPath
    ? getUrlFromDirectPath(media.directPath, hostOf(media.url))
    : (media.url ?? undefined);
  if (!url) throw new Error('the message has neither a directPath nor a url');
  const { iv, cipherKey, macKey } = await getMediaKeys(
    media.mediaKey,
    type.replace('Message', '') as MediaType,
  );
  const fetched = await getHttpStream(url, {
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    headers: { Origin: DEFAULT_ORIGIN },
  } as Parameters<typeof getHttpStream>[1]);

  if (!macKey) throw new Error('no MAC key derived from the media key');
  const mac = createHmac('sha256', macKey).update(iv);
  const aes = createDecipheriv('aes-256-cbc', cipherKey, iv);
  let tail = Buffer.alloc(0);
  const decrypt = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const data = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      const cut = Math.max(0, data.length - MAC_LENGTH);
      tail = Buffer.from(data.subarray(cut));
      const body = data.subarray(0, cut);
      try {
        mac.update(body);
        done(null, aes.update(body));
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      const expected = mac.digest().subarray(0, MAC_LENGTH);
      if (tail.length !== MAC_LENGTH || !timingSafeEqual(expected, tail))
        return done(new Error('the file does not match its media key (MAC mismatch)'));
      try {
        done(null, aes.final());
      } catch (err) {
        done(err as Error);
      }
    },
  });
  return pipeline(fetched, decrypt, () => undefined) as Readable;
}

function hostOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
