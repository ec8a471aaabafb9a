import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const RECIPIENT_DOC = 'Digits, @s.whatsapp.net, @c.us, @g.us or @lid';
/** PHP clients send an empty string for a field they have no value for. */
const emptyAsMissing = ({ value }: { value: unknown }) =>
  value === '' || value === null ? undefined : value;
/** PHP clients interpolate numbers, sometimes quoted: "-23.55" is the number -23.55. */
const numeric = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' || value === 1
    ? true
    : value === 'false' || value === '0' || value === 0
      ? false
      : value;

class MegaRecipientDataDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: RECIPIENT_DOC })
  @IsString()
  @Length(1, 128)
  to!: string;
}

/** Catalog 4.3. */
export class MegaTextMentionedDataDto extends MegaRecipientDataDto {
  @ApiProperty({ example: 'Hello @5511988887777, your order is ready' })
  @IsString()
  @Length(1, 65_536)
  text!: string;

  @ApiProperty({
    example: ['5511988887777@s.whatsapp.net'],
    type: [String],
    description:
      'The users mentioned (digits, @s.whatsapp.net, @c.us or @lid); write them in text as @<digits> for WhatsApp to highlight them',
  })
  @IsArray({ message: 'mentions must be an array of jids' })
  @ArrayMinSize(1, { message: 'mentions must name at least one user' })
  @ArrayMaxSize(1_024)
  @IsString({ each: true, message: 'each mention must be a jid' })
  mentions!: string[];
}

export class MegaTextMentionedDto {
  @ApiProperty({ type: MegaTextMentionedDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaTextMentionedDataDto)
  messageData!: MegaTextMentionedDataDto;
}

/** The key of the message to quote, as mega's webhooks give it. */
export class MegaQuotedKeyDto {
  @ApiPropertyOptional({
    example: '5511999999999@s.whatsapp.net',
    description: "The quoted message's chat; default: the recipient's",
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
  @IsString()
  @Length(1, 128)
  id!: string;
}

/** Catalog 4.14. */
export class MegaQuoteMessageDataDto extends MegaRecipientDataDto {
  @ApiProperty({ example: 'Yes, it ships tomorrow' })
  @IsString()
  @Length(1, 65_536)
  text!: string;

  @ApiProperty({ type: MegaQuotedKeyDto })
  @IsDefined({ message: 'key is required' })
  @IsObject({ message: 'key must be an object' })
  @ValidateNested()
  @Type(() => MegaQuotedKeyDto)
  key!: MegaQuotedKeyDto;

  @ApiPropertyOptional({
    example: { conversation: 'Does it ship tomorrow?' },
    description:
      'The original content, as mega clients send it; ignored: zapgate quotes the stored message named by key.id',
  })
  @IsOptional()
  @IsObject()
  message?: Record<string, unknown>;
}

export class MegaQuoteMessageDto {
  @ApiProperty({ type: MegaQuoteMessageDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaQuoteMessageDataDto)
  messageData!: MegaQuoteMessageDataDto;
}

/** Catalog 4.7. */
export class MegaLocationDataDto extends MegaRecipientDataDto {
  @ApiProperty({ example: -23.561414, description: 'Degrees, -90 to 90 (a number or a numeric string)' })
  @Transform(numeric)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'latitude must be a number' })
  @Min(-90, { message: 'latitude must be between -90 and 90' })
  @Max(90, { message: 'latitude must be between -90 and 90' })
  latitude!: number;

  @ApiProperty({ example: -46.655881, description: 'Degrees, -180 to 180 (a number or a numeric string)' })
  @Transform(numeric)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'longitude must be a number' })
  @Min(-180, { message: 'longitude must be between -180 and 180' })
  @Max(180, { message: 'longitude must be between -180 and 180' })
  longitude!: number;

  @ApiPropertyOptional({ example: 'Av. Paulista, 1578 - São Paulo', description: 'Shown under the name' })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(1_024)
  address?: string;

  @ApiPropertyOptional({ example: 'MASP', description: "The place's name, shown on the pin" })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(1_024)
  caption?: string;

  @ApiPropertyOptional({
    example: 'https://masp.org.br',
    description: 'Accepted for compatibility; not sent (WhatsApp shows its own map link)',
  })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(2_048)
  url?: string;
}

export class MegaLocationDto {
  @ApiProperty({ type: MegaLocationDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaLocationDataDto)
  messageData!: MegaLocationDataDto;
}

/** Catalog 4.12: the contact card. */
export class MegaVcardDto {
  @ApiProperty({ example: 'Ana Souza', description: "The contact's full name (the card's FN)" })
  @IsString()
  @Length(1, 256)
  fullName!: string;

  @ApiPropertyOptional({ example: 'Ana', description: 'The name the message shows; default: fullName' })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(256)
  displayName?: string;

  @ApiPropertyOptional({ example: 'Acme Ltda' })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(256)
  organization?: string;

  @ApiProperty({
    example: '5511988887777@s.whatsapp.net',
    description:
      "The contact's number: a jid (5511…@s.whatsapp.net) or the number as text (+55 11 98888-7777)",
  })
  @IsString({ message: 'phoneNumber must be a string' })
  @Length(1, 128)
  phoneNumber!: string;
}

export class MegaContactDataDto extends MegaRecipientDataDto {
  @ApiProperty({ type: MegaVcardDto })
  @IsDefined({ message: 'vcard is required' })
  @IsObject({ message: 'vcard must be an object' })
  @ValidateNested()
  @Type(() => MegaVcardDto)
  vcard!: MegaVcardDto;
}

export class MegaContactMessageDto {
  @ApiProperty({ type: MegaContactDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaContactDataDto)
  messageData!: MegaContactDataDto;
}
