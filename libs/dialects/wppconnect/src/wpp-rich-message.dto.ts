import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { WppMessageView } from './wpp-reply.dto.js';
import { WppRecipientFieldsDto } from './wpp-media.dto.js';

/** WPPConnect takes `lat` and `lng` as strings or numbers. */
const numeric = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
const oneOrMany = ({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value);

/** The recipients of a WPPConnect send (catalog 3.1): the same fields as a file send's. */
export class WppRichRecipientsDto extends WppRecipientFieldsDto {}

/** `send-reply` (catalog 4.2). */
export class WppSendReplyDto extends WppRichRecipientsDto {
  @ApiProperty({ example: 'Yes, it ships tomorrow', description: '1 to 65,536 characters' })
  @IsString()
  @Length(1, 65_536)
  message!: string;

  @ApiProperty({
    example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F',
    description:
      'The message to quote: its serialized id, or the bare id; 404 when this session does not have it',
  })
  @IsString({ message: 'messageId is required' })
  @Length(1, 256)
  messageId!: string;
}

/** `send-mentioned` (catalog 4.2). */
export class WppSendMentionedDto extends WppRichRecipientsDto {
  @ApiProperty({ example: 'Hello @556593077171, your order is ready' })
  @IsString()
  @Length(1, 65_536)
  message!: string;

  @ApiProperty({
    example: ['556593077171@c.us'],
    type: [String],
    description:
      'The users mentioned: digits, @c.us, @s.whatsapp.net or @lid (write them in message as @<digits>)',
  })
  @IsArray({ message: 'mentioned must be an array of ids' })
  @ArrayMinSize(1, { message: 'mentioned must name at least one user' })
  @ArrayMaxSize(1_024)
  @IsString({ each: true, message: 'each mentioned id must be a string' })
  mentioned!: string[];
}

/** `send-location` (catalog 4.2). */
export class WppSendLocationDto extends WppRichRecipientsDto {
  @ApiProperty({ example: '-23.561414', description: 'Latitude in degrees, -90 to 90 (string or number)' })
  @Transform(numeric)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lat must be a number' })
  @Min(-90, { message: 'lat must be between -90 and 90' })
  @Max(90, { message: 'lat must be between -90 and 90' })
  lat!: number;

  @ApiProperty({ example: '-46.655881', description: 'Longitude in degrees, -180 to 180 (string or number)' })
  @Transform(numeric)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lng must be a number' })
  @Min(-180, { message: 'lng must be between -180 and 180' })
  @Max(180, { message: 'lng must be between -180 and 180' })
  lng!: number;

  @ApiPropertyOptional({ example: 'MASP', description: "The place's name, shown on the pin" })
  @IsOptional()
  @IsString()
  @MaxLength(1_024)
  title?: string;

  @ApiPropertyOptional({ example: 'Av. Paulista, 1578 - São Paulo' })
  @IsOptional()
  @IsString()
  @MaxLength(1_024)
  address?: string;
}

/** `contact-vcard` (catalog 4.2). */
export class WppContactVcardDto extends WppRichRecipientsDto {
  @ApiProperty({
    example: ['5521999999999'],
    type: [String],
    description: 'The contacts to share: numbers (digits or @c.us), one string or an array; one card each',
  })
  @Transform(oneOrMany)
  @IsArray({ message: 'contactsId must be an array of numbers' })
  @ArrayMinSize(1, { message: 'contactsId must name at least one contact' })
  @ArrayMaxSize(256)
  @IsString({ each: true, message: 'each contactsId must be a string' })
  contactsId!: string[];

  @ApiPropertyOptional({
    example: 'Ana Souza',
    description:
      "The contact's name on the card (one contact), or the message's name (several); default: the number",
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string;
}

/** send-mentioned's answer: the last recipient's message, not an array (catalog 4.2). */
export class WppSendOneReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppMessageView })
  response!: WppMessageView;

  @ApiProperty({ example: 'store' })
  session!: string;
}
