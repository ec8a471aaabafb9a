import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type GroupInfo,
  type GroupParticipantAction,
  type GroupParticipantResult,
  type GroupSetting,
} from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { IsDefined, IsOptional } from 'class-validator';
import { wid } from './wpp-webhook.renderer.js';

/**
 * WPPConnect-server's group routes (catalog 4.5): request bodies, their canonical requests, and
 * the replies. Groups are rendered as far as a Baileys server knows WA-Web's models (an
 * approximation, catalog 8.6).
 */

const GROUP_ID = {
  example: '120363042378568057',
  description: 'A group id, with or without @g.us; several as an array or comma separated',
};
const PHONE = {
  example: ['5521999999999'],
  description: 'Numbers (more than 14 digits: a LID) or ids; an array or comma separated',
};

/** `groupId` of a body or path: WPPConnect's groupToArray (suffix stripped, `@g.us` appended). */
export function wppGroupIds(input: unknown): string[] {
  const list = Array.isArray(input) ? input : typeof input === 'string' ? input.split(/[,;]/) : [];
  const ids = list
    .map((v) => (typeof v === 'string' ? v.trim() : v))
    .filter((v) => v !== '')
    .map((v) => {
      if (typeof v !== 'string')
        throw new DomainError(ErrorCode.ValidationFailed, 'groupId must be a string');
      return normalizeRecipient(`${v.split('@')[0]}@g.us`);
    });
  if (!ids.length) throw new DomainError(ErrorCode.ValidationFailed, 'groupId is required');
  return [...new Set(ids)];
}

/** `phone` of participant routes: WPPConnect's contactToArray (digits; more than 14 a LID). */
export function wppParticipants(input: unknown): string[] {
  const list = Array.isArray(input) ? input : typeof input === 'string' ? input.split(/[,;]/) : [];
  const out = list
    .map((v) => (typeof v === 'string' ? v.trim() : v))
    .filter((v) => v !== '')
    .map((v) => normalizeRecipient(v, { longNumbersAreLids: true }));
  if (!out.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  if (out.some((j) => j.endsWith('@g.us')))
    throw new DomainError(ErrorCode.ValidationFailed, 'phone must name people, not groups');
  return [...new Set(out)];
}

/** An invite code, or a link that ends in one (`https://chat.whatsapp.com/<code>`). */
export function wppInviteCode(input: unknown, name = 'inviteCode'): string {
  if (typeof input !== 'string' || !input.trim())
    throw new DomainError(ErrorCode.ValidationFailed, 'Invitation Code is required', { field: name });
  const code = input.trim().split('/').pop()!;
  if (!/^[A-Za-z0-9_-]{6,64}$/.test(code))
    throw new DomainError(ErrorCode.ValidationFailed, `${name} is not a WhatsApp invite code`);
  return code;
}

/** A boolean as WPPConnect reads `value` (default true; "false" and false turn it off). */
export function wppFlag(value: unknown, fallback = true): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  return !(value === false || value === 'false' || value === 0 || value === '0');
}

export class WppGroupIdDto {
  @ApiProperty(GROUP_ID)
  @IsDefined({ message: 'groupId is required' })
  groupId!: unknown;
}

export class WppGroupParticipantsDto extends WppGroupIdDto {
  @ApiProperty(PHONE)
  @IsDefined({ message: 'phone is required' })
  phone!: unknown;
}

export class WppCreateGroupDto {
  @ApiProperty({
    example: 'Team',
    description: 'The subject; several (array or comma separated) make several groups',
  })
  @IsDefined({ message: 'name is required' })
  name!: unknown;

  @ApiProperty(PHONE)
  @IsDefined({ message: 'participants is required' })
  participants!: unknown;
}

export class WppJoinCodeDto {
  @ApiProperty({ example: 'HJ2zoW8Kx0Z4wQk9bD3y1A', description: 'The invite code (or the whole link)' })
  @IsOptional()
  inviteCode?: unknown;
}

export class WppInviteInfoDto {
  @ApiProperty({
    example: 'HJ2zoW8Kx0Z4wQk9bD3y1A',
    description: 'The invite code (all lowercase field name)',
  })
  @IsOptional()
  invitecode?: unknown;
}

export class WppGroupDescriptionDto extends WppGroupIdDto {
  @ApiProperty({ example: 'Rules: be nice', description: "'' removes it" })
  @IsDefined({ message: 'description is required' })
  description!: unknown;
}

export class WppGroupSubjectDto extends WppGroupIdDto {
  @ApiProperty({ example: 'New name' })
  @IsDefined({ message: 'title is required' })
  title!: unknown;
}

export class WppGroupPropertyDto extends WppGroupIdDto {
  @ApiProperty({
    example: 'announcement',
    enum: ['announcement', 'restrict', 'no_frequently_forwarded', 'ephemeral'],
  })
  @IsDefined({ message: 'property is required' })
  property!: unknown;

  @ApiPropertyOptional({ example: true, description: 'default true' })
  @IsOptional()
  value?: unknown;
}

export class WppGroupValueDto extends WppGroupIdDto {
  @ApiPropertyOptional({ example: true, description: 'default true' })
  @IsOptional()
  value?: unknown;
}

export class WppChangePrivacyDto extends WppGroupIdDto {
  @ApiProperty({
    example: 'true',
    description: "The string 'true' makes only admins change settings (WPPConnect compares it as a string)",
  })
  @IsOptional()
  status?: unknown;
}

/** The subjects of create-group (several make several groups). */
export function wppGroupNames(name: unknown): string[] {
  const list = Array.isArray(name) ? name : typeof name === 'string' ? name.split(',') : [];
  const names = list.map((n) => (typeof n === 'string' ? n.trim() : '')).filter(Boolean);
  if (!names.length || names.length !== list.length)
    throw new DomainError(ErrorCode.ValidationFailed, 'name must be a group name (or several)');
  if (names.some((n) => n.length > 100))
    throw new DomainError(ErrorCode.ValidationFailed, 'a group name is at most 100 characters');
  return names;
}

/** group-property: the setting WhatsApp has for it; the others answer 501. */
export function wppGroupProperty(property: unknown, value: unknown): GroupSetting {
  const on = wppFlag(value);
  switch (property) {
    case 'announcement':
      return on ? 'announcement' : 'not_announcement';
    case 'restrict':
      return on ? 'locked' : 'unlocked';
    case 'no_frequently_forwarded':
    case 'ephemeral':
      throw new DomainError(
        ErrorCode.NotImplemented,
        `the group property ${property} is not supported (${property === 'ephemeral' ? 'use temporary-messages' : 'WhatsApp Web only'})`,
      );
    default:
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'property must be announcement, restrict, no_frequently_forwarded or ephemeral',
      );
  }
}

// ---- replies ----

export class WppGroupWid {
  @ApiProperty({ example: 'g.us' })
  server!: string;
  @ApiProperty({ example: '120363042378568057' })
  user!: string;
  @ApiProperty({ example: '120363042378568057@g.us' })
  _serialized!: string;
}

/** A jid as WA-Web's Wid object. */
export function wppGroupWid(jid: string): WppGroupWid {
  const serialized = wid(jid);
  const at = serialized.indexOf('@');
  return { server: serialized.slice(at + 1), user: serialized.slice(0, at), _serialized: serialized };
}

const iso = (seconds: number | undefined) =>
  seconds !== undefined ? new Date(seconds * 1000).toISOString() : null;

/** group-info's body (catalog: id, name, description, subject, times as ISO or null, participants). */
export function wppGroupInfo(g: GroupInfo): Record<string, unknown> {
  return {
    id: g.id,
    name: g.subject,
    description: g.description ?? null,
    subject: g.subject,
    subjectUpdatedAt: iso(g.subjectTime),
    subjectUpdatedBy: g.subjectOwner ? wid(g.subjectOwner) : null,
    descriptionUpdatedAt: iso(g.descriptionTime),
    descriptionUpdatedBy: g.descriptionOwner ? wid(g.descriptionOwner) : null,
    createdAt: iso(g.creation),
    lastActivityAt: null,
    participants: g.participants.map((p) => ({ id: wid(p.id), isAdmin: p.role !== 'member' })),
  };
}

/** A group as WA-Web's group Chat model (all-groups), as far as zapgate knows it. */
export function wppGroupChat(g: GroupInfo): Record<string, unknown> {
  return {
    id: wppGroupWid(g.id),
    name: g.subject,
    isGroup: true,
    isReadOnly: false,
    groupMetadata: {
      id: wppGroupWid(g.id),
      subject: g.subject,
      desc: g.description ?? '',
      owner: g.owner ? wppGroupWid(g.owner) : undefined,
      creation: g.creation,
      announce: g.announce,
      restrict: g.restrict,
      size: g.size,
      participants: g.participants.map((p) => ({
        id: wppGroupWid(p.id),
        isAdmin: p.role !== 'member',
        isSuperAdmin: p.role === 'superadmin',
      })),
    },
  };
}

/** group-members: WA-Web Contacts, as far as the group tells them. */
export function wppGroupMembers(g: GroupInfo): Record<string, unknown>[] {
  return g.participants.map((p) => ({
    id: wppGroupWid(p.id),
    isUser: true,
    isGroup: false,
    isMyContact: false,
    ...(p.alt ? { [p.id.endsWith('@lid') ? 'phoneNumber' : 'lid']: wid(p.alt) } : {}),
  }));
}

export class WppGroupReply {
  @ApiProperty({ example: 'success' })
  status!: string;
  @ApiProperty({
    description: 'What the WPPConnect-server route answers here (see each route)',
    example: { message: 'Group subject changed' },
  })
  response!: unknown;
}

export const wppGroupReply = (response: unknown, status = 'success'): WppGroupReply => ({ status, response });

/** The messages of the participant routes. */
export const WPP_PARTICIPANT_MESSAGES: Record<GroupParticipantAction, string> = {
  add: 'Addition to group attempted.',
  remove: 'Participant(s) removed successfully',
  promote: 'Successful promoted participant(s)',
  demote: 'Admin of participant(s) revoked successfully',
};

/** add/remove/promote/demote-participant-group's response. */
export function wppParticipantsReply(
  action: GroupParticipantAction,
  phone: unknown,
  groups: string[],
  results: GroupParticipantResult[][],
): WppGroupReply {
  const perGroup = results.map((r) => Object.fromEntries(r.map((p) => [wid(p.id), { code: p.status }])));
  return wppGroupReply(
    action === 'add'
      ? { message: WPP_PARTICIPANT_MESSAGES.add, participants: phone, groups, result: perGroup }
      : { message: WPP_PARTICIPANT_MESSAGES[action], participants: phone, groups: perGroup },
  );
}

/** create-group's response (catalog: message, group, groupInfo [{name, id: gid.user, participants}]). */
export function wppCreateGroupReply(name: unknown, created: GroupInfo[]): WppGroupReply {
  return wppGroupReply({
    message: 'Group(s) created successfully',
    group: name,
    groupInfo: created.map((g) => ({
      name: g.subject,
      id: g.id.split('@')[0],
      participants: g.participants.map((p) => ({ [wid(p.id)]: { code: 200 } })),
    })),
  });
}

export const wppInviteLink = (code: string) => `https://chat.whatsapp.com/${code}`;
