import { ApiProperty } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type MediaReference,
  type ReceivedMessage,
  type SendMessageCommand,
  type WebhookInstance,
} from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { megaMediaContent } from './mega-send-media.command.js';
import { messageBody } from './mega-webhook.renderer.js';

/**
 * Compatibility routes of the sibling API (mega-API catalog appendix B: an older self-hosted
 * Baileys API with the same `/rest/...` layout that some mega clients were written against):
 * `GET /rest/instance/messages/{k}?chat_id=`, `POST /rest/webhook/{k}/updateUrl` and the
 * multipart `POST /rest/sendMessage/{k}/image|video|audio|document`.
 */

/** The file kinds of the multipart sends (one path each). */
export const MEGA_UPLOAD_TYPES = ['image', 'video', 'audio', 'document'] as const;
export type MegaUploadType = (typeof MEGA_UPLOAD_TYPES)[number];

/**
 * A multipart send (`file`, query `id` the recipient and `caption`) as the send command of the
 * uploaded file: caption on image, video and document; a document named by its upload name.
 */
export function megaUploadSend(
  instance: string,
  type: MegaUploadType,
  query: { id?: unknown; caption?: unknown },
  media: MediaReference | undefined,
): SendMessageCommand {
  if (typeof query.id !== 'string' || !query.id.trim())
    throw new DomainError(ErrorCode.ValidationFailed, 'id (the recipient) is required in the query');
  if (query.caption !== undefined && typeof query.caption !== 'string')
    throw new DomainError(ErrorCode.ValidationFailed, 'caption must be one text');
  const to = normalizeRecipient(query.id);
  if (!media)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'file is required (a multipart/form-data part named file)',
    );
  const caption = query.caption?.trim() ? { caption: query.caption } : {};
  return { instance, to, content: megaMediaContent({ type, ...caption }, media) };
}

/** `messages?chat_id=`: the chat, digits or a jid. */
export function megaChatIdQuery(chatId: unknown): string {
  if (typeof chatId !== 'string' || !chatId.trim())
    throw new DomainError(ErrorCode.ValidationFailed, 'chat_id is required');
  return normalizeRecipient(chatId);
}

export class MegaMessagesReply {
  @ApiProperty({ example: false })
  error!: false;
  @ApiProperty({ example: 'Messages' })
  message!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [
      {
        instance_key: 'shop',
        messageType: 'conversation',
        key: { remoteJid: '5511999999999@s.whatsapp.net', fromMe: false, id: '3EB0C767D26A1D8B9F6A' },
        messageTimestamp: 1700000000,
        pushName: 'Ana',
        message: { conversation: 'Hello' },
      },
    ],
    description:
      'Oldest first; each message as the `message` webhook posts it (key, messageTimestamp, pushName, messageType and the Baileys `message`, media keys included for downloadMediaMessage)',
  })
  data!: Record<string, unknown>[];
}

/** The stored messages of a chat as the `message` webhook renders them, oldest first. */
export function megaMessages(messages: ReceivedMessage[], instance: WebhookInstance): MegaMessagesReply {
  return { error: false, message: 'Messages', data: messages.map((m) => messageBody(m, instance)) };
}

export class MegaUpdateUrlDataDto {
  @ApiProperty({ example: 'https://example.com/webhook' })
  @IsString({ message: 'data.url must be a string' })
  @Length(1, 2048)
  url!: string;
}

/** `webhook/{k}/updateUrl` (sibling API): `{data: {url}}`. */
export class MegaUpdateUrlDto {
  @ApiProperty({ type: MegaUpdateUrlDataDto })
  @IsDefined({ message: 'data is required' })
  @IsObject({ message: 'data must be an object' })
  @ValidateNested()
  @Type(() => MegaUpdateUrlDataDto)
  data!: MegaUpdateUrlDataDto;
}

/** The multipart body of the sibling API's file sends: one part, `file`. */
export class MegaUploadFileDto {
  @ApiProperty({ type: 'string', format: 'binary', example: '(the file bytes)', description: 'The file' })
  file!: unknown;
}
