import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { ForwardMessageCommand, SendMessageCommand } from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';

const RECIPIENT_DOC = 'Digits, @s.whatsapp.net, @c.us, @g.us or @lid';
const emptyAsMissing = ({ value }: { value: unknown }) =>
  value === '' || value === null ? undefined : value;
const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' || value === 1
    ? true
    : value === 'false' || value === '0' || value === 0
      ? false
      : value;

/** The key of the message to forward, as mega's webhooks give it. */
export class MegaForwardKeyDto {
  @ApiPropertyOptional({
    example: '5511988887777@s.whatsapp.net',
    description: "The forwarded message's chat (narrows the lookup)",
  })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(128)
  remoteJid?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  fromMe?: boolean;

  @ApiProperty({
    example: '3EB0C767D26A1D8E2B5F',
    description: 'A message this instance sent or received (in its message store); 404 when unknown',
  })
  @IsString({ message: 'key.id is required' })
  @Length(1, 128)
  id!: string;
}

/** Catalog 4.13. */
export class MegaForwardMessageDataDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: RECIPIENT_DOC })
  @IsString()
  @Length(1, 128)
  to!: string;

  @ApiProperty({ type: MegaForwardKeyDto })
  @IsDefined({ message: 'key is required' })
  @IsObject({ message: 'key must be an object' })
  @ValidateNested()
  @Type(() => MegaForwardKeyDto)
  key!: MegaForwardKeyDto;

  @ApiPropertyOptional({
    example: { conversation: 'Does it ship tomorrow?' },
    description:
      'The original content, as mega clients send it; ignored: zapgate forwards the stored message named by key.id',
  })
  @IsOptional()
  @IsObject()
  message?: Record<string, unknown>;
}

export class MegaForwardMessageDto {
  @ApiProperty({ type: MegaForwardMessageDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaForwardMessageDataDto)
  messageData!: MegaForwardMessageDataDto;
}

/** Catalog 4.8. */
export class MegaLinkPreviewDataDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: RECIPIENT_DOC })
  @IsString()
  @Length(1, 128)
  to!: string;

  @ApiProperty({
    example: 'Our new catalog: https://example.com/catalog',
    description:
      'A text with a link: zapgate previews its first http(s) URL (title, description, image); a page that fails sends the text without a preview',
  })
  @IsString({ message: 'textWithLink is required' })
  @Length(1, 65_536)
  textWithLink!: string;
}

export class MegaLinkPreviewDto {
  @ApiProperty({ type: MegaLinkPreviewDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaLinkPreviewDataDto)
  messageData!: MegaLinkPreviewDataDto;
}

/** `sendMessage/{key}/forwardMessage`: the stored message key.id names, to `to`. */
export function megaForwardMessage(instance: string, body: MegaForwardMessageDto): ForwardMessageCommand {
  const { to, key } = body.messageData;
  return {
    instance,
    to: normalizeRecipient(to),
    id: key.id.trim(),
    ...(key.remoteJid ? { chat: normalizeRecipient(key.remoteJid) } : {}),
  };
}

/** `sendMessage/{key}/sendLinkPreview`: the text (the gateway adds the preview). */
export function megaLinkPreview(instance: string, body: MegaLinkPreviewDto): SendMessageCommand {
  const { to, textWithLink } = body.messageData;
  return { instance, to: normalizeRecipient(to), content: { kind: 'text', text: textWithLink } };
}
