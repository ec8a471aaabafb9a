import {
  DomainError,
  ErrorCode,
  type MediaKind,
  type MediaReference,
  type MessageContent,
  type SendMessageCommand,
  type SendOptions,
} from '@zapgate/contracts';
import type { WppRecipientsDto, WppSendFileDto } from './wpp-media.dto.js';
import { wppRecipients } from './wpp-send-message.command.js';

/** Where a WPPConnect file comes from, in the catalog's precedence: `path`, `base64`, the upload. */
export type WppFileInput =
  /** An http(s) URL or a data URI. */
  | { from: 'path'; value: string }
  /** A data URI. */
  | { from: 'base64'; value: string }
  /** The multipart `file` part, already taken in. */
  | { from: 'upload' };

/** WPPConnect-server's answer when no file is given (catalog 4.2, send-file and send-sticker). */
export const WPP_FILE_MANDATORY = { message: 'Sending the file is mandatory' } as const;

const fileMandatory = () =>
  new DomainError(ErrorCode.Unauthorized, WPP_FILE_MANDATORY.message, { wppBody: WPP_FILE_MANDATORY });

const DATA_URI = /^\s*data:/i;

/**
 * The file of a send route: `path` (an http(s) URL, or a data URI as wppconnect accepts), then
 * `base64` (a data URI), then the uploaded file; none of them is WPPConnect's 401. A `path` that
 * is neither (a file on the server) is refused: zapgate reads no local files for callers.
 */
export function wppFileInput(
  body: { path?: string; base64?: string },
  uploaded: boolean,
  base64Field = 'base64',
): WppFileInput {
  if (body.path?.trim()) {
    if (!/^\s*(https?:\/\/|data:)/i.test(body.path))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'path must be an http(s) URL or a data URI: zapgate does not read files on the server',
      );
    return { from: 'path', value: body.path };
  }
  if (body.base64?.trim()) {
    if (!DATA_URI.test(body.base64))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${base64Field} must be a data URI (data:<mime>;base64,<data>)`,
      );
    return { from: 'base64', value: body.base64 };
  }
  if (uploaded) return { from: 'upload' };
  throw fileMandatory();
}

/** The WhatsApp kind wppconnect's `sendFile` picks for a file (`type: 'auto-detect'`): by its MIME type. */
export function wppFileKind(mime: string): Extract<MediaKind, 'image' | 'video' | 'audio' | 'document'> {
  const essence = mime.split(';')[0]!.trim().toLowerCase();
  if (['image/jpeg', 'image/png', 'image/webp'].includes(essence)) return 'image';
  if (['video/mp4', 'video/3gpp'].includes(essence)) return 'video';
  if (['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr'].includes(essence)) return 'audio';
  return 'document';
}

/**
 * A quoted message as WPPConnect names it: a serialized id (`true_<chat>@c.us_<id>`, the chat
 * taken from it) or the bare id.
 */
export function wppQuoted(id: string | undefined): SendOptions['quoted'] | undefined {
  const text = id?.trim();
  if (!text) return undefined;
  const serialized = /^(?:true|false)_([^_]+@(?:c\.us|g\.us|lid|s\.whatsapp\.net))_([^_]+)(?:_.*)?$/.exec(
    text,
  );
  if (!serialized) return { id: text };
  const chat = serialized[1]!.replace(/@c\.us$/, '@s.whatsapp.net');
  return { id: serialized[2]!, chat };
}

function refuseOptions(options: Record<string, unknown> | undefined, route: string): void {
  const keys = Object.keys(options ?? {});
  if (keys.length)
    throw new DomainError(
      ErrorCode.NotImplemented,
      `${route} options are not supported yet (got ${keys.join(', ')}); send without them`,
    );
}

/** The recipients of a send (checked before any file is taken in). */
export function wppMediaRecipients(body: WppRecipientsDto): string[] {
  if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  return wppRecipients(body.phone, body);
}

function commands(session: string, body: WppRecipientsDto, content: MessageContent): SendMessageCommand[] {
  const quoted = wppQuoted(body.quotedMessageId);
  return wppMediaRecipients(body).map((to) => ({
    instance: session,
    to,
    content,
    ...(quoted ? { options: { quoted } } : {}),
  }));
}

/** Checks a send-file body before its file is taken in (501 for wppconnect options). */
export function wppCheckFileSend(body: WppSendFileDto): void {
  refuseOptions(body.options, 'send-file');
  wppMediaRecipients(body);
}

/**
 * `send-file`, `send-image`, `send-file-base64`: the taken-in file to each recipient, as the kind
 * wppconnect would send it (wppFileKind), with `message` (or `caption`) as its caption.
 */
export function wppFileMessages(
  session: string,
  body: WppSendFileDto,
  media: MediaReference,
): SendMessageCommand[] {
  refuseOptions(body.options, 'send-file');
  const caption = body.message || body.caption || undefined;
  const withCaption = caption ? { caption } : {};
  const kind = wppFileKind(media.mime);
  let content: MessageContent;
  switch (kind) {
    case 'image':
    case 'video':
      content = { kind, media, ...withCaption };
      break;
    case 'audio':
      content = { kind, media };
      break;
    case 'document':
      content = { kind, media, fileName: body.filename || media.fileName || 'file', ...withCaption };
      break;
  }
  return commands(session, body, content);
}

/** `send-voice`, `send-voice-base64`: a voice note (the file already ogg/opus) to each recipient. */
export function wppVoiceMessages(
  session: string,
  body: WppRecipientsDto,
  media: MediaReference,
): SendMessageCommand[] {
  return commands(session, body, { kind: 'ptt', media });
}

/** `send-sticker`, `send-sticker-gif`: a sticker (the file already a webp) to each recipient. */
export function wppStickerMessages(
  session: string,
  body: WppRecipientsDto,
  media: MediaReference,
): SendMessageCommand[] {
  return commands(session, body, { kind: 'sticker', media });
}
