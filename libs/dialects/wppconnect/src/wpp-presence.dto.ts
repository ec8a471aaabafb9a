import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type ChatInfo,
  type PresenceInfo,
  type SendPresenceCommand,
} from '@zapgate/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { wppRecipients } from './wpp-send-message.command.js';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const phoneList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(/[,;]/)
        .map((p) => p.trim())
        .filter(Boolean)
    : value;

// ---------------------------------------------------------------- requests

/** `POST subscribe-presence` (catalog 4.5): `phone` and `isGroup`, or `all`. */
export class WppSubscribePresenceDto {
  @ApiPropertyOptional({
    example: '5511999999999',
    description: 'Number(s): a string (comma or semicolon separated) or an array; not needed with `all`',
  })
  @IsOptional()
  @Transform(phoneList)
  @IsString({ each: true, message: 'phone must be a number or a list of numbers' })
  phone?: string[];

  @ApiPropertyOptional({ example: false, description: 'Group presence is not supported (501)' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isGroup?: boolean;

  @ApiPropertyOptional({ example: false, description: 'Every user chat in the chat store' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  all?: boolean;
}

/** `POST set-online-presence` (catalog 4.5). */
export class WppSetOnlinePresenceDto {
  @ApiPropertyOptional({ example: true, description: 'Online (default) or offline' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isOnline?: boolean;
}

// ---------------------------------------------------------------- commands

/**
 * The users `subscribe-presence` names: with `all`, every user chat of `chats` (the chat store);
 * otherwise the numbers in `phone`. Groups are a 501 (zapgate subscribes to users).
 */
export function wppPresenceTargets(body: WppSubscribePresenceDto, chats: readonly ChatInfo[] = []): string[] {
  if (body.isGroup)
    throw new DomainError(
      ErrorCode.NotImplemented,
      "subscribing to a group's presence is not supported: subscribe to its members' numbers",
    );
  if (body.all) return chats.filter((c) => !c.isGroup).map((c) => c.id);
  if (!body.phone?.length)
    throw new DomainError(ErrorCode.ValidationFailed, 'phone is required (or all: true)');
  return wppRecipients(body.phone, {});
}

export const wppOnlinePresence = (session: string, body: WppSetOnlinePresenceDto): SendPresenceCommand => ({
  instance: session,
  state: body.isOnline === false ? 'unavailable' : 'available',
});

/** Online: the user was last seen available, typing, recording or paused in a chat. */
export const wppIsOnline = (p: PresenceInfo): boolean => !!p.presence && p.presence !== 'unavailable';

/** WPPConnect's `getLastSeen`: seconds since epoch, or false when WhatsApp did not tell. */
export const wppLastSeen = (p: PresenceInfo): number | false => {
  if (p.lastSeen !== undefined) return p.lastSeen;
  // online now: last seen is now, as WhatsApp shows it
  return wppIsOnline(p) && p.at !== undefined ? p.at : false;
};

// ---------------------------------------------------------------- replies

export class WppPresenceMessage {
  @ApiProperty({ example: 'Subscribe presence executed' })
  message!: string;
}

export class WppPresenceReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppPresenceMessage })
  response!: WppPresenceMessage;
}

export class WppIsOnlineReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ example: true, description: 'The latest presence the session saw is online' })
  response!: boolean;
}

export class WppLastSeenReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({
    example: 1764441600,
    description: 'Seconds since epoch, or false when WhatsApp did not tell (hidden, or never seen)',
    oneOf: [{ type: 'integer' }, { type: 'boolean' }],
  })
  response!: number | false;
}
