import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const RECIPIENT_DOC = 'Digits, @s.whatsapp.net, @c.us, @g.us or @lid';

class MegaInteractiveRecipientDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: RECIPIENT_DOC })
  @IsString({ message: 'to is required' })
  @Length(1, 128)
  to!: string;
}

/** One row of a list section (catalog 4.9: every row has `title`, `description`, `rowId`). */
export class MegaListRowDto {
  @ApiProperty({ example: 'Pizza' })
  @IsString({ message: 'each row needs a title' })
  @Length(1, 240)
  title!: string;

  @ApiProperty({ example: 'Large, 8 slices' })
  @IsString({ message: 'each row needs a description' })
  @MaxLength(720)
  description!: string;

  @ApiProperty({ example: 'pizza' })
  @IsString({ message: 'each row needs a rowId' })
  @Length(1, 200)
  rowId!: string;
}

export class MegaListSectionDto {
  @ApiProperty({ example: 'Menu' })
  @IsString({ message: 'each section needs a title' })
  @MaxLength(240)
  title!: string;

  @ApiProperty({
    type: [MegaListRowDto],
    example: [{ title: 'Pizza', description: 'Large, 8 slices', rowId: 'pizza' }],
  })
  @IsArray({ message: 'rows must be an array' })
  @ArrayMinSize(1, { message: 'each section needs at least one row' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => MegaListRowDto)
  rows!: MegaListRowDto[];
}

/** Catalog 4.9. */
export class MegaListMessageDataDto extends MegaInteractiveRecipientDto {
  @ApiProperty({ example: 'See the menu' })
  @IsString({ message: 'buttonText is required' })
  @Length(1, 60)
  buttonText!: string;

  @ApiProperty({ example: 'Choose your dish' })
  @IsString({ message: 'text is required' })
  @Length(1, 4_096)
  text!: string;

  @ApiPropertyOptional({ example: 'Menu' })
  @IsOptional()
  @IsString()
  @MaxLength(240)
  title?: string;

  @ApiPropertyOptional({ example: 'Today only', description: 'Shown under the list (its footer)' })
  @IsOptional()
  @IsString()
  @MaxLength(4_096)
  description?: string;

  @ApiProperty({
    type: [MegaListSectionDto],
    example: [{ title: 'Menu', rows: [{ title: 'Pizza', description: 'Large, 8 slices', rowId: 'pizza' }] }],
  })
  @IsArray({ message: 'sections must be an array' })
  @ArrayMinSize(1, { message: 'a list needs at least one section' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => MegaListSectionDto)
  sections!: MegaListSectionDto[];

  @ApiPropertyOptional({
    example: 0,
    description:
      '0 or 1; the list is sent single select either way (WhatsApp lists have no multiple select; its proto value 1 is SINGLE_SELECT)',
  })
  @IsOptional()
  @IsInt()
  @IsIn([0, 1], { message: 'listType must be 0 or 1' })
  listType?: number;
}

export class MegaListMessageDto {
  @ApiProperty({ type: MegaListMessageDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaListMessageDataDto)
  messageData!: MegaListMessageDataDto;
}

/** A template button (catalog 4.10): a quick reply, a link or a phone number. */
export class MegaTemplateButtonDto {
  @ApiProperty({ example: 'replyButton', enum: ['replyButton', 'urlButton', 'callButton'] })
  @IsIn(['replyButton', 'urlButton', 'callButton'], {
    message: 'each button type must be replyButton, urlButton or callButton',
  })
  type!: 'replyButton' | 'urlButton' | 'callButton';

  @ApiProperty({ example: 'Yes' })
  @IsString({ message: 'each button needs a title' })
  @Length(1, 60)
  title!: string;

  @ApiPropertyOptional({
    example: 'https://example.com',
    description:
      'urlButton: the http(s) URL it opens; callButton: the phone it calls (digits, optionally +); replyButton: the id an answer sends back (default: the title). Required for urlButton and callButton',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2_048)
  payload?: string;
}

/** Catalog 4.10. */
export class MegaTemplateMessageDataDto extends MegaInteractiveRecipientDto {
  @ApiProperty({ example: 'Do you confirm the order?' })
  @IsString({ message: 'text is required' })
  @Length(1, 4_096)
  text!: string;

  @ApiPropertyOptional({ example: 'Shop' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  footerText?: string;

  @ApiProperty({
    type: [MegaTemplateButtonDto],
    example: [
      { type: 'replyButton', title: 'Yes' },
      { type: 'urlButton', title: 'Our site', payload: 'https://example.com' },
    ],
  })
  @IsArray({ message: 'buttons must be an array' })
  @ArrayMinSize(1, { message: 'a template needs at least one button' })
  @ArrayMaxSize(3, { message: 'a template has at most 3 buttons' })
  @ValidateNested({ each: true })
  @Type(() => MegaTemplateButtonDto)
  buttons!: MegaTemplateButtonDto[];
}

export class MegaTemplateMessageDto {
  @ApiProperty({ type: MegaTemplateMessageDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaTemplateMessageDataDto)
  messageData!: MegaTemplateMessageDataDto;
}

/** Catalog 4.11: the 4.10 fields plus the media. */
export class MegaTemplateWithMediaDataDto extends MegaTemplateMessageDataDto {
  @ApiProperty({
    example: 'https://example.com/menu.jpg',
    description:
      'The image shown above the text: a URL (fetched under the URL policy, as mediaUrl) or a data URI',
  })
  @IsString({ message: 'imageUrl is required' })
  @Length(1, 2_048)
  imageUrl!: string;

  @ApiPropertyOptional({ example: 'image', description: 'image (the default); other types answer 501' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  mediaType?: string;

  @ApiPropertyOptional({ example: 'image/jpeg' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  mimeType?: string;
}

export class MegaTemplateWithMediaDto {
  @ApiProperty({ type: MegaTemplateWithMediaDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaTemplateWithMediaDataDto)
  messageData!: MegaTemplateWithMediaDataDto;
}
