import type { Readable } from 'node:stream';
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { MediaReference, MessageContent } from '@zapgate/contracts';

/** What WhatsApp plays as a voice note, whatever the file was called at intake (the gateway converts). */
export const VOICE_NOTE_MIME = 'audio/ogg; codecs=opus';

export interface MessageContentInput {
  /** The media's bytes, for every kind but text: Baileys reads, encrypts and uploads them as they stream. */
  media?: Readable;
  /** Jids mentioned in a text or a caption (ignored for kinds without text). */
  mentions?: string[];
}

/** The media of a content variant, if it has one. */
export function mediaOf(content: MessageContent): MediaReference | undefined {
  return content.kind === 'text' ? undefined : content.media;
}

/**
 * A canonical message content as Baileys' `AnyMessageContent`. Media goes in as `{ stream }`:
 * Baileys encrypts it into a temp file as it reads (never the whole file in memory) and uploads
 * that; only an image or video is also kept whole on disk for its thumbnail.
 */
export function buildMessageContent(
  content: MessageContent,
  input: MessageContentInput = {},
): AnyMessageContent {
  const mentions = input.mentions?.length ? { mentions: input.mentions } : {};
  if (content.kind === 'text') return { text: content.text, ...mentions };
  if (!input.media) throw new Error(`a ${content.kind} message needs its media stream`);
  const upload = { stream: input.media };
  const mimetype = content.media.mime;
  switch (content.kind) {
    case 'image':
      return {
        image: upload,
        mimetype,
        ...caption(content.caption),
        ...(content.viewOnce ? { viewOnce: true } : {}),
        ...mentions,
      };
    case 'video':
      return {
        video: upload,
        mimetype,
        ...caption(content.caption),
        ...(content.gifPlayback ? { gifPlayback: true } : {}),
        ...(content.viewOnce ? { viewOnce: true } : {}),
        ...mentions,
      };
    case 'ptv':
      return { video: upload, mimetype, ptv: true };
    case 'audio':
      return { audio: upload, mimetype };
    case 'ptt':
      return {
        audio: upload,
        ptt: true,
        mimetype: VOICE_NOTE_MIME,
        ...(content.seconds !== undefined ? { seconds: content.seconds } : {}),
      };
    case 'document':
      return {
        document: upload,
        mimetype,
        fileName: content.fileName,
        ...caption(content.caption),
        ...mentions,
      } as AnyMessageContent;
    case 'sticker':
      return { sticker: upload, mimetype };
  }
}

const caption = (text: string | undefined) => (text ? { caption: text } : {});
