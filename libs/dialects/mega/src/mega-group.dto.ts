import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type GroupInfo,
  type GroupParticipantAction,
  type GroupParticipantResult,
  type GroupsServiceCommands,
  type GroupSetting,
} from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsObject,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { megaGroup } from './mega-webhook.renderer.js';

/**
 * mega-API's group routes (catalog 6): request bodies (`{group_data: {...}}`), their canonical
 * requests to the groups service, and the replies. mega's group reply bodies are not confirmed by
 * any source: groups are Baileys' `GroupMetadata` (`id`, `subject`, `desc`, `participants: [{id,
 * admin}]`), the shape the n8n node reads, inside mega's `{error: false, message}`.
 */

export class MegaCreateGroupDataDto {
  @ApiProperty({ example: 'Team', description: 'The group subject (1 to 100 characters)' })
  @IsString({ message: 'group_data.group_name must be a string' })
  @Length(1, 100, { message: 'group_data.group_name must be 1 to 100 characters' })
  group_name!: string;

  @ApiProperty({
    example: ['5511999999999@s.whatsapp.net'],
    description: 'Members to add: numbers or full jids',
  })
  @IsArray({ message: 'group_data.participants must be an array' })
  @ArrayMaxSize(1_024)
  participants!: unknown[];
}

/** `group/{k}/create`: `{"group_data": {"group_name", "participants"}}`. */
export class MegaCreateGroupDto {
  @ApiProperty({ type: MegaCreateGroupDataDto })
  @IsDefined({ message: 'group_data is required' })
  @IsObject({ message: 'group_data must be an object' })
  @ValidateNested()
  @Type(() => MegaCreateGroupDataDto)
  group_data!: MegaCreateGroupDataDto;
}

export class MegaGroupParticipantsDataDto {
  @ApiProperty({ example: '120363042378568057@g.us', description: 'The group' })
  @IsString({ message: 'group_data.jid must be a string' })
  @Length(1, 128)
  jid!: string;

  @ApiProperty({
    example: ['5511999999999@s.whatsapp.net'],
    description: 'Numbers or full jids (both accepted)',
  })
  @IsArray({ message: 'group_data.participants must be an array' })
  @ArrayMaxSize(1_024)
  participants!: unknown[];
}

/** add/remove/promote/demoteParticipants: `{"group_data": {"jid", "participants"}}`. */
export class MegaGroupParticipantsDto {
  @ApiProperty({ type: MegaGroupParticipantsDataDto })
  @IsDefined({ message: 'group_data is required' })
  @IsObject({ message: 'group_data must be an object' })
  @ValidateNested()
  @Type(() => MegaGroupParticipantsDataDto)
  group_data!: MegaGroupParticipantsDataDto;
}

/** A group jid from a query or body: `<id>@g.us` (bare ids get the suffix). */
export function megaGroupJid(input: unknown, name = 'jid'): string {
  if (input === undefined || input === null || input === '')
    throw new DomainError(ErrorCode.ValidationFailed, `${name} is required (the group, <id>@g.us)`);
  if (typeof input === 'string' && input.includes('@') && !input.trim().endsWith('@g.us'))
    throw new DomainError(ErrorCode.ValidationFailed, `${name} must be a group (<id>@g.us)`);
  return normalizeRecipient(input, { group: true });
}

/** Members: numbers or user jids (groups refused). */
function members(list: unknown[]): string[] {
  const out = list.map((p) => normalizeRecipient(p));
  if (out.some((j) => j.endsWith('@g.us')))
    throw new DomainError(ErrorCode.ValidationFailed, 'participants must be people, not groups');
  return [...new Set(out)];
}

export function megaCreateGroup(
  instance: string,
  body: MegaCreateGroupDto,
): GroupsServiceCommands['create-group']['request'] {
  return {
    instance,
    subject: body.group_data.group_name,
    participants: members(body.group_data.participants),
  };
}

export function megaGroupParticipants(
  instance: string,
  body: MegaGroupParticipantsDto,
  action: GroupParticipantAction,
): GroupsServiceCommands['update-group-participants']['request'] {
  const participants = members(body.group_data.participants);
  if (!participants.length)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'group_data.participants must name at least one member',
    );
  return { instance, group: megaGroupJid(body.group_data.jid, 'group_data.jid'), action, participants };
}

/** `allowOnlyAdmins` of setWhoCanSendMessage / setWhoCanChangeSettings: true/false (also "1"/"0"). */
export function megaAllowOnlyAdmins(value: unknown): boolean {
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  throw new DomainError(ErrorCode.ValidationFailed, 'allowOnlyAdmins must be true or false');
}

export function megaWhoCanSend(instance: string, jid: unknown, allowOnlyAdmins: unknown) {
  const setting: GroupSetting = megaAllowOnlyAdmins(allowOnlyAdmins) ? 'announcement' : 'not_announcement';
  return { instance, group: megaGroupJid(jid), setting };
}

export function megaWhoCanChangeSettings(instance: string, jid: unknown, allowOnlyAdmins: unknown) {
  const setting: GroupSetting = megaAllowOnlyAdmins(allowOnlyAdmins) ? 'locked' : 'unlocked';
  return { instance, group: megaGroupJid(jid), setting };
}

// ---- replies ----

export class MegaGroupParticipantView {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  id!: string;

  @ApiProperty({ example: 'admin', nullable: true, enum: ['admin', 'superadmin'] })
  admin!: 'admin' | 'superadmin' | null;

  @ApiPropertyOptional({
    example: '123456789012345@lid',
    description: 'The LID, when the group uses phone numbers',
  })
  lid?: string;

  @ApiPropertyOptional({
    example: '5511999999999@s.whatsapp.net',
    description: 'The phone number, when the group uses LIDs',
  })
  phoneNumber?: string;
}

export class MegaGroupView {
  @ApiProperty({ example: '120363042378568057@g.us' })
  id!: string;

  @ApiProperty({ example: 'Team' })
  subject!: string;

  @ApiPropertyOptional({ example: '5511999999999@s.whatsapp.net' })
  owner?: string;

  @ApiPropertyOptional({ example: 1795404000, description: 'Seconds since epoch' })
  creation?: number;

  @ApiPropertyOptional({ example: 'Rules: be nice' })
  desc?: string;

  @ApiProperty({ example: false, description: 'Only admins change settings' })
  restrict!: boolean;

  @ApiProperty({ example: false, description: 'Only admins send messages' })
  announce!: boolean;

  @ApiProperty({ example: 2 })
  size!: number;

  @ApiProperty({ type: [MegaGroupParticipantView] })
  participants!: MegaGroupParticipantView[];
}

export class MegaGroupListReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Groups' })
  message!: string;

  @ApiProperty({ type: [MegaGroupView] })
  groups!: MegaGroupView[];
}

export class MegaGroupReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Group metadata' })
  message!: string;

  @ApiProperty({ type: MegaGroupView })
  data!: MegaGroupView;
}

export class MegaGroupParticipantResultView {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  jid!: string;

  @ApiProperty({
    example: '200',
    description: "WhatsApp's status for this member (200 done, 403 refused, 409 already in)",
  })
  status!: string;
}

export class MegaGroupParticipantsReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Participants added' })
  message!: string;

  @ApiProperty({ type: [MegaGroupParticipantResultView] })
  data!: MegaGroupParticipantResultView[];
}

export class MegaGroupInviteCodeReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Group invite code' })
  message!: string;

  @ApiProperty({ example: 'HJ2zoW8Kx0Z4wQk9bD3y1A' })
  code!: string;

  @ApiProperty({ example: 'https://chat.whatsapp.com/HJ2zoW8Kx0Z4wQk9bD3y1A' })
  link!: string;
}

/** A group for a reply; without participants for `adminGroups`. */
function view(g: GroupInfo, withParticipants = true): MegaGroupView {
  const full = megaGroup(g) as unknown as MegaGroupView;
  if (withParticipants) return full;
  const { participants, ...rest } = full;
  void participants;
  return rest as MegaGroupView;
}

export const megaGroupList = (
  groups: GroupInfo[],
  withParticipants = true,
  message = 'Groups',
): MegaGroupListReply => ({
  error: false,
  message,
  groups: groups.map((g) => view(g, withParticipants)),
});

export const megaGroupReply = (g: GroupInfo, message = 'Group metadata'): MegaGroupReply => ({
  error: false,
  message,
  data: view(g),
});

const PARTICIPANT_MESSAGES: Record<GroupParticipantAction, string> = {
  add: 'Participants added',
  remove: 'Participants removed',
  promote: 'Participants promoted',
  demote: 'Participants demoted',
};

export const megaGroupParticipantsReply = (
  action: GroupParticipantAction,
  results: GroupParticipantResult[],
): MegaGroupParticipantsReply => ({
  error: false,
  message: PARTICIPANT_MESSAGES[action],
  data: results.map((r) => ({ jid: r.id, status: String(r.status) })),
});

export const megaInviteCodeReply = (code: string): MegaGroupInviteCodeReply => ({
  error: false,
  message: 'Group invite code',
  code,
  link: `https://chat.whatsapp.com/${code}`,
});
