import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { PhoneInteractive, PhonePoll, PhoneReply } from '../phone/phone-poll.js';

export class VoteDto {
  @ApiProperty({
    example: ['Monday'],
    type: [String],
    description: "The options picked, by name (at most the poll's selectable count); [] takes the vote back",
  })
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  options!: string[];
}

const REPLY_KINDS = ['list', 'buttons', 'template', 'interactive'] as const;

export class AnswerDto {
  @ApiProperty({
    enum: REPLY_KINDS,
    example: 'list',
    description:
      'list: a listResponseMessage; buttons: a buttonsResponseMessage; template: a templateButtonReplyMessage; interactive: an interactiveResponseMessage (native flow, id in paramsJson)',
  })
  @IsIn(REPLY_KINDS)
  kind!: PhoneReply['kind'];

  @ApiPropertyOptional({ example: 'pizza', description: 'The row id or button id picked' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  id?: string;

  @ApiPropertyOptional({ example: 'Pizza', description: 'The row or button title, as shown' })
  @IsOptional()
  @IsString()
  @MaxLength(240)
  title?: string;
}

export class PhonePollDto implements PhonePoll {
  @ApiProperty({ example: 'Which day suits you?' })
  name!: string;

  @ApiProperty({ example: ['Monday', 'Tuesday'], type: [String] })
  options!: string[];

  @ApiProperty({ example: 1, description: 'How many a voter may pick; 0: any number' })
  selectableCount!: number;

  @ApiPropertyOptional({ example: ['Monday'], type: [String], description: "This phone's last vote" })
  myVote?: string[];
}

export class PhoneReplyDto implements PhoneReply {
  @ApiProperty({ enum: REPLY_KINDS, example: 'list' })
  kind!: PhoneReply['kind'];

  @ApiPropertyOptional({ example: 'pizza' })
  id?: string;

  @ApiPropertyOptional({ example: 'Pizza' })
  title?: string;

  @ApiPropertyOptional({ example: '3EB0C431C26A1916E0E7', description: 'The message answered' })
  to?: string;
}

export class SendPollDto {
  @ApiProperty({
    example: '5511999990002',
    description:
      'Recipient: digits, a user jid (@s.whatsapp.net, @c.us, @lid), or a group jid (@g.us) the phone is in',
  })
  @IsString()
  @Length(6, 64)
  to!: string;

  @ApiProperty({ example: 'Delivery or pick-up?' })
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiProperty({ example: ['Delivery', 'Pick-up'], type: [String], description: '2 to 12 distinct options' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  options!: string[];

  @ApiPropertyOptional({ example: 1, description: 'How many a voter may pick; 0 (default): any number' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(12)
  selectableCount?: number;
}

export class PhoneChoiceDto {
  @ApiProperty({
    example: 'pizza',
    description: 'What an answer sends back (row id, button id, URL or phone)',
  })
  id!: string;

  @ApiProperty({ example: 'Pizza' })
  title!: string;
}

export class PhoneInteractiveDto implements PhoneInteractive {
  @ApiProperty({ enum: REPLY_KINDS, example: 'list' })
  kind!: PhoneInteractive['kind'];

  @ApiPropertyOptional({ example: 'Choose your dish' })
  text?: string;

  @ApiProperty({ type: [PhoneChoiceDto], example: [{ id: 'pizza', title: 'Pizza' }] })
  choices!: PhoneChoiceDto[];

  @ApiPropertyOptional({
    example: 'Today',
    description: "A list's or buttons' title, a template's title text",
  })
  title?: string;

  @ApiPropertyOptional({ example: 'Shop' })
  footer?: string;

  @ApiPropertyOptional({ example: 'Menu', description: 'A list: the button that opens it' })
  buttonText?: string;

  @ApiPropertyOptional({
    description: "A list's sections and rows, as sent",
    example: [{ title: 'Mains', rows: [{ id: 'pizza', title: 'Pizza', description: 'Large' }] }],
  })
  sections?: PhoneInteractive['sections'];

  @ApiPropertyOptional({
    description: "A template's buttons: a quick reply's id, a link's URL or a call's phone as value",
    example: [{ type: 'url', title: 'Site', value: 'https://example.com' }],
  })
  buttons?: PhoneInteractive['buttons'];

  @ApiPropertyOptional({
    description: 'An image header (templates, buttons), as the message declares it',
    example: { mimetype: 'image/png' },
  })
  image?: PhoneInteractive['image'];
}
