import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PHONE_MEDIA_KINDS, type PhoneSendableKind } from '../media/media-kind.js';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
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

  @ApiPropertyOptional({
    example: false,
    description:
      'false: the account is registered (its prekeys, groups, messages to it) but its phone stays off, and what is sent to it waits in its offline queue. Cheap members for large groups. Default true',
  })
  @IsOptional()
  @IsBoolean()
  online?: boolean;
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
    description:
      'Recipient: digits, a user jid (@s.whatsapp.net, @c.us, @lid), or a group jid (@g.us) the phone is in',
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
    description:
      'Recipient: digits, a user jid (@s.whatsapp.net, @c.us, @lid), or a group jid (@g.us) the phone is in',
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

export class ReactDto {
  @ApiProperty({ example: '👍', description: 'The emoji; an empty string takes the reaction off' })
  @IsString()
  @MaxLength(32)
  emoji!: string;
}

export class EditTextDto {
  @ApiProperty({ example: 'delivery at 6pm, not 5pm', description: 'The new text' })
  @IsString()
  @Length(1, 65_536)
  text!: string;
}

export class SendLocationDto {
  @ApiProperty({
    example: '5511999990002',
    description:
      'Recipient: digits, a user jid (@s.whatsapp.net, @c.us, @lid), or a group jid (@g.us) the phone is in',
  })
  @IsString()
  @Length(6, 64)
  to!: string;

  @ApiProperty({ example: -23.561414 })
  @IsLatitude()
  latitude!: number;

  @ApiProperty({ example: -46.655881 })
  @IsLongitude()
  longitude!: number;

  @ApiPropertyOptional({ example: 'MASP' })
  @IsOptional()
  @IsString()
  @Length(1, 1_000)
  name?: string;

  @ApiPropertyOptional({ example: 'Av. Paulista, 1578' })
  @IsOptional()
  @IsString()
  @Length(1, 1_000)
  address?: string;
}

export class SendContactCardDto {
  @ApiPropertyOptional({ example: 'Ana Souza' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  displayName?: string;

  @ApiProperty({
    example:
      'BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nTEL;type=CELL;waid=5511988887777:+5511988887777\nEND:VCARD',
  })
  @IsString()
  @Matches(/^BEGIN:VCARD/i, { message: 'vcard must start with BEGIN:VCARD' })
  @MaxLength(65_536)
  vcard!: string;
}

export class SendContactsDto {
  @ApiProperty({
    example: '5511999990002',
    description:
      'Recipient: digits, a user jid (@s.whatsapp.net, @c.us, @lid), or a group jid (@g.us) the phone is in',
  })
  @IsString()
  @Length(6, 64)
  to!: string;

  @ApiPropertyOptional({ example: 'Ana Souza', description: "The card's name, or the list's for several" })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  displayName?: string;

  @ApiProperty({
    type: [SendContactCardDto],
    description: 'One card, or several',
    example: [
      {
        displayName: 'Ana Souza',
        vcard:
          'BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nTEL;type=CELL;waid=5511988887777:+5511988887777\nEND:VCARD',
      },
    ],
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SendContactCardDto)
  contacts!: SendContactCardDto[];
}
