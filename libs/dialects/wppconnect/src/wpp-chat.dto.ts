import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type ChatInfo,
  type ContactInfo,
  type ListChatsCommand,
  type ModifyChatCommand,
  type ProfileStatus,
} from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { WppChatTargetDto } from './wpp-message-action.dto.js';
import { wppChatOf } from './wpp-message-read.dto.js';
import { wppRecipients } from './wpp-send-message.command.js';
import { wid } from './wpp-webhook.renderer.js';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

// ---------------------------------------------------------------- requests

/** `POST list-chats` (catalog 4.3): every filter of wppconnect's `listChats`. */
export class WppListChatsDto {
  @ApiPropertyOptional({ example: '5511999999999@c.us', description: 'A chat id: list from it on (paging)' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  id?: string;

  @ApiPropertyOptional({ example: 20, description: 'How many (default all, at most 1000)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000)
  count?: number;

  @ApiPropertyOptional({
    example: 'after',
    enum: ['after', 'before'],
    description: 'From `id` on: older (after) or newer (before)',
  })
  @IsOptional()
  @IsIn(['after', 'before'])
  direction?: 'after' | 'before';

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  onlyGroups?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  onlyUsers?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  onlyWithUnreadMessage?: boolean;

  @ApiPropertyOptional({
    example: ['1'],
    type: [String],
    description: 'Label ids (or names): chats with any of them',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  withLabels?: string[];
}

export class WppArchiveChatDto extends WppChatTargetDto {
  @ApiPropertyOptional({ example: true, description: 'true archives (default), false unarchives' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  value?: boolean;
}

export class WppPinChatDto extends WppChatTargetDto {
  @ApiProperty({
    example: 'true',
    description:
      "WPPConnect-server's quirk, kept: only the **string** `'true'` pins; anything else (a JSON `true` too) unpins",
  })
  @IsDefined({ message: 'state is required' })
  state!: unknown;
}

export class WppSendMuteDto extends WppChatTargetDto {
  @ApiProperty({ example: 8, description: 'How long, in `type` units' })
  @IsNumber({}, { message: 'time must be a number' })
  @Min(1)
  @Max(1_000_000)
  time!: number;

  @ApiPropertyOptional({ example: 'hours', enum: ['minutes', 'hours', 'days'], description: 'Default hours' })
  @IsOptional()
  @IsIn(['minutes', 'hours', 'days'])
  type?: 'minutes' | 'hours' | 'days';
}

export class WppBlockContactDto extends WppChatTargetDto {}

export class WppProfileStatusDto {
  @ApiProperty({ example: 'At work', description: 'The "about" text (at most 139 characters)' })
  @IsString({ message: 'status must be a string' })
  @Length(0, 139)
  status!: string;
}

export class WppChangeUsernameDto {
  @ApiProperty({ example: 'My shop', description: 'The push name (1 to 25 characters)' })
  @IsOptional()
  name?: unknown;
}

// ---------------------------------------------------------------- commands

export function wppListChats(session: string, body: WppListChatsDto): ListChatsCommand {
  if (body.onlyGroups && body.onlyUsers)
    throw new DomainError(ErrorCode.ValidationFailed, 'onlyGroups and onlyUsers exclude each other');
  return {
    instance: session,
    ...(body.onlyGroups ? { kind: 'group' as const } : body.onlyUsers ? { kind: 'user' as const } : {}),
    ...(body.onlyWithUnreadMessage ? { unreadOnly: true } : {}),
    ...(body.withLabels?.length ? { labels: body.withLabels } : {}),
    ...(body.id ? { anchor: wppChatOf(body.id), direction: body.direction ?? 'after' } : {}),
    limit: body.count ?? 1_000,
  };
}

/** The one chat a chat route names (`phone` may list several: each is one command). */
export function wppChats(body: WppChatTargetDto): string[] {
  return wppRecipients(body.phone, body);
}

export const wppArchive = (session: string, chat: string, value = true): ModifyChatCommand => ({
  instance: session,
  chat,
  action: value ? 'archive' : 'unarchive',
});

/** pin-chat: WPPConnect-server tests `state === 'true'`, a string; a JSON true unpins (catalog 4.3). */
export const wppPin = (session: string, chat: string, state: unknown): ModifyChatCommand => ({
  instance: session,
  chat,
  action: state === 'true' ? 'pin' : 'unpin',
});

const UNIT_SECONDS = { minutes: 60, hours: 3_600, days: 86_400 } as const;

export const wppMute = (
  session: string,
  chat: string,
  body: WppSendMuteDto,
  nowMs = Date.now(),
): ModifyChatCommand => ({
  instance: session,
  chat,
  action: 'mute',
  muteUntil: Math.floor(nowMs / 1000) + Math.round(body.time * UNIT_SECONDS[body.type ?? 'hours']),
});

/** `chat-by-id/:phone?isGroup` and `contact/:phone`: bare digits get `@c.us` (or `@g.us`). */
export function wppPathChat(phone: string, isGroup?: unknown): string {
  const group = isGroup === true || isGroup === 'true';
  if (!phone.includes('@')) return normalizeRecipient(phone, { group, longNumbersAreLids: true });
  return wppChatOf(phone);
}

/** `change-username`: the name, or WPPConnect-server's 400. */
export function wppUsername(name: unknown): string {
  if (typeof name !== 'string' || !name.trim())
    throw new DomainError(ErrorCode.ValidationFailed, 'Parameter name is required!', {
      wppBody: { status: 'error', message: 'Parameter name is required!' },
    });
  if (name.length > 25)
    throw new DomainError(ErrorCode.ValidationFailed, 'name must be at most 25 characters');
  return name;
}

// ---------------------------------------------------------------- replies

/** A WA-Web `Wid` as JSON. */
export class WppWid {
  @ApiProperty({ example: 'c.us' })
  server!: string;
  @ApiProperty({ example: '5511999999999' })
  user!: string;
  @ApiProperty({ example: '5511999999999@c.us' })
  _serialized!: string;
}

export function wppWid(jid: string): WppWid {
  const serialized = wid(jid);
  const at = serialized.indexOf('@');
  return { server: serialized.slice(at + 1), user: serialized.slice(0, at), _serialized: serialized };
}

/** WA-Web's Contact model, as far as zapgate knows it (catalog 8.6: an approximation). */
export class WppContactView {
  @ApiProperty({ type: WppWid })
  id!: WppWid;
  @ApiPropertyOptional({ example: 'Ana Souza', description: 'The saved name' })
  name?: string;
  @ApiPropertyOptional({ example: 'Ana' })
  shortName?: string;
  @ApiPropertyOptional({ example: 'Ana', description: 'The name the person gave themselves' })
  pushname?: string;
  @ApiProperty({ example: 'Ana Souza' })
  formattedName!: string;
  @ApiPropertyOptional({ example: 'Acme' })
  verifiedName?: string;
  @ApiProperty({ example: false })
  isBusiness!: boolean;
  @ApiProperty({ example: false })
  isEnterprise!: boolean;
  @ApiProperty({ example: false })
  isMe!: boolean;
  @ApiProperty({ example: true, description: 'Whether it is in the phone’s address book (a saved name)' })
  isMyContact!: boolean;
  @ApiProperty({ example: true })
  isUser!: boolean;
  @ApiProperty({ example: false })
  isGroup!: boolean;
  @ApiProperty({ example: true })
  isWAContact!: boolean;
  @ApiProperty({ example: false })
  isBlocked!: boolean;
  @ApiPropertyOptional({ example: '123456789012345@lid' })
  lid?: string;
  @ApiPropertyOptional({ example: '5511999999999@c.us' })
  phoneNumber?: string;
  @ApiProperty({ type: [String], example: [] })
  labels!: string[];
}

export function wppContactView(contact: ContactInfo): WppContactView {
  const display = contact.name ?? contact.verifiedName ?? contact.pushName ?? `+${contact.id.split('@')[0]}`;
  return {
    id: wppWid(contact.pn ?? contact.id),
    ...(contact.name ? { name: contact.name, shortName: contact.name.split(' ')[0] } : {}),
    ...(contact.pushName ? { pushname: contact.pushName } : {}),
    formattedName: display,
    ...(contact.verifiedName ? { verifiedName: contact.verifiedName } : {}),
    isBusiness: !!contact.business,
    isEnterprise: false,
    isMe: false,
    isMyContact: !!contact.name,
    isUser: true,
    isGroup: false,
    isWAContact: true,
    isBlocked: contact.blocked,
    ...(contact.lid ? { lid: contact.lid } : {}),
    ...(contact.pn ? { phoneNumber: wid(contact.pn) } : {}),
    labels: [],
  };
}

export class WppLastKey {
  @ApiProperty({ example: false })
  fromMe!: boolean;
  @ApiProperty({ example: '5511999999999@c.us' })
  remote!: string;
  @ApiProperty({ example: '3EB0C431C26A1916E0E8' })
  id!: string;
  @ApiProperty({ example: 'false_5511999999999@c.us_3EB0C431C26A1916E0E8' })
  _serialized!: string;
}

/** WA-Web's Chat model, as far as the chat store knows it (catalog 8.6: an approximation). */
export class WppChatView {
  @ApiProperty({ type: WppWid })
  id!: WppWid;
  @ApiPropertyOptional({ example: 'Ana' })
  name?: string;
  @ApiProperty({ example: 'chat', enum: ['chat', 'group'] })
  kind!: string;
  @ApiProperty({ example: false })
  isGroup!: boolean;
  @ApiProperty({ example: true })
  isUser!: boolean;
  @ApiProperty({ example: 2 })
  unreadCount!: number;
  @ApiProperty({ example: false })
  archive!: boolean;
  @ApiProperty({ example: 0, description: 'When it was pinned (seconds), 0 when not pinned' })
  pin!: number;
  @ApiProperty({ example: 0, description: 'Muted until (seconds; -1 for ever), 0 when not muted' })
  muteExpiration!: number;
  @ApiProperty({ example: false })
  isReadOnly!: boolean;
  @ApiProperty({ example: 1700000000, description: 'The last message time (seconds), 0 without one' })
  t!: number;
  @ApiProperty({ type: [String], example: [] })
  labels!: string[];
  @ApiPropertyOptional({ type: WppLastKey })
  lastReceivedKey?: WppLastKey;
  @ApiPropertyOptional({ type: WppContactView, description: 'A person’s chat: the contact' })
  contact?: WppContactView;
}

export function wppChatView(chat: ChatInfo, contact?: ContactInfo): WppChatView {
  const chatId = wid(chat.id);
  return {
    id: wppWid(chat.id),
    ...((chat.name ?? contact?.name ?? contact?.pushName)
      ? { name: chat.name ?? contact?.name ?? contact?.pushName }
      : {}),
    kind: chat.isGroup ? 'group' : 'chat',
    isGroup: chat.isGroup,
    isUser: !chat.isGroup,
    unreadCount: chat.unreadCount,
    archive: chat.archived,
    pin: chat.pinnedAt ?? 0,
    muteExpiration: chat.mutedUntil ?? 0,
    isReadOnly: false,
    t: chat.lastMessage?.timestamp ?? 0,
    labels: chat.labels,
    ...(chat.lastMessage
      ? {
          lastReceivedKey: {
            fromMe: chat.lastMessage.fromMe,
            remote: chatId,
            id: chat.lastMessage.id,
            _serialized: `${chat.lastMessage.fromMe}_${chatId}_${chat.lastMessage.id}`,
          },
        }
      : {}),
    ...(contact ? { contact: wppContactView(contact) } : {}),
  };
}

export class WppChatsReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: [WppChatView] })
  response!: WppChatView[];
  @ApiPropertyOptional({ example: 'chat' })
  mapper?: string;
}

export class WppContactsReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: [WppContactView] })
  response!: WppContactView[];
}

export class WppContactReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: WppContactView })
  response!: WppContactView;
}

/** `contact/pn-lid/:pnLid`: wppconnect's `getPnLidEntry` (both ids and the contact). */
export class WppPnLidReply {
  @ApiPropertyOptional({ type: WppWid })
  lid?: WppWid;
  @ApiPropertyOptional({ type: WppWid })
  phoneNumber?: WppWid;
  @ApiPropertyOptional({ type: WppContactView })
  contact?: WppContactView;
}

export function wppPnLid(contact: ContactInfo): WppPnLidReply {
  return {
    ...(contact.lid ? { lid: wppWid(contact.lid) } : {}),
    ...(contact.pn ? { phoneNumber: wppWid(contact.pn) } : {}),
    contact: wppContactView(contact),
  };
}

export class WppBlockedView {
  @ApiProperty({ example: '5511999999999' })
  phone!: string;
}

export class WppBlocklistReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: [WppBlockedView] })
  response!: WppBlockedView[];
}

export const wppBlocklist = (jids: string[]): WppBlocklistReply => ({
  status: 'success',
  response: jids.map((j) => ({ phone: j.split('@')[0]! })),
});

/** wppconnect's `ProfilePicThumbObj`. */
export class WppProfilePicView {
  @ApiPropertyOptional({ example: 'https://pps.whatsapp.net/v/t61/...' })
  eurl?: string;
  @ApiProperty({ type: WppWid })
  id!: WppWid;
  @ApiPropertyOptional({ example: 'https://pps.whatsapp.net/v/t61/...' })
  img?: string;
  @ApiPropertyOptional({ example: 'https://pps.whatsapp.net/v/t61/...' })
  imgFull?: string;
  @ApiPropertyOptional({ type: String, example: null, nullable: true })
  raw?: string | null;
  @ApiPropertyOptional({ type: String, example: null, nullable: true })
  tag?: string | null;
}

export class WppProfilePicReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: WppProfilePicView })
  response!: WppProfilePicView;
}

/**
 * With no picture to see (none set, or hidden), WhatsApp Web's thumb has only its id; `img` is the
 * small preview when WhatsApp answered one (else the full picture).
 */
export const wppProfilePic = (
  jid: string,
  url: string | undefined,
  preview?: string,
): WppProfilePicReply => ({
  status: 'success',
  response: {
    ...(url ? { eurl: url, img: preview ?? url, imgFull: url } : {}),
    id: wppWid(jid),
    raw: null,
    tag: null,
  },
});

export class WppProfileStatusView {
  @ApiProperty({ example: '5511999999999@c.us' })
  id!: string;
  @ApiProperty({ example: 'Hey there! I am using WhatsApp.', description: '"" when none is visible' })
  status!: string;
}

export class WppProfileStatusReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: WppProfileStatusView })
  response!: WppProfileStatusView;
}

export const wppProfileStatus = (s: ProfileStatus): WppProfileStatusReply => ({
  status: 'success',
  response: { id: wid(s.jid), status: s.status ?? '' },
});

export class WppDeviceReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({
    example: '5511999999999@c.us',
    description: 'get-phone-number: the wid; host-device: the device',
  })
  response!: unknown;
  @ApiProperty({ example: 'device' })
  mapper!: string;
}

export const wppClear = (session: string, chat: string): ModifyChatCommand => ({
  instance: session,
  chat,
  action: 'clear',
});

export const wppDelete = (session: string, chat: string): ModifyChatCommand => ({
  instance: session,
  chat,
  action: 'delete',
});

export class WppChatResultData {
  @ApiProperty({ example: 'Information retrieved successfully.' })
  message!: string;
  @ApiProperty({ example: '5511999999999', description: 'The first chat, as digits' })
  contact!: string;
  @ApiProperty({ example: 'store' })
  session!: string;
  @ApiProperty({ example: { '5511999999999@c.us': true }, description: 'Each chat id: done' })
  data!: Record<string, boolean>;
}

/** clear-chat, delete-chat: envelope D (201) with a map from chat id to result (catalog 4.3). */
export class WppChatResultReply {
  @ApiProperty({ example: 'Success' })
  status!: string;
  @ApiProperty({ type: WppChatResultData })
  response!: WppChatResultData;
}

export const wppChatResult = (session: string, chats: string[]): WppChatResultReply => ({
  status: 'Success',
  response: {
    message: 'Information retrieved successfully.',
    contact: chats[0]?.split('@')[0] ?? '',
    session,
    data: Object.fromEntries(chats.map((c) => [wid(c), true])),
  },
});

export class WppNumberStatusView {
  @ApiProperty({ type: WppWid })
  id!: WppWid;
  @ApiProperty({ example: false, description: 'Whether the contact store knows it as a business account' })
  isBusiness!: boolean;
  @ApiProperty({ example: true })
  canReceiveMessage!: boolean;
  @ApiProperty({ example: true })
  numberExists!: boolean;
  @ApiProperty({ example: 200, enum: [200, 404] })
  status!: number;
}

export class WppNumberStatusReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({ type: WppNumberStatusView })
  response!: WppNumberStatusView;
}

/** check-number-status: wppconnect's `checkNumberStatus` (a missing number is a 200 with status 404). */
export const wppNumberStatus = (
  asked: string,
  found: { exists: boolean; jid?: string },
  business: boolean,
): WppNumberStatusReply => ({
  status: 'success',
  response: {
    id: wppWid(found.jid ?? asked),
    isBusiness: found.exists && business,
    canReceiveMessage: found.exists,
    numberExists: found.exists,
    status: found.exists ? 200 : 404,
  },
});

/** `{status: 'success'}` (archive-all-chats, clear-all-chats, delete-all-chats). */
export class WppStatusReply {
  @ApiProperty({ example: 'success' })
  status!: string;
}
