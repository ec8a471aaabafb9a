import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type CommunityParticipantAction } from '@zapgate/contracts';
import {
  wppCommunityCreated,
  WppCommunityIdDto,
  wppCommunityId,
  wppCommunityMembers,
  wppCommunityParticipants,
  WppCommunityParticipantsDto,
  wppCommunityParticipantsReply,
  WppCommunitySubgroupsDto,
  wppCommunitySubgroups,
  WppCreateCommunityDto,
  wppCreateCommunity,
  WppDisconnectedReply,
  WppErrorReply,
  WppErrorResponses,
  wppSubgroupsReply,
} from '@zapgate/dialect-wppconnect';
import { GroupsService } from '../core/groups.service.js';
import { InstanceService } from '../core/instance.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const Disconnected = () =>
  ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply });
const REFUSALS =
  'WPPConnect answers the raw library result (no status wrapper). A community this number is not in is a 404; what only admins may do, asked by a member, is a 403.';

/** WPPConnect-server's community routes (catalog 4.6): thin, over `GroupsService`. */
@ApiTags('WPPConnect: community')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppCommunityController {
  constructor(
    private readonly instances: InstanceService,
    private readonly groups: GroupsService,
  ) {}

  private async connected(session: string): Promise<void> {
    await this.instances.requireConnected(session);
  }

  @Post(':session/create-community')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create a community, linking groupIds to it',
    description: `Answers the community (gid, subject, description, participants) and each group's link outcome in subGroups (code 200 linked; 403 this number is not an admin of it; 404 not found). ${REFUSALS}`,
  })
  @ApiOkResponse({ description: 'The new community and the groups linked' })
  @Disconnected()
  async create(
    @WppSession() session: string,
    @Body() body: WppCreateCommunityDto,
  ): Promise<Record<string, unknown>> {
    const request = wppCreateCommunity(body);
    await this.connected(session);
    return wppCommunityCreated(await this.groups.call('create-community', { instance: session, ...request }));
  }

  @Post(':session/deactivate-community')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a community (not supported: 501)' })
  @ApiResponse({
    status: 501,
    description: 'Baileys has no way to deactivate a community',
    type: WppErrorReply,
  })
  deactivate(@Body() body: WppCommunityIdDto): never {
    wppCommunityId(body.id);
    throw new DomainError(
      ErrorCode.NotImplemented,
      'deactivating a community is not supported: Baileys (7.0.0-rc14) has no way to do it',
    );
  }

  @Post(':session/add-community-subgroup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Link groups to a community',
    description: `Answers each group's outcome: {id, result: {<group>: {code}}} (200 linked). ${REFUSALS}`,
  })
  @ApiOkResponse({ description: "Each group's outcome" })
  @Disconnected()
  addSubgroup(@WppSession() session: string, @Body() body: WppCommunitySubgroupsDto) {
    return this.subgroups(session, body, 'link');
  }

  @Post(':session/remove-community-subgroup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unlink groups from a community',
    description: `Answers each group's outcome: {id, result: {<group>: {code}}} (200 unlinked). ${REFUSALS}`,
  })
  @ApiOkResponse({ description: "Each group's outcome" })
  @Disconnected()
  removeSubgroup(@WppSession() session: string, @Body() body: WppCommunitySubgroupsDto) {
    return this.subgroups(session, body, 'unlink');
  }

  private async subgroups(
    session: string,
    body: WppCommunitySubgroupsDto,
    action: 'link' | 'unlink',
  ): Promise<Record<string, unknown>> {
    const community = wppCommunityId(body.id);
    const groups = wppCommunitySubgroups(body.groupsIds);
    await this.connected(session);
    const results = await this.groups.call('update-community-groups', {
      instance: session,
      community,
      action,
      groups,
    });
    return wppSubgroupsReply(community, results);
  }

  @Post(':session/promote-community-participant')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make community members admins',
    description: `Answers each participant's outcome: {id, result: {<wid>: {code}}} (200 done). ${REFUSALS}`,
  })
  @ApiOkResponse({ description: "Each participant's outcome" })
  @Disconnected()
  promote(@WppSession() session: string, @Body() body: WppCommunityParticipantsDto) {
    return this.participants(session, body, 'promote');
  }

  @Post(':session/demote-community-participant')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take admin from community members',
    description: `Answers each participant's outcome: {id, result: {<wid>: {code}}} (200 done). ${REFUSALS}`,
  })
  @ApiOkResponse({ description: "Each participant's outcome" })
  @Disconnected()
  demote(@WppSession() session: string, @Body() body: WppCommunityParticipantsDto) {
    return this.participants(session, body, 'demote');
  }

  private async participants(
    session: string,
    body: WppCommunityParticipantsDto,
    action: CommunityParticipantAction,
  ): Promise<Record<string, unknown>> {
    const community = wppCommunityId(body.id);
    const participants = wppCommunityParticipants(body.participantsId);
    await this.connected(session);
    const results = await this.groups.call('update-community-participants', {
      instance: session,
      community,
      action,
      participants,
    });
    return wppCommunityParticipantsReply(community, results);
  }

  @Get(':session/community-participants/:id')
  @ApiOperation({
    summary: "A community's members (raw list of Wids with isAdmin)",
    description: `A group that is not a community is a 400. ${REFUSALS}`,
  })
  @ApiOkResponse({ description: 'A raw array of {id: Wid, isAdmin, isSuperAdmin}' })
  @Disconnected()
  async members(@WppSession() session: string, @Param('id') id: string): Promise<Record<string, unknown>[]> {
    const community = wppCommunityId(id);
    await this.connected(session);
    return wppCommunityMembers(await this.groups.call('get-group', { instance: session, group: community }));
  }
}
