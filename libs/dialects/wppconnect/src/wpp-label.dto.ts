import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  LABEL_COLOR_COUNT,
  type EditLabelCommand,
  type LabelChatsCommand,
  type LabelInfo,
} from '@zapgate/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { wppChatOf } from './wpp-message-read.dto.js';
import { wid } from './wpp-webhook.renderer.js';

const LABEL_ID = /^[0-9]{1,12}$/;

// ---------------------------------------------------------------- requests

export class WppNewLabelOptions {
  @ApiPropertyOptional({
    example: 4,
    description:
      "The label's colour as WhatsApp stores it: an index into its 20 label colours (0..19). WPPConnect also takes an ARGB number or a hex string of WhatsApp Web's palette; zapgate does not have that palette, so those are a 400. Omitted: the first colour no label has",
  })
  @IsOptional()
  labelColor?: unknown;
}

/** `POST add-new-label` (catalog 4.9): `name`, `options.labelColor`. */
export class WppAddNewLabelDto {
  @ApiProperty({ example: 'VIP', description: 'The label name' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiPropertyOptional({ type: WppNewLabelOptions })
  @IsOptional()
  @IsObject({ message: 'options must be an object' })
  @ValidateNested()
  @Type(() => WppNewLabelOptions)
  options?: WppNewLabelOptions;
}

export class WppLabelChange {
  @ApiProperty({ example: '76', description: 'A label id (get-all-labels)' })
  @IsString({ message: 'labelId must be a string' })
  @Matches(LABEL_ID, { message: 'labelId must be a label id (digits)' })
  labelId!: string;

  @ApiProperty({ enum: ['add', 'remove'], example: 'add' })
  @IsIn(['add', 'remove'], { message: 'type must be add or remove' })
  type!: 'add' | 'remove';
}

/** `POST add-or-remove-label` (catalog 4.9): `chatIds`, `options: [{labelId, type}]`. */
export class WppAddOrRemoveLabelDto {
  @ApiProperty({ example: ['5521999999999@c.us'], description: 'The chats (ids or numbers)' })
  @IsArray({ message: 'chatIds must be an array' })
  @ArrayNotEmpty({ message: 'chatIds must not be empty' })
  @ArrayMaxSize(100)
  @IsString({ each: true, message: 'chatIds must be chat ids' })
  chatIds!: string[];

  @ApiProperty({
    type: [WppLabelChange],
    example: [
      { labelId: '76', type: 'add' },
      { labelId: '75', type: 'remove' },
    ],
  })
  @IsArray({ message: 'options must be an array of {labelId, type}' })
  @ArrayNotEmpty({ message: 'options must not be empty' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => WppLabelChange)
  options!: WppLabelChange[];
}

// ---------------------------------------------------------------- commands

/** The colour index of `options.labelColor` (see WppNewLabelOptions). */
function labelColor(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < LABEL_COLOR_COUNT)
    return value;
  throw new DomainError(
    ErrorCode.ValidationFailed,
    `options.labelColor must be a WhatsApp label colour index, 0 to ${LABEL_COLOR_COUNT - 1}: zapgate does not know WhatsApp Web's ARGB palette, so it cannot map ${JSON.stringify(value).slice(0, 32)} to one of WhatsApp's colours`,
  );
}

export const wppNewLabel = (session: string, body: WppAddNewLabelDto): EditLabelCommand => {
  const color = labelColor(body.options?.labelColor);
  return { instance: session, name: body.name, ...(color !== undefined ? { color } : {}) };
};

export const wppLabelChats = (session: string, body: WppAddOrRemoveLabelDto): LabelChatsCommand => ({
  instance: session,
  chats: [...new Set(body.chatIds.map(wppChatOf))],
  changes: body.options.map((o) => ({ label: o.labelId, action: o.type })),
});

/** `delete-label/:id`: the id checked (a 400 when it cannot be a label id). */
export function wppLabelId(id: string): string {
  if (!LABEL_ID.test(id))
    throw new DomainError(ErrorCode.ValidationFailed, `${id.slice(0, 32)} is not a label id`);
  return id;
}

// ---------------------------------------------------------------- replies

/** wa-js `Label` (`WPP.labels.getAllLabels`), from what WhatsApp syncs. */
export class WppLabelView {
  @ApiProperty({ example: '5' })
  id!: string;

  @ApiProperty({ example: 'VIP' })
  name!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description:
      "wa-js gives the ARGB colour of WhatsApp Web's palette; WhatsApp syncs only the index (colorIndex), so null",
  })
  color!: null;

  @ApiProperty({
    example: 4,
    description: 'The colour as WhatsApp keeps it: an index into its 20 label colours',
  })
  colorIndex!: number;

  @ApiProperty({ example: 2, description: 'How many chats carry it' })
  count!: number;

  @ApiPropertyOptional({ example: '1', description: "One of WhatsApp's predefined labels" })
  predefinedId?: string;
}

export const wppLabel = (label: LabelInfo): WppLabelView => ({
  id: label.id,
  name: label.name,
  color: null,
  colorIndex: label.color,
  count: label.chats,
  ...(label.predefinedId !== undefined ? { predefinedId: label.predefinedId } : {}),
});

export class WppLabelReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppLabelView })
  response!: WppLabelView;
}

export class WppLabelsReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppLabelView] })
  response!: WppLabelView[];
}

export class WppLabelledChat {
  @ApiProperty({ example: '5521999999999@c.us' })
  id!: string;

  @ApiProperty({ example: ['76'], description: "The chat's labels after the change" })
  labels!: string[];
}

export class WppLabelChatsReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppLabelledChat] })
  response!: WppLabelledChat[];
}

export const wppLabelledChats = (chats: { chat: string; labels: string[] }[]): WppLabelledChat[] =>
  chats.map((c) => ({ id: wid(c.chat), labels: c.labels }));

/** wa-js `deleteLabel`'s result. */
export class WppDeletedLabel {
  @ApiProperty({ example: '5' })
  id!: string;

  @ApiProperty({ example: true })
  deleteLabelResult!: boolean;
}

export class WppDeleteLabelReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppDeletedLabel })
  response!: WppDeletedLabel;
}

export class WppDeleteLabelsReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppDeletedLabel] })
  response!: WppDeletedLabel[];
}
