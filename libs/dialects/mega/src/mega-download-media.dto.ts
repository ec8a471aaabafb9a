import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError, ErrorCode, type DownloadMediaCommand, type MediaMessageKeys } from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** The fields of the webhook's `…Message` object a mega-API client copies (catalog 2.10). */
export class MegaMessageKeysDto {
  @ApiPropertyOptional({
    example: 'aLYlOR3TqY0aUt0Zg1wJ6tS7kUuS4s3w7u9PGSbTz8c=',
    description: "The file's media key (base64), from the webhook's …Message object",
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  mediaKey?: string;

  @ApiPropertyOptional({
    example: '/v/t62.7118-24/11890058_680423771528047_8816685531428927749_n.enc?ccb=11-4',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  directPath?: string;

  @ApiPropertyOptional({
    example: 'https://mmg.whatsapp.net/v/t62.7118-24/11890058_680423771528047_8816685531428927749_n.enc',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ example: 'image/jpeg', description: 'lowercase mimetype, as in the webhook' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  mimetype?: string;

  @ApiPropertyOptional({
    example: 'image',
    description: 'image, video, audio, ptt, document or sticker (imageMessage, ... also accepted)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  messageType?: string;

  @ApiPropertyOptional({
    example: '3EB0C431C26A1916E0E8',
    description: "Instead of the keys: the message's key.id (a message this instance received or sent)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  id?: string;

  @ApiPropertyOptional({
    example: '5511999999999@s.whatsapp.net',
    description: "With id: the message's key.remoteJid",
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  remoteJid?: string;
}

export class MegaDownloadMediaDto {
  @ApiProperty({ type: MegaMessageKeysDto })
  @IsDefined({ message: 'messageKeys is required' })
  @IsObject({ message: 'messageKeys must be an object' })
  @ValidateNested()
  @Type(() => MegaMessageKeysDto)
  messageKeys!: MegaMessageKeysDto;
}

export class MegaDownloadMediaReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'ok' })
  message!: string;

  @ApiProperty({ example: 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA...' })
  data!: string;
}

const MEDIA_TYPES: readonly MediaMessageKeys['messageType'][] = [
  'image',
  'video',
  'audio',
  'ptt',
  'document',
  'sticker',
];

/**
 * `downloadMediaMessage`'s body as the canonical download: the message by `id` when given (from
 * the message store), else the file by the keys the client copied from the webhook.
 */
export function megaDownloadMedia(instance: string, body: MegaDownloadMediaDto): DownloadMediaCommand {
  const k = body.messageKeys;
  if (k.id?.trim())
    return {
      instance,
      id: k.id.trim(),
      ...(k.remoteJid?.trim() ? { chat: normalizeRecipient(k.remoteJid.trim()) } : {}),
    };
  const type = (k.messageType ?? '')
    .trim()
    .replace(/Message$/, '')
    .toLowerCase();
  const messageType = MEDIA_TYPES.find((t) => t === type);
  if (!k.mediaKey || !messageType)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'messageKeys needs mediaKey, messageType (image, video, audio, ptt, document or sticker) and directPath or url, as in the webhook; or the message id',
    );
  if (!k.directPath && !k.url)
    throw new DomainError(ErrorCode.ValidationFailed, 'messageKeys needs directPath or url');
  if (!/^[A-Za-z0-9+/=_-]{40,64}$/.test(k.mediaKey))
    throw new DomainError(ErrorCode.ValidationFailed, 'messageKeys.mediaKey must be base64 (32 bytes)');
  if (k.url && !k.url.startsWith('https://'))
    throw new DomainError(ErrorCode.ValidationFailed, 'messageKeys.url must be an https URL');
  if (k.directPath && !k.directPath.startsWith('/'))
    throw new DomainError(ErrorCode.ValidationFailed, 'messageKeys.directPath must start with /');
  return {
    instance,
    keys: {
      messageType,
      mediaKey: k.mediaKey,
      ...(k.directPath ? { directPath: k.directPath } : {}),
      ...(k.url ? { url: k.url } : {}),
      ...(k.mimetype ? { mimetype: k.mimetype } : {}),
    },
  };
}

/** The reply: the file as a data URI. */
export const megaDownloadMediaReply = (mime: string, bytes: Buffer): MegaDownloadMediaReply => ({
  error: false,
  message: 'ok',
  data: `data:${mime};base64,${bytes.toString('base64')}`,
});
