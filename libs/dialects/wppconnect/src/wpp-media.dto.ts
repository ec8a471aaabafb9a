import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

const phoneList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(/\s*[,;]\s*/).filter(Boolean) : value;

/** The recipients of every WPPConnect send (catalog 3.1), in JSON or as multipart text fields. */
export class WppRecipientFieldsDto {
  @ApiPropertyOptional({
    example: '5511999999999',
    description: 'Number(s): a string (comma or semicolon separated) or an array',
  })
  @Transform(phoneList)
  @IsString({ each: true })
  phone!: string[];

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
}

/** The recipients of a file send, and the message it may quote. */
export class WppRecipientsDto extends WppRecipientFieldsDto {
  @ApiPropertyOptional({
    example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F',
    description: 'A message of this session to quote (its serialized id, or the bare id); 404 when unknown',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  quotedMessageId?: string;
}

/** `send-file`, `send-image`, `send-file-base64` (catalog 4.2). */
export class WppSendFileDto extends WppRecipientsDto {
  @ApiPropertyOptional({
    example: 'https://example.com/files/invoice.pdf',
    description:
      'The file as an http(s) URL (fetched by zapgate under its URL policy) or a data URI; first of the three sources. Paths on the server are not read.',
  })
  @IsOptional()
  @IsString()
  path?: string;

  @ApiPropertyOptional({
    example: 'data:application/pdf;base64,JVBERi0xLjcK',
    description: 'The file as a data URI (`data:<mime>;base64,<data>`); used when there is no `path`',
  })
  @IsOptional()
  @IsString()
  base64?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    example: '(the file)',
    description:
      'multipart/form-data only: the uploaded file, used when there is neither `path` nor `base64`',
  })
  file?: unknown;

  @ApiPropertyOptional({ example: 'invoice.pdf', description: "The document's file name (default `file`)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  filename?: string;

  @ApiPropertyOptional({
    example: 'Your invoice',
    description: 'Caption (`message` wins when both are given)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(65_536)
  caption?: string;

  @ApiPropertyOptional({ example: 'Your invoice', description: 'Caption; wins over `caption`' })
  @IsOptional()
  @IsString()
  @MaxLength(65_536)
  message?: string;

  @ApiPropertyOptional({
    description: 'wppconnect sendFile options: none is supported yet (any key answers 501); omit it',
    example: {},
  })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

/** `send-voice` (catalog 4.2): sent as a voice note (ogg/opus; other audio is converted). */
export class WppSendVoiceDto extends WppRecipientsDto {
  @ApiPropertyOptional({
    example: 'https://example.com/audio/hello.mp3',
    description: 'The audio as an http(s) URL or a data URI (mp3, ogg, m4a, aac, amr)',
  })
  @IsOptional()
  @IsString()
  path?: string;

  @ApiPropertyOptional({
    example: 'Voice Audio',
    description: 'Accepted for compatibility; voice notes have no name',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  filename?: string;

  @ApiPropertyOptional({
    example: 'listen',
    description: 'Accepted for compatibility; WhatsApp shows no caption on voice notes',
  })
  @IsOptional()
  @IsString()
  message?: string;
}

/** `send-voice-base64` (catalog 4.2). */
export class WppSendVoiceBase64Dto extends WppRecipientsDto {
  @ApiPropertyOptional({
    example: 'data:audio/mpeg;base64,SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4Ljc2LjEwMAAAAAAAAAAAAAAA',
    description: 'The audio as a data URI (`data:<mime>;base64,<data>`)',
  })
  @IsOptional()
  @IsString()
  base64Ptt?: string;
}

/** `send-sticker`, `send-sticker-gif` (catalog 4.2). */
export class WppSendStickerDto extends WppRecipientsDto {
  @ApiPropertyOptional({
    example: 'https://example.com/images/logo.png',
    description:
      'The image as an http(s) URL or a data URI (png, jpeg, webp; gif for send-sticker-gif), made a 512x512 webp sticker',
  })
  @IsOptional()
  @IsString()
  path?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    example: '(the image)',
    description: 'multipart/form-data only: the uploaded image, used when there is no `path`',
  })
  file?: unknown;
}
