import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type CommunityCreated,
  type CommunityGroupResult,
  type GroupInfo,
  type GroupParticipantResult,
} from '@zapgate/contracts';
import { IsDefined, IsOptional } from 'class-validator';
import { wppGroupIds, wppGroupWid, wppParticipants } from './wpp-group.dto.js';
import { wid } from './wpp-webhook.renderer.js';

/**
 * WPPConnect-server's community routes (catalog 4.6): request bodies, their canonical requests and
 * the replies. WPPConnect answers the raw WA-JS result; zapgate answers the same facts as far as
 * a Baileys server knows them (an approximation, catalog 8.6).
 */

const COMMUNITY_ID = {
  example: '120363042378568099@g.us',
  description: 'The community (its parent group), with or without @g.us',
};
const GROUP_IDS = {
  example: ['120363042378568057@g.us'],
  description: 'Groups, with or without @g.us; an array or comma separated',
};

export class WppCreateCommunityDto {
  @ApiProperty({ example: 'Neighbours', description: "The community's name (1 to 100 characters)" })
  @IsDefined({ message: 'name is required' })
  name!: unknown;

  @ApiPropertyOptional({ example: 'Everything about the street' })
  @IsOptional()
  description?: unknown;

  @ApiPropertyOptional({ ...GROUP_IDS, description: `${GROUP_IDS.description}; linked after creating it` })
  @IsOptional()
  groupIds?: unknown;
}

export class WppCommunityIdDto {
  @ApiProperty(COMMUNITY_ID)
  @IsDefined({ message: 'id is required' })
  id!: unknown;
}

export class WppCommunitySubgroupsDto extends WppCommunityIdDto {
  @ApiProperty({ ...GROUP_IDS, description: `${GROUP_IDS.description} (WPPConnect spells it groupsIds)` })
  @IsDefined({ message: 'groupsIds is required' })
  groupsIds!: unknown;
}

export class WppCommunityParticipantsDto extends WppCommunityIdDto {
  @ApiProperty({
    example: ['5521999999999'],
    description: 'Numbers (more than 14 digits: a LID) or ids; an array or comma separated',
  })
  @IsDefined({ message: 'participantsId is required' })
  participantsId!: unknown;
}

/** A community id of a body or path (one group jid). */
export function wppCommunityId(input: unknown): string {
  if (typeof input !== 'string' && !Array.isArray(input))
    throw new DomainError(ErrorCode.ValidationFailed, 'id must be a community id');
  const ids = wppGroupIds(input);
  if (ids.length !== 1) throw new DomainError(ErrorCode.ValidationFailed, 'id must be one community');
  return ids[0]!;
}

/** create-community's canonical request fields (name, description, the groups to link). */
export function wppCreateCommunity(body: WppCreateCommunityDto): {
  subject: string;
  description: string;
  groups: string[];
} {
  const subject = typeof body.name === 'string' ? body.name.trim() : '';
  if (!subject || subject.length > 100)
    throw new DomainError(ErrorCode.ValidationFailed, 'name must be 1 to 100 characters');
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string')
    throw new DomainError(ErrorCode.ValidationFailed, 'description must be a string');
  const description = typeof body.description === 'string' ? body.description : '';
  if (description.length > 2_048)
    throw new DomainError(ErrorCode.ValidationFailed, 'description is at most 2048 characters');
  const none =
    body.groupIds === undefined ||
    body.groupIds === null ||
    body.groupIds === '' ||
    (Array.isArray(body.groupIds) && !body.groupIds.length);
  return { subject, description, groups: none ? [] : wppGroupIds(body.groupIds) };
}

/** groupsIds of add/remove-community-subgroup. */
export function wppCommunitySubgroups(input: unknown): string[] {
  try {
    return wppGroupIds(input);
  } catch {
    throw new DomainError(ErrorCode.ValidationFailed, 'groupsIds must name one group or more');
  }
}

/** participantsId of promote/demote-community-participant. */
export function wppCommunityParticipants(input: unknown): string[] {
  try {
    return wppParticipants(input);
  } catch {
    throw new DomainError(ErrorCode.ValidationFailed, 'participantsId must name one person or more');
  }
}

const groupResults = (results: CommunityGroupResult[]) =>
  Object.fromEntries(results.map((r) => [r.group, { code: r.status }]));

/** create-community's reply: the community (WA-JS's gid and subject) and each group's link outcome. */
export function wppCommunityCreated(created: CommunityCreated): Record<string, unknown> {
  const c = created.community;
  return {
    gid: wppGroupWid(c.id),
    subject: c.subject,
    description: c.description ?? '',
    isCommunity: true,
    participants: c.participants.map((p) => ({ [wid(p.id)]: { code: 200 } })),
    subGroups: groupResults(created.linked),
  };
}

/** add/remove-community-subgroup's reply: the community and each group's outcome (code 200 done). */
export function wppSubgroupsReply(
  community: string,
  results: CommunityGroupResult[],
): Record<string, unknown> {
  return { id: community, result: groupResults(results) };
}

/** promote/demote-community-participant's reply: each participant's outcome (code 200 done). */
export function wppCommunityParticipantsReply(
  community: string,
  results: GroupParticipantResult[],
): Record<string, unknown> {
  return {
    id: community,
    result: Object.fromEntries(results.map((r) => [wid(r.id), { code: r.status }])),
  };
}

/** community-participants' reply: the members as WA-Web Wids, their role, and the other form (PN or LID) when known. */
export function wppCommunityMembers(g: GroupInfo): Record<string, unknown>[] {
  if (!g.isCommunity)
    throw new DomainError(ErrorCode.ValidationFailed, `${g.id} is a group, not a community`);
  return g.participants.map((p) => ({
    id: wppGroupWid(p.id),
    isAdmin: p.role !== 'member',
    isSuperAdmin: p.role === 'superadmin',
    ...(p.alt ? { [p.id.endsWith('@lid') ? 'phoneNumber' : 'lid']: wid(p.alt) } : {}),
  }));
}
