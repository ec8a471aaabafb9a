import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import type { GroupMemberView, GroupView, PhoneGroupEvent } from '../groups/phone-groups.js';
import type { SimGroupView } from '../groups/sim-group-view.js';

const MEMBERS_DESCRIPTION =
  'Members: numbers with country code, or user jids (@s.whatsapp.net, @c.us, @lid). A number not on the simulated network is sent as is: WhatsApp answers 404 for it.';

export class CreateGroupDto {
  @ApiProperty({ example: 'Orders', description: 'The group subject (name)' })
  @IsString()
  @Length(1, 100)
  subject!: string;

  @ApiProperty({ example: ['5511999990002', '5511999990003'], description: MEMBERS_DESCRIPTION })
  @IsArray()
  @ArrayMaxSize(1024)
  @IsString({ each: true })
  @Length(6, 64, { each: true })
  participants!: string[];
}

export class GroupParticipantsDto {
  @ApiProperty({ enum: ['add', 'remove', 'promote', 'demote'], example: 'add' })
  @IsIn(['add', 'remove', 'promote', 'demote'])
  action!: 'add' | 'remove' | 'promote' | 'demote';

  @ApiProperty({ example: ['5511999990004'], description: MEMBERS_DESCRIPTION })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1024)
  @IsString({ each: true })
  @Length(6, 64, { each: true })
  participants!: string[];
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ example: 'Orders 2026' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  subject?: string;

  @ApiPropertyOptional({ example: 'Where we talk orders', description: 'An empty string deletes it' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  description?: string;

  @ApiPropertyOptional({ example: true, description: 'Only admins send messages (announcement)' })
  @IsOptional()
  @IsBoolean()
  announce?: boolean;

  @ApiPropertyOptional({ example: false, description: "Only admins edit the group's info (locked)" })
  @IsOptional()
  @IsBoolean()
  locked?: boolean;
}

export class JoinGroupDto {
  @ApiProperty({
    example: 'F3mKqV2dJ0aTQy9xLw1bRc',
    description: 'The invite code (the end of chat.whatsapp.com/…)',
  })
  @IsString()
  @Length(1, 64)
  code!: string;
}

export class GroupMemberViewDto implements GroupMemberView {
  @ApiProperty({ example: '5511999990002@s.whatsapp.net' })
  jid!: string;

  @ApiPropertyOptional({ example: '170142219444387@lid' })
  lid?: string;

  @ApiProperty({ enum: ['admin', 'superadmin'], nullable: true, example: null })
  admin!: 'admin' | 'superadmin' | null;
}

export class GroupViewDto implements GroupView {
  @ApiProperty({ example: '120363298765432101@g.us' })
  jid!: string;

  @ApiProperty({ example: 'Orders' })
  subject!: string;

  @ApiPropertyOptional({ example: 'Where we talk orders' })
  description?: string;

  @ApiPropertyOptional({ example: '5511999990001@s.whatsapp.net', description: 'Its creator' })
  owner?: string;

  @ApiProperty({ example: 1767268800, description: 'Seconds since epoch' })
  creation!: number;

  @ApiProperty({ example: false, description: 'Only admins send messages' })
  announce!: boolean;

  @ApiProperty({ example: false, description: "Only admins edit the group's info" })
  locked!: boolean;

  @ApiProperty({ example: 0, description: 'Disappearing messages, seconds (0: off)' })
  ephemeral!: number;

  @ApiProperty({ example: false, description: 'Every member may add members' })
  memberAddAll!: boolean;

  @ApiProperty({ example: false, description: "Joining by link needs an admin's approval" })
  joinApproval!: boolean;

  @ApiProperty({ example: false, description: 'A community (parent group)' })
  community!: boolean;

  @ApiPropertyOptional({ example: '120363298765432100@g.us', description: 'The community it is linked to' })
  linkedParent?: string;

  @ApiProperty({ enum: ['lid', 'pn'], example: 'lid' })
  addressingMode!: 'lid' | 'pn';

  @ApiProperty({ example: 3 })
  size!: number;

  @ApiProperty({ type: [GroupMemberViewDto] })
  participants!: GroupMemberViewDto[];
}

export class ParticipantResultDto {
  @ApiProperty({ example: '5511999990004@s.whatsapp.net', description: 'The member as asked for' })
  jid!: string;

  @ApiProperty({
    example: '200',
    description:
      "WhatsApp's answer for this member: 200 done; 409 already a member; 404 not on WhatsApp or not a member",
  })
  status!: string;
}

export class InviteCodeDto {
  @ApiProperty({ example: 'F3mKqV2dJ0aTQy9xLw1bRc' })
  code!: string;
}

export class JoinResultDto {
  @ApiPropertyOptional({ example: '120363298765432101@g.us', description: 'The group joined' })
  jid?: string;

  @ApiProperty({ example: false, description: "True when joining waits for an admin's approval" })
  pending!: boolean;
}

export class PhoneGroupEventDto implements PhoneGroupEvent {
  @ApiProperty({ example: 1767268800000, description: 'When the phone saw it (ms since epoch)' })
  at!: number;

  @ApiProperty({ example: '120363298765432101@g.us' })
  group!: string;

  @ApiProperty({ enum: ['created', 'updated', 'participants', 'join-request'], example: 'participants' })
  type!: PhoneGroupEvent['type'];

  @ApiPropertyOptional({
    example: 'add',
    description:
      'participants: add, remove, promote, demote, modify; join-request: created, revoked, rejected',
  })
  action?: string;

  @ApiPropertyOptional({ example: '5511999990001@s.whatsapp.net', description: 'Who made the change' })
  author?: string;

  @ApiPropertyOptional({ type: [String], example: ['5511999990004@s.whatsapp.net'] })
  participants?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { subject: 'Orders 2026' },
    description: 'updated: subject, desc, announce, restrict, inviteCode, memberAddMode or joinApprovalMode',
  })
  changes?: Record<string, string | boolean | number | null>;
}

class SimGroupMemberDto {
  @ApiProperty({ example: '5511999990002@s.whatsapp.net' })
  jid!: string;

  @ApiProperty({ example: '170142219444387@lid' })
  lid!: string;

  @ApiProperty({ enum: ['member', 'admin', 'superadmin'], example: 'member' })
  role!: 'member' | 'admin' | 'superadmin';
}

export class SimGroupViewDto implements SimGroupView {
  @ApiProperty({ example: '120363298765432101@g.us' })
  jid!: string;

  @ApiProperty({ example: 'Orders' })
  subject!: string;

  @ApiPropertyOptional({ example: 'Where we talk orders' })
  description?: string;

  @ApiProperty({ example: '5511999990001@s.whatsapp.net' })
  creator!: string;

  @ApiProperty({ example: 1767268800 })
  creation!: number;

  @ApiProperty({ example: false })
  announce!: boolean;

  @ApiProperty({ example: false })
  locked!: boolean;

  @ApiProperty({ example: 0 })
  ephemeral!: number;

  @ApiProperty({ enum: ['admin_add', 'all_member_add'], example: 'admin_add' })
  memberAddMode!: 'admin_add' | 'all_member_add';

  @ApiProperty({ example: false })
  joinApproval!: boolean;

  @ApiProperty({ example: false })
  community!: boolean;

  @ApiPropertyOptional({ example: '120363298765432100@g.us' })
  linkedParent?: string;

  @ApiProperty({ example: 'F3mKqV2dJ0aTQy9xLw1bRc' })
  inviteCode!: string;

  @ApiProperty({ type: [SimGroupMemberDto] })
  participants!: SimGroupMemberDto[];

  @ApiProperty({
    type: [String],
    example: [],
    description: "Phone-number jids waiting for an admin's approval",
  })
  joinRequests!: string[];
}
