import { normalizeMessageContent, type AnyMessageContent, type proto } from '@whiskeysockets/baileys';

/** What a phone can send through the control API. */
export const PHONE_MEDIA_KINDS = ['image', 'video', 'audio', 'ptt', 'document', 'sticker'] as const;
export type PhoneSendableKind = (typeof PHONE_MEDIA_KINDS)[number];
/** What a phone recognises in what it receives (`ptv`: a round video note). */
export type PhoneMediaKind = PhoneSendableKind | 'ptv';

/** The MIME type a phone uses when it is not told one (Baileys' defaults). */
export const DEFAULT_MIME: Record<PhoneSendableKind, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg; codecs=opus',
  ptt: 'audio/ogg; codecs=opus',
  document: 'application/pdf',
  sticker: 'image/webp',
};

/** The media part of a message, whichever of the media message types carries it. */
export type MediaContent = proto.Message.IImageMessage &
  proto.Message.IVideoMessage &
  proto.Message.IAudioMessage &
  proto.Message.IDocumentMessage &
  proto.Message.IStickerMessage;

export interface FoundMedia {
  kind: PhoneMediaKind;
  /** The media type its keys are derived for (HKDF info). */
  keyType: string;
  content: MediaContent;
}

/** The media in a received message (unwrapping device-sent, view-once and captioned documents). */
export function findMedia(message: proto.IMessage | null | undefined): FoundMedia | undefined {
  const m = normalizeMessageContent(message?.deviceSentMessage?.message ?? message);
  if (!m) return undefined;
  if (m.imageMessage) return { kind: 'image', keyType: 'image', content: m.imageMessage };
  if (m.stickerMessage) return { kind: 'sticker', keyType: 'sticker', content: m.stickerMessage };
  if (m.videoMessage) return { kind: 'video', keyType: 'video', content: m.videoMessage };
  if (m.ptvMessage) return { kind: 'ptv', keyType: 'video', content: m.ptvMessage };
  if (m.audioMessage)
    return { kind: m.audioMessage.ptt ? 'ptt' : 'audio', keyType: 'audio', content: m.audioMessage };
  if (m.documentMessage) return { kind: 'document', keyType: 'document', content: m.documentMessage };
  return undefined;
}

/** What Baileys' `sendMessage` takes for a phone's media message. */
export function mediaMessageContent(
  kind: PhoneSendableKind,
  data: Buffer,
  o: { mimetype: string; caption?: string; fileName?: string },
): AnyMessageContent {
  const caption = o.caption ? { caption: o.caption } : {};
  switch (kind) {
    case 'image':
      return { image: data, mimetype: o.mimetype, ...caption };
    case 'video':
      return { video: data, mimetype: o.mimetype, ...caption };
    case 'audio':
      return { audio: data, mimetype: o.mimetype };
    case 'ptt':
      return { audio: data, mimetype: o.mimetype, ptt: true };
    case 'document':
      return { document: data, mimetype: o.mimetype, fileName: o.fileName ?? 'file', ...caption };
    case 'sticker':
      return { sticker: data, mimetype: o.mimetype };
  }
}
