import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ReplayRangeDto } from '@zapgate/dialect-common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** mega clients send booleans as true, "true", 1 or "1" (PHP string interpolation). */
const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' || value === 1
    ? true
    : value === 'false' || value === '0' || value === 0
      ? false
      : value;

export class MegaWebhookDataDto {
  @ApiPropertyOptional({
    example: 'https://example.com/hooks/whatsapp?token=abc',
    description:
      'Called exactly as given, query string included. http(s) only; link-local and cloud metadata addresses are refused.',
  })
  @IsOptional()
  @IsString({ message: 'webhookUrl must be a string' })
  @MaxLength(2048)
  webhookUrl?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  webhookEnabled?: boolean;

  @ApiPropertyOptional({
    example: ['message', 'message.ack'],
    description: 'Only these webhook events (mega names); empty or absent: every event',
    type: [String],
  })
  @IsOptional()
  @IsArray({ message: 'events must be an array of event names' })
  @IsString({ each: true })
  events?: string[];
}

export class MegaInitDto {
  @ApiPropertyOptional({ type: MegaWebhookDataDto })
  @IsOptional()
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaWebhookDataDto)
  messageData?: MegaWebhookDataDto;
}

export class MegaConfigWebhookDto {
  @ApiProperty({ type: MegaWebhookDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaWebhookDataDto)
  messageData!: MegaWebhookDataDto;
}

export class MegaTextDataDto {
  @ApiProperty({
    example: '5511999999999@s.whatsapp.net',
    description: 'Digits, @s.whatsapp.net, @c.us, @g.us or @lid',
  })
  @IsString()
  @Length(1, 128)
  to!: string;

  @ApiProperty({ example: 'Hello from zapgate' })
  @IsString()
  @Length(1, 65_536)
  text!: string;
}

export class MegaSendTextDto {
  @ApiProperty({ type: MegaTextDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaTextDataDto)
  messageData!: MegaTextDataDto;
}

export class MegaWebhookSecretDataDto {
  @ApiPropertyOptional({
    example: 'a-long-random-secret-of-yours',
    description: 'At least 16 characters; omit it to get a generated secret (returned once)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  secret?: string;
}

export class MegaWebhookSecretDto {
  @ApiPropertyOptional({ type: MegaWebhookSecretDataDto })
  @IsOptional()
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaWebhookSecretDataDto)
  messageData?: MegaWebhookSecretDataDto;
}

export class MegaReplayRangeDataDto extends ReplayRangeDto {}

export class MegaReplayRangeDto {
  @ApiProperty({ type: MegaReplayRangeDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaReplayRangeDataDto)
  messageData!: MegaReplayRangeDataDto;
}

/** The media `type`s mega-API documents (catalog section 4: OAS and the n8n node). */
export const MEGA_MEDIA_TYPES = ['image', 'video', 'audio', 'ptt', 'ptv', 'document'] as const;
export type MegaMediaType = (typeof MEGA_MEDIA_TYPES)[number];

const RECIPIENT_DOC = 'Digits, @s.whatsapp.net, @c.us, @g.us or @lid';
const TYPE_DOC =
  'image, video, audio, ptt (a voice note: send ogg/opus), ptv (a round video note) or document; the MIME type is sniffed from the bytes';
/** PHP clients send an empty string for a field they have no value for. */
const emptyAsMissing = ({ value }: { value: unknown }) =>
  value === '' || value === null ? undefined : value;
const lowerCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** The fields every media send shares (catalog 4.4, 4.5, 4.6), less the file and the recipient. */
export class MegaMediaFieldsDto {
  @ApiProperty({ example: 'image', enum: MEGA_MEDIA_TYPES, description: TYPE_DOC })
  @Transform(lowerCase)
  @IsIn(MEGA_MEDIA_TYPES, { message: `type must be one of ${MEGA_MEDIA_TYPES.join(', ')}` })
  type!: MegaMediaType;

  @ApiPropertyOptional({ example: 'Our new catalog', description: 'image, video and document only' })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(65_536)
  caption?: string;

  @ApiPropertyOptional({
    example: 'image/jpeg',
    description: 'What the file is; optional, since the bytes decide when it says otherwise',
  })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(255)
  mimeType?: string;

  @ApiPropertyOptional({
    example: 'catalog.pdf',
    description: "The document's name as the recipient sees it (documents); default: the URL's",
  })
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MaxLength(255)
  fileName?: string;

  @ApiPropertyOptional({ example: false, description: 'video: play as a GIF (looping, muted)' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  gifPlayback?: boolean;

  @ApiPropertyOptional({ example: false, description: 'image and video: the recipient may open it once' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  viewOnce?: boolean;
}

export class MegaMediaUrlDataDto extends MegaMediaFieldsDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: RECIPIENT_DOC })
  @IsString()
  @Length(1, 128)
  to!: string;

  @ApiProperty({
    example: 'https://example.com/catalog.jpg',
    description:
      'http(s) URL zapgate fetches (redirects followed and re-checked); link-local and cloud metadata addresses are refused, private ones unless the deployment allows them',
  })
  @IsString()
  @Length(1, 4096)
  url!: string;
}

export class MegaSendMediaUrlDto {
  @ApiProperty({ type: MegaMediaUrlDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaMediaUrlDataDto)
  messageData!: MegaMediaUrlDataDto;
}

export class MegaMediaBase64DataDto extends MegaMediaFieldsDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: RECIPIENT_DOC })
  @IsString()
  @Length(1, 128)
  to!: string;

  @ApiProperty({
    example:
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    description: 'The file as a data URI (data:<mime>;base64,<data>) or bare base64',
  })
  @IsString()
  @MinLength(1)
  base64!: string;
}

export class MegaSendMediaBase64Dto {
  @ApiProperty({ type: MegaMediaBase64DataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaMediaBase64DataDto)
  messageData!: MegaMediaBase64DataDto;
}

/** The most recipients of one send to many (a larger list is several requests). */
export const MEGA_MAX_RECIPIENTS = 256;

const recipientsProperty = () =>
  ApiProperty({
    example: ['5511999999991@s.whatsapp.net', '5511999999992'],
    type: [String],
    description: `${RECIPIENT_DOC}; 1 to ${MEGA_MAX_RECIPIENTS} recipients, sent to in this order`,
  });

export class MegaTextToManyDataDto {
  @recipientsProperty()
  @IsArray({ message: 'to must be an array of recipients' })
  @ArrayMinSize(1, { message: 'to must name at least one recipient' })
  @ArrayMaxSize(MEGA_MAX_RECIPIENTS, { message: `to may name at most ${MEGA_MAX_RECIPIENTS} recipients` })
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  to!: string[];

  @ApiProperty({ example: 'Our store opens at 9 tomorrow' })
  @IsString()
  @Length(1, 65_536)
  text!: string;
}

export class MegaSendTextToManyDto {
  @ApiProperty({ type: MegaTextToManyDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaTextToManyDataDto)
  messageData!: MegaTextToManyDataDto;
}

export class MegaMediaUrlToManyDataDto extends MegaMediaFieldsDto {
  @recipientsProperty()
  @IsArray({ message: 'to must be an array of recipients' })
  @ArrayMinSize(1, { message: 'to must name at least one recipient' })
  @ArrayMaxSize(MEGA_MAX_RECIPIENTS, { message: `to may name at most ${MEGA_MAX_RECIPIENTS} recipients` })
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  to!: string[];

  @ApiProperty({
    example: 'https://example.com/catalog.jpg',
    description: 'http(s) URL zapgate fetches once for every recipient (same policy as mediaUrl)',
  })
  @IsString()
  @Length(1, 4096)
  url!: string;
}

export class MegaSendMediaUrlToManyDto {
  @ApiProperty({ type: MegaMediaUrlToManyDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaMediaUrlToManyDataDto)
  messageData!: MegaMediaUrlToManyDataDto;
}
