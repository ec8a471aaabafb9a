import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type MediaReference,
  type SetDisappearingCommand,
  type StatusContent,
} from '@zapgate/contracts';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { WppChatTargetDto } from './wpp-message-action.dto.js';
import { wid } from './wpp-webhook.renderer.js';
import { wppRecipients } from './wpp-send-message.command.js';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** WPPConnect's 401 when a text story has no text (statusController). */
export const WPP_TEXT_NOT_INFORMED = { message: 'Text was not informed' } as const;

/** `send-status` (catalog 4.2): a text to `status@broadcast`; `phone`, `isGroup` and `messageId` are unused, as in wppconnect. */
export class WppSendStatusDto {
  @ApiProperty({ example: 'Open today until 10 pm', description: 'The status text, 1 to 65,536 characters' })
  @IsString({ message: 'message is required' })
  @Length(1, 65_536)
  message!: string;

  @ApiPropertyOptional({
    example: '5511999999999',
    description: 'Accepted and ignored (wppconnect does not use it)',
  })
  @IsOptional()
  phone?: unknown;

  @ApiPropertyOptional({ example: false, description: 'Accepted and ignored' })
  @IsOptional()
  isGroup?: unknown;

  @ApiPropertyOptional({
    example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F',
    description: 'Accepted and ignored',
  })
  @IsOptional()
  messageId?: unknown;
}

export class WppTextStoryOptionsDto {
  @ApiPropertyOptional({ example: '#0275d8', description: 'Background colour, #RRGGBB (or #AARRGGBB)' })
  @IsOptional()
  @IsString()
  @Matches(/^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$/, {
    message: 'backgroundColor must be a colour like #0275d8',
  })
  backgroundColor?: string;

  @ApiPropertyOptional({
    example: 2,
    description:
      "WhatsApp's status font (0 SYSTEM, 1 SYSTEM_TEXT, 2 FB_SCRIPT, 6 SYSTEM_BOLD, 7 MORNINGBREEZE, 8 CALISTOGA, 9 EXO2, 10 COURIERPRIME)",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  font?: number;
}

/** `send-text-storie` (catalog 4.8). */
export class WppSendTextStoryDto {
  @ApiProperty({
    example: 'New arrivals today',
    description: 'Required: 401 `{"message": "Text was not informed"}` without it',
  })
  @IsOptional()
  @IsString({ message: 'text must be a string' })
  @Length(0, 65_536)
  text?: string;

  @ApiPropertyOptional({ type: WppTextStoryOptionsDto, example: { backgroundColor: '#0275d8', font: 2 } })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WppTextStoryOptionsDto)
  options?: WppTextStoryOptionsDto;
}

/** `send-image-storie`, `send-video-storie` (catalog 4.8): `path` or a multipart `file`. */
export class WppSendFileStoryDto {
  @ApiPropertyOptional({
    example: 'https://example.com/images/sale.jpg',
    description: 'The file as an http(s) URL or a data URI; else the multipart `file`',
  })
  @IsOptional()
  @IsString()
  path?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    example: '(the file)',
    description: 'multipart/form-data only: the uploaded file, used when there is no `path`',
  })
  file?: unknown;

  @ApiPropertyOptional({
    example: 'Summer sale',
    description: 'A caption (zapgate extension; wppconnect sends none)',
  })
  @IsOptional()
  @IsString()
  @Length(0, 65_536)
  caption?: string;
}

/** `temporary-messages` (catalog 4.2): disappearing messages on (`value` true, the default) or off. */
export class WppTemporaryMessagesDto extends WppChatTargetDto {
  @ApiPropertyOptional({
    example: true,
    description:
      "true (default) turns disappearing messages on for 7 days (WhatsApp's default), false turns them off",
  })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  value?: boolean;
}

/** `mark-unseen` (catalog 4.2). */
export class WppMarkUnseenDto extends WppChatTargetDto {}

/** `send-order-message` and `send-pix-key` (catalog 4.2): taken loosely, answered 501. */
export class WppUnsupportedSendDto {
  @ApiPropertyOptional({ example: '5511999999999' })
  @IsOptional()
  phone?: unknown;
}

/** The 7 days WhatsApp (and Baileys' `WA_DEFAULT_EPHEMERAL`) turns disappearing messages on for. */
export const WPP_TEMPORARY_SECONDS = 604_800;

/** send-status: its text, as a text status. */
export function wppStatusText(body: WppSendStatusDto): StatusContent {
  return { kind: 'text', text: body.message };
}

/** send-text-storie: the text with its background colour and font; no text is WPPConnect's 401. */
export function wppTextStory(body: WppSendTextStoryDto): StatusContent {
  if (typeof body.text !== 'string' || !body.text.trim())
    throw new DomainError(ErrorCode.Unauthorized, WPP_TEXT_NOT_INFORMED.message, {
      wppBody: WPP_TEXT_NOT_INFORMED,
    });
  const o = body.options ?? {};
  return {
    kind: 'text',
    text: body.text,
    ...(o.backgroundColor ? { backgroundColor: o.backgroundColor } : {}),
    ...(o.font !== undefined ? { font: o.font } : {}),
  };
}

/** send-image-storie / send-video-storie: the taken-in file as that kind of status. */
export function wppFileStory(
  kind: 'image' | 'video',
  body: WppSendFileStoryDto,
  media: MediaReference,
): StatusContent {
  if (kind === 'image' && !media.mime.startsWith('image/'))
    throw new DomainError(ErrorCode.ValidationFailed, `send-image-storie needs an image, not ${media.mime}`);
  if (kind === 'video' && !media.mime.startsWith('video/'))
    throw new DomainError(ErrorCode.ValidationFailed, `send-video-storie needs a video, not ${media.mime}`);
  return { kind, media, ...(body.caption ? { caption: body.caption } : {}) };
}

/** temporary-messages: one setting per chat `phone` names. */
export function wppTemporaryMessages(
  instance: string,
  body: WppTemporaryMessagesDto,
): SetDisappearingCommand[] {
  const seconds = body.value === false ? 0 : WPP_TEMPORARY_SECONDS;
  return wppRecipients(body.phone ?? [], { isGroup: body.isGroup, isLid: body.isLid }).map((chat) => ({
    instance,
    chat,
    seconds,
  }));
}

/** `{status: 'success', response}` (envelope S). */
export class WppTemporaryMessagesReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ example: true, description: 'The setting was sent to every chat' })
  response!: boolean;
}

export const wppTemporaryMessagesReply = (): WppTemporaryMessagesReply => ({
  status: 'success',
  response: true,
});

/** One reaction as wa-js `chat.getReactions` gives it. */
export class WppReactionSender {
  @ApiProperty({
    example: 'false_5511988887777@c.us_3EB0AF12B3C4D5E6F7A8',
    description: "The reaction message's id",
  })
  id!: string;

  @ApiProperty({ example: 0 })
  orphan!: number;

  @ApiProperty({
    example: 'true_5511988887777@c.us_3EB0C767D26A1D8E2B5F',
    description: 'The message reacted to',
  })
  msgId!: string;

  @ApiProperty({ example: '👍' })
  reactionText!: string;

  @ApiProperty({ example: true })
  read!: boolean;

  @ApiProperty({ example: '5511988887777@c.us' })
  senderUserJid!: string;

  @ApiProperty({ example: 1_700_000_000_123, description: 'ms since epoch' })
  timestamp!: number;
}

export class WppReactionAggregate {
  @ApiProperty({ example: '👍' })
  aggregateEmoji!: string;

  @ApiProperty({ example: false })
  hasReactionByMe!: boolean;

  @ApiProperty({ type: [WppReactionSender] })
  senders!: WppReactionSender[];
}

export class WppReactions {
  @ApiProperty({ type: WppReactionSender, nullable: true, description: "This session's reaction, or null" })
  reactionByMe!: WppReactionSender | null;

  @ApiProperty({ type: [WppReactionAggregate], description: 'One entry per emoji' })
  reactions!: WppReactionAggregate[];
}

export class WppReactionsReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppReactions })
  response!: WppReactions;
}

/** What the gateway found: the message and each sender's current reaction. */
export interface WppReactionsInput {
  id: string;
  chat: string;
  fromMe: boolean;
  reactions: { id: string; sender: string; fromMe: boolean; emoji: string; timestamp: number }[];
}

/** reactions/{id}: wa-js `getReactions`' shape, one aggregate per emoji (the session's reaction first). */
export function wppReactionsReply(found: WppReactionsInput): WppReactionsReply {
  const chat = wid(found.chat);
  const msgId = `${found.fromMe}_${chat}_${found.id}`;
  const sender = (r: WppReactionsInput['reactions'][number]): WppReactionSender => ({
    id: `${r.fromMe}_${chat}_${r.id}`,
    orphan: 0,
    msgId,
    reactionText: r.emoji,
    read: true,
    senderUserJid: wid(r.sender),
    timestamp: r.timestamp,
  });
  const byEmoji = new Map<string, WppReactionAggregate>();
  for (const r of found.reactions) {
    const agg = byEmoji.get(r.emoji) ?? { aggregateEmoji: r.emoji, hasReactionByMe: false, senders: [] };
    agg.senders.push(sender(r));
    agg.hasReactionByMe ||= r.fromMe;
    byEmoji.set(r.emoji, agg);
  }
  for (const agg of byEmoji.values())
    agg.senders.sort((a, b) =>
      a.id.startsWith('true_') !== b.id.startsWith('true_')
        ? a.id.startsWith('true_')
          ? -1
          : 1
        : b.timestamp - a.timestamp,
    );
  const mine = found.reactions.find((r) => r.fromMe);
  return {
    status: 'success',
    response: { reactionByMe: mine ? sender(mine) : null, reactions: [...byEmoji.values()] },
  };
}
