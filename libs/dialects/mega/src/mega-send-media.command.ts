import type { MediaKind, MediaReference, MessageContent, SendMessageCommand } from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import type {
  MegaMediaBase64DataDto,
  MegaMediaFieldsDto,
  MegaMediaType,
  MegaMediaUrlDataDto,
  MegaSendMediaBase64Dto,
  MegaSendMediaUrlDto,
  MegaSendMediaUrlToManyDto,
  MegaSendTextToManyDto,
} from './mega.dto.js';

/** The message kind each mega `type` is sent as (they are the same words). */
const KIND: Record<MegaMediaType, MediaKind> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  ptt: 'ptt',
  ptv: 'ptv',
  document: 'document',
};

/**
 * Where a file comes from as the caller gave it: a URL, or base64 text (bare or a data URI), with
 * what the caller says it is. The gateway's media intake checks and fetches or decodes it.
 */
export type MegaMediaInput = ({ url: string } | { base64: string }) & { mime?: string; fileName?: string };

/**
 * A media send as the gateway carries it out: take `input` in as `kind`, then send what `commands`
 * makes of the stored file. The recipients are checked when this is made (before any file is
 * fetched or decoded); one that is none refuses the whole request.
 */
export interface MegaMediaSend {
  input: MegaMediaInput;
  kind: MediaKind;
  commands(media: MediaReference): SendMessageCommand[];
  /** The recipients as the request named them and as jids, in order (for a send to many's reply). */
  recipients: { to: string; jid: string }[];
}

const hintsOf = (data: MegaMediaFieldsDto): { mime?: string; fileName?: string } => ({
  ...(data.mimeType ? { mime: data.mimeType } : {}),
  ...(data.fileName ? { fileName: data.fileName } : {}),
});

/** `mediaUrl` (catalog 4.4): the file at `url`, as `type`, to `to`. */
export function megaMediaUrlSend(instance: string, body: MegaSendMediaUrlDto): MegaMediaSend {
  const data = body.messageData;
  return single(instance, data, { url: data.url, ...hintsOf(data) });
}

/** `mediaBase64` (catalog 4.6): a data URI (its MIME type wins over `mimeType`) or bare base64. */
export function megaMediaBase64Send(instance: string, body: MegaSendMediaBase64Dto): MegaMediaSend {
  const data = body.messageData;
  return single(instance, data, { base64: data.base64, ...hintsOf(data) });
}

function single(
  instance: string,
  data: MegaMediaUrlDataDto | MegaMediaBase64DataDto,
  input: MegaMediaInput,
): MegaMediaSend {
  const recipients = megaRecipients([data.to]);
  return {
    input,
    kind: KIND[data.type],
    recipients,
    commands: (media) => [{ instance, to: recipients[0]!.jid, content: megaMediaContent(data, media) }],
  };
}

/**
 * `mediaUrlToMany` (catalog 4.5): the file at `url` taken in once and sent to each recipient with
 * `keepMedia` (the caller deletes it after the last send).
 */
export function megaMediaUrlToManySend(instance: string, body: MegaSendMediaUrlToManyDto): MegaMediaSend {
  const data = body.messageData;
  const recipients = megaRecipients(data.to);
  return {
    input: { url: data.url, ...hintsOf(data) },
    kind: KIND[data.type],
    recipients,
    commands: (media) => {
      const content = megaMediaContent(data, media);
      return recipients.map(({ jid }) => ({ instance, to: jid, content, options: { keepMedia: true } }));
    },
  };
}

/**
 * The content of a mega media send, once the file is taken in: `caption` for image, video and
 * document, `gifPlayback` for video, `viewOnce` for image and video; a document is named by
 * `fileName`, else by the URL's name, else `file`. What a kind cannot carry is left out.
 */
export function megaMediaContent(data: MegaMediaFieldsDto, media: MediaReference): MessageContent {
  const caption = data.caption ? { caption: data.caption } : {};
  const viewOnce = data.viewOnce ? { viewOnce: true } : {};
  switch (data.type) {
    case 'image':
      return { kind: 'image', media, ...caption, ...viewOnce };
    case 'video':
      return {
        kind: 'video',
        media,
        ...caption,
        ...(data.gifPlayback ? { gifPlayback: true } : {}),
        ...viewOnce,
      };
    case 'document':
      return { kind: 'document', media, fileName: data.fileName || media.fileName || 'file', ...caption };
    case 'audio':
      return { kind: 'audio', media };
    case 'ptt':
      return { kind: 'ptt', media };
    case 'ptv':
      return { kind: 'ptv', media };
  }
}

/**
 * The recipients of a send to many, normalised, in the caller's order (each with what the caller
 * wrote, for the reply). One that is no recipient refuses the whole request: nothing is sent.
 */
export function megaRecipients(to: readonly string[]): { to: string; jid: string }[] {
  return to.map((t) => ({ to: t, jid: normalizeRecipient(t) }));
}

/** `textToMany` (catalog 4.2): the same text to each recipient. */
export function megaTextToMany(instance: string, body: MegaSendTextToManyDto): SendMessageCommand[] {
  return megaRecipients(body.messageData.to).map(({ jid }) => ({
    instance,
    to: jid,
    content: { kind: 'text', text: body.messageData.text },
  }));
}
