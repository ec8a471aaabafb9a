import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PHONE_MEDIA_KINDS, type PhoneSendableKind } from '../media/media-kind.js';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

export class CreatePhoneDto {
  @ApiProperty({
    example: '5511999990001',
    description: 'Phone number with country code, digits only (6 to 15)',
  })
  @IsString()
  @Matches(/^\+?\d{6,15}$/, { message: 'number must be 6 to 15 digits, country code first' })
  number!: string;

  @ApiPropertyOptional({ example: 'Ana', description: 'Push name of the account' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;
}

export class ScanQrDto {
  @ApiProperty({
    description: 'What the linking device shows: the QR text, or a picture of it as a PNG data URL',
    example: 'data:image/png;base64,iVBORw0KGgo...',
  })
  @IsString()
  @Length(10, 2_000_000)
  qr!: string;
}

export class PairingCodeDto {
  @ApiProperty({ example: 'ABCD-1234', description: 'The 8-character code the linking device displays' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/, {
    message: 'code must be 8 letters or digits, optionally as XXXX-XXXX',
  })
  code!: string;
}

export class SendTextDto {
  @ApiProperty({
    example: '5511999990002',
    description: 'Recipient: digits, or a user jid (@s.whatsapp.net, @c.us, @lid)',
  })
  @IsString()
  @Length(6, 64)
  to!: string;

  @ApiProperty({ example: 'Hi, I would like to order' })
  @IsString()
  @Length(1, 65_536)
  text!: string;
}

export class SendMediaDto {
  @ApiProperty({
    example: '5511999990002',
    description: 'Recipient: digits, or a user jid (@s.whatsapp.net, @c.us, @lid)',
  })
  @IsString()
  @Length(6, 64)
  to!: string;

  @ApiProperty({ enum: PHONE_MEDIA_KINDS, example: 'image', description: 'ptt: a voice note' })
  @IsIn(PHONE_MEDIA_KINDS)
  kind!: PhoneSendableKind;

  @ApiProperty({
    example:
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    description: 'The file as a data: URL (base64 or percent-encoded)',
  })
  @IsString()
  @Matches(/^data:/i, { message: 'data must be a data: URL' })
  @MaxLength(100_000_000)
  data!: string;

  @ApiPropertyOptional({
    example: 'image/png',
    description: "Default: the data URL's type, else the usual one for the kind",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, { message: 'mimetype must be a MIME type like image/png' })
  @MaxLength(255)
  mimetype?: string;

  @ApiPropertyOptional({ example: 'Our menu', description: 'image, video and document' })
  @IsOptional()
  @IsString()
  @Length(1, 65_536)
  caption?: string;

  @ApiPropertyOptional({ example: 'menu.pdf', description: 'document (default: file)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  fileName?: string;
}

export class ReadMessagesDto {
  @ApiProperty({
    type: [String],
    example: ['3EB0C431C26A1916E0E8'],
    description: 'Ids of received messages to mark read',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  ids!: string[];
}

export const PRESENCE_TYPES = ['available', 'unavailable', 'composing', 'recording', 'paused'] as const;

export class PresenceDto {
  @ApiProperty({ enum: PRESENCE_TYPES, example: 'composing' })
  @IsIn(PRESENCE_TYPES)
  type!: (typeof PRESENCE_TYPES)[number];

  @ApiPropertyOptional({
    example: '5511999990001',
    description: 'Chat partner; required for composing, recording and paused',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;
}
