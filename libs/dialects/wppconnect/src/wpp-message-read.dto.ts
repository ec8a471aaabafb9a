import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError, ErrorCode, type DownloadMediaCommand } from '@zapgate/contracts';
import { IsDefined } from 'class-validator';
import { WppMessageView } from './wpp-reply.dto.js';

/** `download-media`'s body: a message id, or a whole message object (as `onmessage` posted it). */
export class WppDownloadMediaDto {
  @ApiProperty({
    description:
      'The message id as WPPConnect writes it (`false_5511999999999@c.us_3EB0C431C26A1916E0E8`, or the bare WhatsApp id), or a message object with that `id`',
    oneOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'string' } } }],
    example: 'false_5511999999999@c.us_3EB0C431C26A1916E0E8',
  })
  @IsDefined({ message: 'messageId is required' })
  messageId!: unknown;
}

/** download-media and get-media-by-message (catalog 4): the file as base64 without prefix. */
export class WppMediaReply {
  @ApiProperty({
    example: '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA...',
    description: 'The file, base64 (no data: prefix)',
  })
  base64!: string;

  @ApiProperty({ example: 'image/jpeg' })
  mimetype!: string;
}

/** The 400 bodies of download-media and get-media-by-message, exactly as WPPConnect-server words them. */
export class WppMediaErrorReply {
  @ApiProperty({ example: 'error' })
  status!: string;

  @ApiProperty({
    example: 'Message not found',
    enum: ['Message not found', 'Message does not contain media', 'Decrypt file error'],
  })
  message!: string;

  @ApiPropertyOptional({
    example: 'the file could not be downloaded or decrypted',
    description: 'Decrypt file error only',
  })
  error?: string;
}

/** get-messages: envelope S with the messages, newest last as WA-Web lists them. */
export class WppMessagesReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppMessageView] })
  response!: WppMessageView[];
}

export class WppMessageByIdData {
  @ApiProperty({ example: 'Information retrieved successfully.' })
  message!: string;

  @ApiProperty({ example: '5511999999999', description: "The chat's user part" })
  contact!: string;

  @ApiProperty({ example: 'store' })
  session!: string;

  @ApiProperty({ type: WppMessageView })
  data!: WppMessageView;
}

/** message-by-id: envelope D (catalog 3.2), 201. */
export class WppMessageByIdReply {
  @ApiProperty({ example: 'Success' })
  status!: string;

  @ApiProperty({ type: WppMessageByIdData })
  response!: WppMessageByIdData;
}

/** A WPPConnect error body, verbatim, with the 400 status its routes use. */
const wppBody = (message: string, extra: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.ValidationFailed, message, {
    wppBody: { status: 'error', message, ...extra },
  });

/** `{status: 'error', message: 'Message not found'}` (400), as download-media answers it. */
export const wppMessageNotFound = (): DomainError => wppBody('Message not found');
export const wppNoMedia = (): DomainError => wppBody('Message does not contain media');
export const wppDecryptError = (error: string): DomainError => wppBody('Decrypt file error', { error });

/** The canonical message a WPPConnect message id names: its WhatsApp id and, when written, its chat. */
export interface WppMessageRef {
  id: string;
  chat?: string;
}

const SERIALIZED =
  /^(true|false)_([^_@\s]+@(?:c\.us|s\.whatsapp\.net|g\.us|lid|broadcast))_([A-Za-z0-9]+)(?:_.+)?$/;

/**
 * Reads a WPPConnect message id: `<fromMe>_<chatId>_<msgId>[_<participant>]` (the chat as a
 * canonical jid, `@c.us` as `@s.whatsapp.net`), or a bare WhatsApp id; a message object gives its
 * `id` (a string, or WA-Web's `{_serialized}`). Anything else is a validation error.
 */
export function wppMessageRef(value: unknown): WppMessageRef {
  let id: unknown = value;
  if (value && typeof value === 'object') {
    const inner = (value as { id?: unknown }).id;
    id = inner && typeof inner === 'object' ? (inner as { _serialized?: unknown })._serialized : inner;
  }
  if (typeof id !== 'string' || !id.trim() || id.length > 256)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'messageId must be a message id or a message object with an id',
    );
  const text = id.trim();
  const m = SERIALIZED.exec(text);
  if (m) {
    const chat = m[2]!.replace(/@c\.us$/, '@s.whatsapp.net');
    return { id: m[3]!, chat };
  }
  if (!/^[A-Za-z0-9]{1,128}$/.test(text))
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `messageId ${JSON.stringify(text.slice(0, 64))} is not a message id`,
    );
  return { id: text };
}

/** The canonical download of the message a WPPConnect id names. */
export const wppDownloadMedia = (instance: string, ref: WppMessageRef): DownloadMediaCommand => ({
  instance,
  id: ref.id,
  ...(ref.chat ? { chat: ref.chat } : {}),
});

/** The chat `get-messages/:phone` names (`5521…@c.us`, a group `…@g.us`, a LID, or bare digits). */
export function wppChatOf(phone: string): string {
  const p = phone.trim();
  const at = p.indexOf('@');
  if (at < 0) {
    // WPPConnect's contactToArray: a group id has a dash, more than 14 digits is a LID
    if (/^\d+-\d+$/.test(p)) return `${p}@g.us`;
    const digits = p.replace(/[^\d]/g, '');
    if (/^\d{15,20}$/.test(digits)) return `${digits}@lid`;
    if (/^\d{6,14}$/.test(digits)) return `${digits}@s.whatsapp.net`;
  } else {
    const user = p.slice(0, at).split(':')[0]!;
    const server = p.slice(at + 1);
    if ((server === 'c.us' || server === 's.whatsapp.net') && /^\d{6,20}$/.test(user))
      return `${user}@s.whatsapp.net`;
    if (server === 'g.us' && /^\d+(-\d+)?$/.test(user)) return `${user}@g.us`;
    if (server === 'lid' && /^\d{1,20}$/.test(user)) return `${user}@lid`;
  }
  throw new DomainError(
    ErrorCode.ValidationFailed,
    `phone ${JSON.stringify(p.slice(0, 64))} is not a chat id`,
  );
}

/** get-messages' query: `count` (default 20), `direction` before/after (default before), `id` anchor. */
export function wppMessagesQuery(query: { count?: string; direction?: string; id?: string }): {
  count: number;
  direction: 'before' | 'after';
  anchor?: WppMessageRef;
} {
  const count = query.count === undefined || query.count === '' ? 20 : Number(query.count);
  if (!Number.isInteger(count) || count < 1 || count > 500)
    throw new DomainError(ErrorCode.ValidationFailed, 'count must be a whole number from 1 to 500');
  const direction = (query.direction ?? 'before') || 'before';
  if (direction !== 'before' && direction !== 'after')
    throw new DomainError(ErrorCode.ValidationFailed, 'direction must be before or after');
  return { count, direction, ...(query.id ? { anchor: wppMessageRef(query.id) } : {}) };
}
