import type { Readable } from 'node:stream';
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { ContactCard, MediaReference, MessageContent } from '@zapgate/contracts';

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
  return 'media' in content ? content.media : undefined;
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
  if (content.kind === 'text') {
    const preview = content.linkPreview;
    if (!preview) return { text: content.text, ...mentions };
    return {
      text: content.text,
      ...mentions,
      linkPreview: {
        'canonical-url': preview.url,
        'matched-text': preview.url,
        title: preview.title,
        ...(preview.description ? { description: preview.description } : {}),
        ...(preview.thumbnailBase64 ? { jpegThumbnail: Buffer.from(preview.thumbnailBase64, 'base64') } : {}),
      },
    };
  }
  if (content.kind === 'location')
    return {
      location: {
        degreesLatitude: content.latitude,
        degreesLongitude: content.longitude,
        ...(content.name ? { name: content.name } : {}),
        ...(content.address ? { address: content.address } : {}),
      },
    };
  if (content.kind === 'contacts') {
    // one card is a contactMessage (its own displayName is what the chat shows); several, a
    // contactsArrayMessage named by the message's displayName
    const single = content.contacts.length === 1;
    const cards = content.contacts.map((c) => ({
      displayName: (single ? content.displayName : undefined) ?? c.fullName,
      vcard: c.vcard ?? buildVcard(c),
    }));
    return {
      contacts: {
        displayName: content.displayName ?? (single ? cards[0]!.displayName : `${cards.length} contacts`),
        contacts: cards,
      },
    };
  }
  if (content.kind === 'poll')
    // Baileys adds the poll's messageSecret, which voters' phones encrypt their votes with
    return {
      poll: { name: content.name, values: content.options, selectableCount: content.selectableCount ?? 0 },
    };
  if (content.kind === 'list' || content.kind === 'buttons' || content.kind === 'template')
    throw new Error(`a ${content.kind} message is built by buildInteractiveMessage`);
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

/** vCard 3.0 text values escape backslashes, commas, semicolons and line breaks (RFC 2426). */
const vcardText = (value: string) =>
  value
    .replace(/\\/g, '\\\\')
    .replace(/[,;]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, '\\n');

/**
 * A contact's vCard 3.0 as WhatsApp's apps write it: the number as a `TEL` with its WhatsApp id
 * (`waid`), which is what makes the card's "Message" button open a chat.
 */
export function buildVcard(card: ContactCard): string {
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `FN:${vcardText(card.fullName)}`,
    ...(card.organization ? [`ORG:${vcardText(card.organization)};`] : []),
    `TEL;type=CELL;type=VOICE;waid=${card.phone}:+${card.phone}`,
    'END:VCARD',
  ].join('\n');
}
