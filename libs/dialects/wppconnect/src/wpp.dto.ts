import { ApiPropertyOptional } from '@nestjs/swagger';
import { ReplayRangeDto } from '@zapgate/dialect-common';
import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class WppStartSessionDto {
  @ApiPropertyOptional({
    example: 'https://example.com/hooks/wpp',
    description:
      'Per-session webhook, kept and restored on restart (the global WEBHOOK_URL otherwise). Called exactly as given; link-local and cloud metadata addresses are refused.',
  })
  @IsOptional()
  @IsString({ message: 'webhook must be a string URL' })
  @MaxLength(2048)
  webhook?: string;

  @ApiPropertyOptional({
    example: ['onmessage', 'onack'],
    description: 'zapgate extension: only these webhook events (WPPConnect names); absent: every event',
    type: [String],
  })
  @IsOptional()
  @IsArray({ message: 'events must be an array of event names' })
  @IsString({ each: true })
  events?: string[];

  @ApiPropertyOptional({
    example: ['status@broadcast'],
    description:
      "WPPConnect's webhook ignore list: events whose name, sender (`from`) or type is listed are not sent (default `status@broadcast`)",
    type: [String],
  })
  @IsOptional()
  @IsArray({ message: 'ignore must be an array of strings' })
  @IsString({ each: true })
  ignore?: string[];

  @ApiPropertyOptional({
    example: true,
    description: 'Answer when the first QR code (or pairing code) is ready',
  })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  waitQrCode?: boolean;

  @ApiPropertyOptional({
    example: '5511999999999',
    description: 'Ask for a pairing code for this number instead of a QR',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\+?\d{8,15}$/, { message: 'phone must be the full number with country code' })
  phone?: string;

  @ApiPropertyOptional({
    description: 'Accepted for compatibility; a proxy is not supported yet',
    example: { url: 'http://proxy:8080' },
  })
  @IsOptional()
  @IsObject()
  proxy?: Record<string, unknown>;
}

export class WppSendMessageDto {
  @ApiPropertyOptional({
    example: '5511999999999',
    description: 'Number(s): a string (comma or semicolon separated) or an array',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(/\s*[,;]\s*/).filter(Boolean) : value))
  @IsString({ each: true })
  phone!: string[];

  @ApiPropertyOptional({ example: 'Hello from zapgate', description: '1 to 65,536 characters' })
  @IsString()
  @Length(1, 65_536)
  message!: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isGroup?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isNewsletter?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isLid?: boolean;

  @ApiPropertyOptional({
    description:
      'wppconnect sendText options: `quotedMsg` (a message id of this session, serialized or bare; 404 when unknown) `mentionedList` (user ids) and `linkPreview` (true: zapgate previews the first link of message; a page that fails sends the text alone). Any other key (buttons, title, footer, detectMentioned, markIsRead, delay, messageId, waitForAck, createChat …) answers 501',
    example: {
      quotedMsg: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F',
      mentionedList: ['5511988887777@c.us'],
    },
  })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

export class WppWebhookSecretDto {
  @ApiPropertyOptional({
    example: 'a-long-random-secret-of-yours',
    description: 'At least 16 characters; omit it to get a generated secret (returned once)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  secret?: string;
}

export class WppReplayRangeDto extends ReplayRangeDto {}
