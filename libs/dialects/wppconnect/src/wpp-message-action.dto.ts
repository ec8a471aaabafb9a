import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type DeleteMessageCommand,
  type EditMessageCommand,
  type MessageActionResult,
  type PresenceState,
  type ReactMessageCommand,
  type SendPresenceCommand,
} from '@zapgate/contracts';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { wppMessageRef } from './wpp-message-read.dto.js';
import { WppMessageView, wppSentText } from './wpp-reply.dto.js';
import { wppRecipients } from './wpp-send-message.command.js';
import { wid } from './wpp-webhook.renderer.js';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const phoneList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(/\s*[,;]\s*/).filter(Boolean) : value;

/** `phone` and `isGroup`/`isLid`, as the chat routes take them (catalog 3.1). */
export class WppChatTargetDto {
  @ApiProperty({
    example: '5511999999999',
    description: 'Number(s) or group id(s): a string (comma or semicolon separated) or an array',
  })
  @Transform(phoneList)
  @IsString({ each: true, message: 'phone must be a number or a list of numbers' })
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
  isLid?: boolean;
}

export class WppReactMessageDto {
  @ApiProperty({
    example: 'false_5511999999999@c.us_3EB0C431C26A1916E0E8',
    description: 'The message id as WPPConnect writes it, or the bare WhatsApp id',
  })
  @IsString({ message: 'msgId must be a message id' })
  @Length(1, 256)
  msgId!: string;

  @ApiProperty({
    example: '👍',
    description: 'One emoji; `""` or `false` removes the reaction',
    oneOf: [{ type: 'string' }, { type: 'boolean', enum: [false] }],
  })
  @IsDefined({ message: 'reaction is required ("" or false removes it)' })
  reaction!: unknown;
}

export class WppEditMessageDto {
  @ApiProperty({
    example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F',
    description: 'The id of a text this session sent',
  })
  @IsString({ message: 'id must be a message id' })
  @Length(1, 256)
  id!: string;

  @ApiProperty({ example: 'Hello again (fixed)', description: '1 to 65,536 characters' })
  @IsString({ message: 'newText must be a string' })
  @Length(1, 65_536)
  newText!: string;

  @ApiPropertyOptional({ example: {}, description: 'Accepted and ignored' })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

export class WppDeleteMessageDto extends WppChatTargetDto {
  @ApiProperty({
    example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F',
    description: 'One message id or a list of them',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsString({ each: true, message: 'messageId must be a message id or a list of them' })
  messageId!: string[];

  @ApiPropertyOptional({
    example: false,
    description:
      "true deletes only for me (on this account's devices, through WhatsApp's app-state sync; 501 when the session has not received the app-state key its phone shares)",
  })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  onlyLocal?: boolean;

  @ApiPropertyOptional({ example: false, description: 'Accepted and ignored' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  deleteMediaInDevice?: boolean;
}

export class WppSendSeenDto extends WppChatTargetDto {}

export class WppTypingDto extends WppChatTargetDto {
  @ApiPropertyOptional({ example: true, description: 'true starts typing (default), false stops' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  value?: boolean;
}

export class WppRecordingDto extends WppTypingDto {
  @ApiPropertyOptional({
    example: 5,
    description: 'Seconds: recording stops on its own after them (1 to 600)',
  })
  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(600)
  duration?: number;
}

export class WppChatStateDto extends WppChatTargetDto {
  @ApiProperty({ example: '0', description: '"0" typing, "1" recording, "2" paused', enum: ['0', '1', '2'] })
  @IsDefined({ message: 'chatstate is required' })
  chatstate!: unknown;
}

/** `{status: 'success', response: {message}}` (react-message, delete-message). */
export class WppActionMessage {
  @ApiProperty({ example: 'Reaction sended' })
  message!: string;
}

export class WppActionReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppActionMessage })
  response!: WppActionMessage;
}

export class WppEditReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppMessageView, description: 'The edited message' })
  response!: WppMessageView;

  @ApiProperty({ example: 'return' })
  mapper!: string;

  @ApiProperty({ example: 'store' })
  session!: string;
}

export class WppChatStateView {
  @ApiProperty({ example: '5511999999999@c.us' })
  phone!: string;

  @ApiProperty({ example: 'composing', enum: ['composing', 'recording', 'paused'] })
  state!: string;
}

/** typing, recording and chat-state: envelope S, one state per chat. */
export class WppChatStateReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppChatStateView] })
  response!: WppChatStateView[];
}

export class WppSeenData {
  @ApiProperty({ example: 'Information retrieved successfully.' })
  message!: string;

  @ApiProperty({ example: ['5511999999999@c.us'], type: [String] })
  contact!: string[];

  @ApiProperty({ example: 'store' })
  session!: string;

  @ApiProperty({ example: [true], type: [Boolean], description: 'Per chat: read receipts sent' })
  data!: boolean[];
}

/** send-seen: envelope D (catalog 3.2), 201. */
export class WppSeenReply {
  @ApiProperty({ example: 'Success' })
  status!: string;

  @ApiProperty({ type: WppSeenData })
  response!: WppSeenData;
}

const chats = (body: WppChatTargetDto) =>
  wppRecipients(body.phone ?? [], { isGroup: body.isGroup, isLid: body.isLid });

/** react-message: the message its id names, and the emoji (`""` or false removes it). */
export function wppReaction(instance: string, body: WppReactMessageDto): ReactMessageCommand {
  const ref = wppMessageRef(body.msgId);
  const r = body.reaction;
  if (r !== false && typeof r !== 'string')
    throw new DomainError(ErrorCode.ValidationFailed, 'reaction must be an emoji, "" or false');
  const emoji = r === false ? '' : r.trim();
  if ([...emoji].length > 8) throw new DomainError(ErrorCode.ValidationFailed, 'reaction must be one emoji');
  return { instance, id: ref.id, ...(ref.chat ? { chat: ref.chat } : {}), emoji };
}

export function wppEdit(instance: string, body: WppEditMessageDto): EditMessageCommand {
  const ref = wppMessageRef(body.id);
  return { instance, id: ref.id, ...(ref.chat ? { chat: ref.chat } : {}), text: body.newText };
}

/** delete-message: one deletion per message id, in the chat `phone` names. */
export function wppDeletions(instance: string, body: WppDeleteMessageDto): DeleteMessageCommand[] {
  const [chat] = chats(body);
  if (!body.messageId?.length) throw new DomainError(ErrorCode.ValidationFailed, 'messageId is required');
  return body.messageId.map((m) => {
    const ref = wppMessageRef(m);
    return { instance, id: ref.id, chat: chat!, forEveryone: body.onlyLocal !== true };
  });
}

/** typing (`value` true: composing, false: paused). */
export function wppTyping(instance: string, body: WppTypingDto): SendPresenceCommand[] {
  return presences(instance, body, body.value === false ? 'paused' : 'composing');
}

export function wppRecording(instance: string, body: WppRecordingDto): SendPresenceCommand[] {
  return presences(instance, body, body.value === false ? 'paused' : 'recording');
}

const CHAT_STATES: Readonly<Record<string, PresenceState>> = {
  '0': 'composing',
  '1': 'recording',
  '2': 'paused',
};

/** chat-state: `"0"` typing, `"1"` recording, `"2"` paused (wppconnect `ChatState`). */
export function wppChatState(instance: string, body: WppChatStateDto): SendPresenceCommand[] {
  const state = CHAT_STATES[String(body.chatstate)];
  if (!state)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'chatstate must be "0" (typing), "1" (recording) or "2" (paused)',
    );
  return presences(instance, body, state);
}

const presences = (instance: string, body: WppChatTargetDto, state: PresenceState): SendPresenceCommand[] =>
  chats(body).map((chat) => ({ instance, chat, state }));

/** The chats send-seen marks read. */
export const wppSeenChats = (body: WppSendSeenDto): string[] => chats(body);

export const wppActionReply = (message: string): WppActionReply => ({
  status: 'success',
  response: { message },
});

export const wppChatStateReply = (commands: SendPresenceCommand[]): WppChatStateReply => ({
  status: 'success',
  response: commands.map((c) => ({ phone: wid(c.chat!), state: c.state })),
});

export const wppSeenReply = (session: string, chatsSeen: string[]): WppSeenReply => ({
  status: 'Success',
  response: {
    message: 'Information retrieved successfully.',
    contact: chatsSeen.map(wid),
    session,
    data: chatsSeen.map(() => true),
  },
});

/** edit-message: the edited message, as WPPConnect's serialized Message. */
export function wppEditReply(
  session: string,
  edited: MessageActionResult,
  me: string | undefined,
): WppEditReply {
  const sent = {
    id: edited.id,
    remoteJid: edited.chat,
    fromMe: true as const,
    timestamp: edited.timestamp,
    raw: null,
  };
  return { status: 'success', response: wppSentText(sent, me, edited.text ?? ''), mapper: 'return', session };
}
