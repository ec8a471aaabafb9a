import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type ChatInfo,
  type ContactInfo,
  type ModifyChatCommand,
} from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';

/** mega clients send booleans as true, "true", 1 or "1" (PHP string interpolation). */
function megaBoolean(value: unknown, field: string): boolean {
  if (value === true || value === 'true' || value === 1 || value === '1') return true;
  if (value === false || value === 'false' || value === 0 || value === '0') return false;
  throw new DomainError(ErrorCode.ValidationFailed, `${field} must be true or false`);
}

/** `chat/pinChat`, `chat/blockChat` (catalog 5.2, 5.3) and `chat/archiveChat`: unwrapped `{to, option}`. */
export class MegaChatOptionDto {
  @ApiProperty({
    example: '5511999999999@s.whatsapp.net',
    description: 'The chat: digits, a user jid or a group',
  })
  @IsString({ message: 'to must be a string' })
  @Length(1, 128)
  to!: string;

  @ApiProperty({
    example: true,
    description: 'true pins / blocks / archives, false undoes it (true, "true", 1 or "1"; false likewise)',
  })
  @IsDefined({ message: 'option is required (true or false)' })
  option!: unknown;
}

const chatOf = (to: string): string => normalizeRecipient(to);

export const megaPinChat = (key: string, body: MegaChatOptionDto): ModifyChatCommand => ({
  instance: key,
  chat: chatOf(body.to),
  action: megaBoolean(body.option, 'option') ? 'pin' : 'unpin',
});

export const megaArchiveChat = (key: string, body: MegaChatOptionDto): ModifyChatCommand => ({
  instance: key,
  chat: chatOf(body.to),
  action: megaBoolean(body.option, 'option') ? 'archive' : 'unarchive',
});

/** blockChat: a user (groups cannot be blocked) and whether to block (PHP sends false to unblock). */
export function megaBlockChat(body: MegaChatOptionDto): { contact: string; block: boolean } {
  const contact = chatOf(body.to);
  if (contact.endsWith('@g.us'))
    throw new DomainError(ErrorCode.ValidationFailed, 'groups cannot be blocked: to must be a contact');
  return { contact, block: megaBoolean(body.option, 'option') };
}

/** `chat/readChat` (zapgate extension): `{to}`. */
export class MegaChatDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  @IsString({ message: 'to must be a string' })
  @Length(1, 128)
  to!: string;
}

export const megaReadChat = (key: string, body: MegaChatDto): ModifyChatCommand => ({
  instance: key,
  chat: chatOf(body.to),
  action: 'mark-read',
});

/** `getProfilePicture?to=`: the user or group. */
export function megaProfileTarget(to: unknown): string {
  if (typeof to !== 'string' || !to.trim())
    throw new DomainError(ErrorCode.ValidationFailed, 'to is required');
  return chatOf(to);
}

export class MegaProfileNameDataDto {
  @ApiProperty({ example: 'My shop', description: '1 to 25 characters' })
  @IsString({ message: 'messageData.name must be a string' })
  @Length(1, 25)
  name!: string;
}

/** `instance/setProfileName` (catalog 2.13): `{messageData: {name}}`. */
export class MegaProfileNameDto {
  @ApiProperty({ type: MegaProfileNameDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaProfileNameDataDto)
  messageData!: MegaProfileNameDataDto;
}

export class MegaProfilePictureReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({
    example: 'https://pps.whatsapp.net/v/t61/...',
    nullable: true,
    description: 'The picture URL; null when there is none to see (none set, or hidden by privacy settings)',
  })
  data!: string | null;
}

export class MegaChatView {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  id!: string;
  @ApiPropertyOptional({ example: 'Ana' })
  name?: string;
  @ApiProperty({ example: 2 })
  unreadCount!: number;
  @ApiProperty({ example: false })
  archived!: boolean;
  @ApiProperty({ example: false })
  pinned!: boolean;
  @ApiPropertyOptional({ example: 0, description: 'Muted until (seconds; -1 for ever)' })
  mutedUntil?: number;
  @ApiPropertyOptional({ example: 1700000000, description: 'The last message time (seconds)' })
  conversationTimestamp?: number;
}

export class MegaChatsReply {
  @ApiProperty({ example: false })
  error!: false;
  @ApiProperty({ type: [MegaChatView] })
  data!: MegaChatView[];
}

export const megaChats = (chats: ChatInfo[]): MegaChatsReply => ({
  error: false,
  data: chats.map((c) => ({
    id: c.id,
    ...(c.name ? { name: c.name } : {}),
    unreadCount: c.unreadCount,
    archived: c.archived,
    pinned: c.pinned,
    ...(c.mutedUntil !== undefined ? { mutedUntil: c.mutedUntil } : {}),
    ...(c.lastMessage ? { conversationTimestamp: c.lastMessage.timestamp } : {}),
  })),
});

export class MegaContactView {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  id!: string;
  @ApiPropertyOptional({ example: '123456789012345@lid' })
  lid?: string;
  @ApiPropertyOptional({ example: 'Ana Souza', description: 'The saved name' })
  name?: string;
  @ApiPropertyOptional({ example: 'Ana', description: 'The name the person gave themselves' })
  notify?: string;
  @ApiPropertyOptional({ example: 'Acme' })
  verifiedName?: string;
}

export class MegaContactsReply {
  @ApiProperty({ example: false })
  error!: false;
  @ApiProperty({ type: [MegaContactView] })
  data!: MegaContactView[];
}

/** Baileys' `Contact` field names (mega-API is Baileys underneath). */
export const megaContacts = (contacts: ContactInfo[]): MegaContactsReply => ({
  error: false,
  data: contacts.map((c) => ({
    id: c.pn ?? c.id,
    ...(c.lid ? { lid: c.lid } : {}),
    ...(c.name ? { name: c.name } : {}),
    ...(c.pushName ? { notify: c.pushName } : {}),
    ...(c.verifiedName ? { verifiedName: c.verifiedName } : {}),
  })),
});
