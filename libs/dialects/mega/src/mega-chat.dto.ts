import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type DeleteMessageCommand,
  type PresenceState,
  type ReadMessagesCommand,
  type SendPresenceCommand,
} from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsNumber, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

/** mega clients send booleans as true, "true", 1 or "1" (PHP string interpolation). */
const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' || value === 1
    ? true
    : value === 'false' || value === '0' || value === 0
      ? false
      : value;

/** A message's key as mega's webhooks carry it (Baileys' `key`). */
export class MegaMessageKeyDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: 'The chat of the message' })
  @IsString({ message: 'key.remoteJid must be a string' })
  @Length(1, 128)
  remoteJid!: string;

  @ApiPropertyOptional({ example: false, description: 'Whether this instance sent it' })
  @IsOptional()
  @Transform(lenientBoolean)
  fromMe?: unknown;

  @ApiProperty({ example: '3EB0C431C26A1916E0E8', description: "WhatsApp's message id" })
  @IsString({ message: 'key.id must be a string' })
  @Length(1, 128)
  id!: string;
}

export class MegaReadMessageDataDto {
  @ApiProperty({ type: MegaMessageKeyDto })
  @IsDefined({ message: 'messageData.key is required' })
  @IsObject({ message: 'messageData.key must be an object' })
  @ValidateNested()
  @Type(() => MegaMessageKeyDto)
  key!: MegaMessageKeyDto;
}

/** `chat/readMessage` (catalog 5.4): `{messageData: {key: {remoteJid, fromMe, id}}}`. */
export class MegaReadMessageDto {
  @ApiProperty({ type: MegaReadMessageDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaReadMessageDataDto)
  messageData!: MegaReadMessageDataDto;
}

export class MegaDeleteMessageDataDto {
  @ApiPropertyOptional({
    example: '5511999999999@s.whatsapp.net',
    description: 'The chat (key.remoteJid wins when both are given)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  to?: string;

  @ApiPropertyOptional({ type: MegaMessageKeyDto, description: 'The message (shape of catalog 5.5 and N8N)' })
  @IsOptional()
  @IsObject({ message: 'messageData.key must be an object' })
  @ValidateNested()
  @Type(() => MegaMessageKeyDto)
  key?: MegaMessageKeyDto;

  @ApiPropertyOptional({
    example: '3EB0C431C26A1916E0E8',
    description: 'The message id (OpenAPI `LastMessageClearFromMe` shape, with `to` at the top level)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  id?: string;

  @ApiPropertyOptional({ example: 1750604787, description: 'Accepted and ignored' })
  @IsOptional()
  @IsNumber()
  messageTimestamp?: number;

  @ApiPropertyOptional({ example: 1750604787, description: 'Accepted and ignored' })
  @IsOptional()
  @IsNumber()
  timestamp?: number;
}

/**
 * `chat/deleteMessage` and `chat/deleteMessageFromMe` (catalog 5.5, 5.6): `{messageData: {to, key:
 * {remoteJid, fromMe, id}, messageTimestamp?}}`, or `{to, messageData: {id, timestamp}}`.
 */
export class MegaDeleteMessageDto {
  @ApiPropertyOptional({
    example: '5511999999999@s.whatsapp.net',
    description: 'The chat, in the OpenAPI shape of deleteMessageFromMe',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  to?: string;

  @ApiProperty({ type: MegaDeleteMessageDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaDeleteMessageDataDto)
  messageData!: MegaDeleteMessageDataDto;
}

const MEGA_PRESENCES: Readonly<Record<string, PresenceState>> = {
  available: 'available',
  unavailable: 'unavailable',
  composing: 'composing',
  recording: 'recording',
  paused: 'paused',
  pause: 'paused',
};

/** `chat/presenceUpdateChat` (catalog 5.1), unwrapped: `{to, option}` (or `presence`). */
export class MegaPresenceUpdateDto {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net', description: 'The chat the state shows in' })
  @IsString({ message: 'to must be a string' })
  @Length(1, 128)
  to!: string;

  @ApiPropertyOptional({
    example: 'composing',
    enum: Object.keys(MEGA_PRESENCES),
    description: '`pause` (N8N) is the same as `paused` (OpenAPI)',
  })
  @IsOptional()
  @IsString({ message: 'option must be a string' })
  option?: string;

  @ApiPropertyOptional({ example: 'composing', description: 'An alias of `option` some clients send' })
  @IsOptional()
  @IsString({ message: 'presence must be a string' })
  presence?: string;
}

const keyChat = (remoteJid: string) => normalizeRecipient(remoteJid);

/** readMessage as a read receipt for the one message its key names. */
export function megaReadMessage(instance: string, body: MegaReadMessageDto): ReadMessagesCommand {
  const { key } = body.messageData;
  return {
    instance,
    keys: [{ chat: keyChat(key.remoteJid), id: key.id, fromMe: key.fromMe === true }],
  };
}

/** deleteMessage (for everyone) and deleteMessageFromMe (for me), in either body shape. */
export function megaDeleteMessage(
  instance: string,
  body: MegaDeleteMessageDto,
  forEveryone: boolean,
): DeleteMessageCommand {
  const data = body.messageData;
  const id = data.key?.id ?? data.id;
  if (!id)
    throw new DomainError(ErrorCode.ValidationFailed, 'messageData.key.id (or messageData.id) is required');
  const chat = data.key?.remoteJid ?? data.to ?? body.to;
  if (!chat)
    throw new DomainError(ErrorCode.ValidationFailed, 'messageData.key.remoteJid (or to) is required');
  return { instance, id, chat: keyChat(chat), forEveryone };
}

/** presenceUpdateChat: both option spellings (`paused`, `pause`) and the `presence` alias. */
export function megaPresenceUpdate(instance: string, body: MegaPresenceUpdateDto): SendPresenceCommand {
  const option = (body.option ?? body.presence ?? '').trim().toLowerCase();
  const state = Object.hasOwn(MEGA_PRESENCES, option) ? MEGA_PRESENCES[option] : undefined;
  if (!state)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `option must be one of ${Object.keys(MEGA_PRESENCES).join(', ')} (got ${JSON.stringify(option.slice(0, 32))})`,
    );
  return { instance, chat: normalizeRecipient(body.to), state };
}
