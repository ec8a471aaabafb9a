import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { WppRichRecipientsDto } from './wpp-rich-message.dto.js';

/** `send-poll-message`'s `options` (wppconnect `sendCreatePoll` options). */
export class WppPollOptionsDto {
  @ApiPropertyOptional({
    example: 1,
    description:
      'How many choices a voter may pick: 1 to the number of choices; 0 means any number. Default 1',
  })
  @IsOptional()
  @IsInt({ message: 'options.selectableCount must be an integer' })
  @Min(0, { message: 'options.selectableCount must be between 0 and the number of choices' })
  @Max(12, { message: 'options.selectableCount must be between 0 and the number of choices' })
  selectableCount?: number;
}

/** `send-poll-message` (catalog 4.2). */
export class WppSendPollDto extends WppRichRecipientsDto {
  @ApiProperty({ example: 'Which day suits you?', description: 'The question, 1 to 255 characters' })
  @IsString({ message: 'name is required' })
  @Length(1, 255, { message: 'name must be 1 to 255 characters' })
  name!: string;

  @ApiProperty({
    example: ['Monday', 'Tuesday', 'Friday'],
    type: [String],
    description: '2 to 12 distinct choices, each 1 to 100 characters',
  })
  @IsArray({ message: 'choices must be an array of strings' })
  @ArrayMinSize(2, { message: 'a poll needs at least 2 choices' })
  @ArrayMaxSize(12, { message: 'a poll has at most 12 choices' })
  @ArrayUnique({ message: 'choices must be distinct' })
  @IsString({ each: true, message: 'each choice must be a string' })
  @Length(1, 100, { each: true, message: 'each choice must be 1 to 100 characters' })
  choices!: string[];

  @ApiPropertyOptional({ type: WppPollOptionsDto, example: { selectableCount: 1 } })
  @IsOptional()
  @IsObject({ message: 'options must be an object' })
  @ValidateNested()
  @Type(() => WppPollOptionsDto)
  options?: WppPollOptionsDto;
}

const NOT_RENDERED =
  'WhatsApp may not render list and button messages on every client (many drop them when a linked device sends them)';

/** One row of a list section. */
export class WppListRowDto {
  @ApiProperty({ example: 'opt-1' })
  @IsString({ message: 'each row needs a rowId' })
  @Length(1, 200)
  rowId!: string;

  @ApiProperty({ example: 'Pizza' })
  @IsString({ message: 'each row needs a title' })
  @Length(1, 240)
  title!: string;

  @ApiPropertyOptional({ example: 'Large, 8 slices' })
  @IsOptional()
  @IsString()
  @MaxLength(720)
  description?: string;
}

export class WppListSectionDto {
  @ApiProperty({ example: 'Menu' })
  @IsString({ message: 'each section needs a title' })
  @MaxLength(240)
  title!: string;

  @ApiProperty({
    type: [WppListRowDto],
    example: [{ rowId: 'pizza', title: 'Pizza', description: 'Large, 8 slices' }],
  })
  @IsArray({ message: 'rows must be an array' })
  @ArrayMinSize(1, { message: 'each section needs at least one row' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WppListRowDto)
  rows!: WppListRowDto[];
}

/** `send-list-message` (catalog 4.2). */
export class WppSendListDto extends WppRichRecipientsDto {
  @ApiPropertyOptional({ example: 'Choose your dish', description: `The list's text. ${NOT_RENDERED}` })
  @IsOptional()
  @IsString()
  @MaxLength(4_096)
  description?: string;

  @ApiPropertyOptional({
    example: 'SELECIONE UMA OPÇÃO',
    description: "The button that opens the list (default 'SELECIONE UMA OPÇÃO')",
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  buttonText?: string;

  @ApiProperty({
    type: [WppListSectionDto],
    example: [{ title: 'Menu', rows: [{ rowId: 'pizza', title: 'Pizza', description: 'Large, 8 slices' }] }],
  })
  @IsArray({ message: 'sections must be an array' })
  @ArrayMinSize(1, { message: 'a list needs at least one section' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WppListSectionDto)
  sections!: WppListSectionDto[];
}

/** `send-buttons` (catalog 4.2, deprecated by WPPConnect itself). */
export class WppSendButtonsDto extends WppRichRecipientsDto {
  @ApiProperty({ example: 'Do you confirm the order?' })
  @IsString({ message: 'message is required' })
  @Length(1, 4_096)
  message!: string;

  @ApiProperty({
    example: { buttons: [{ id: 'yes', text: 'Yes' }], title: 'Order', footer: 'Shop' },
    description: `wppconnect sendText options with buttons: buttons (1 to 3) of {id, text} (quick replies), {url, text} (a link) or {phoneNumber, text} (a call); title, footer; useTemplateButtons (a link or call button, or true here, sends a template); quotedMsg. Any other option is a 501. ${NOT_RENDERED}`,
  })
  @IsObject({ message: 'options must be an object with buttons' })
  options!: Record<string, unknown>;
}

/** One vote of `votes/{id}` (wa-js `chat.getVotes`). */
export class WppPollVoteView {
  @ApiProperty({
    example: [0, 2],
    type: [Number],
    description: "The options picked, by localId (the option's index)",
  })
  selectedOptions!: number[];

  @ApiProperty({ example: 1732890000000, description: 'When the vote was cast, milliseconds' })
  timestamp!: number;

  @ApiProperty({ example: '5511988887777@c.us' })
  sender!: string;
}

export class WppPollVotesView {
  @ApiProperty({ example: { fromMe: true, remote: '5511988887777@c.us', id: '3EB0C767D26A1D8E2B5F' } })
  msgId!: Record<string, unknown>;

  @ApiProperty({ example: '5511988887777@c.us' })
  chatId!: string;

  @ApiProperty({
    type: [WppPollVoteView],
    example: [{ selectedOptions: [1], timestamp: 1732890000000, sender: '5511988887777@c.us' }],
  })
  votes!: WppPollVoteView[];

  @ApiProperty({
    example: [{ name: 'Monday', localId: 0, votes: 1, voters: ['5511988887777@c.us'] }],
    description: "zapgate's addition: each option with its voters",
  })
  tally!: { name: string; localId: number; votes: number; voters: string[] }[];
}

/** `votes/{id}`'s answer. */
export class WppPollVotesReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({
    type: WppPollVotesView,
    example: {
      msgId: { fromMe: true, remote: '5511988887777@c.us', id: '3EB0C767D26A1D8E2B5F' },
      chatId: '5511988887777@c.us',
      votes: [{ selectedOptions: [1], timestamp: 1732890000000, sender: '5511988887777@c.us' }],
    },
  })
  response!: WppPollVotesView;

  @ApiProperty({ example: 'store' })
  session!: string;
}

/** `send-buttons`' answer (wppconnect-server echoes the recipients, not the messages). */
export class WppSendButtonsReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({
    example: ['5511999999999@c.us'],
    type: [String],
    description: 'The recipients, as wppconnect-server answers (the messages arrive as webhooks)',
  })
  response!: string[];

  @ApiProperty({ example: 'return' })
  mapper!: string;

  @ApiProperty({ example: 'store' })
  session!: string;
}
