import type { WAMessage } from '@whiskeysockets/baileys';
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
