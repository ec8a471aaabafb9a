import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { GroupView, PhoneGroupEvent } from '../groups/phone-groups.js';
import type { SimGroupView } from '../groups/sim-group-view.js';
import { WaSimulator } from '../wa-simulator.js';
import { OkDto } from './control-result.dto.js';
import { ApiSimErrors } from './error-body.dto.js';
import {
  CreateGroupDto,
  GroupParticipantsDto,
  GroupViewDto,
  InviteCodeDto,
  JoinGroupDto,
  JoinResultDto,
  ParticipantResultDto,
  PhoneGroupEventDto,
  SimGroupViewDto,
  UpdateGroupDto,
} from './group.dto.js';
import { NUMBER_PARAM, PhoneNumberPipe } from './phone-number.pipe.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

const GROUP_PARAM = {
  name: 'group',
  example: '120363298765432101@g.us',
  description: 'The group: its id or its …@g.us jid',
};
const VIA_CLIENT =
  "The phone does it through its own Baileys client: the same w:g2 query any WhatsApp client sends, so what comes back is what the client parsed. WhatsApp's refusals come back as 409 group_refused with its code (403 not a member, 401 not an admin).";

@ApiTags('sandbox: groups')
@Controller('sandbox')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class GroupsController {
  constructor(private readonly sim: WaSimulator) {}

  @Get('groups')
  @ApiOperation({ summary: 'Every group and community on the simulated network, as the server holds it' })
  @ApiOkResponse({ type: [SimGroupViewDto] })
  list(): SimGroupView[] {
    return this.sim.listGroups();
  }

  @Get('groups/:group')
  @ApiOperation({ summary: 'One group as the server holds it (members, roles, settings, invite code)' })
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: SimGroupViewDto })
  @ApiSimErrors(400, 404)
  get(@Param('group') group: string): SimGroupView {
    return this.sim.getGroup(group);
  }

  @Post('phones/:number/groups')
  @ApiOperation({
    summary: 'The phone creates a group with these members and is its superadmin',
    description: `${VIA_CLIENT} Every member's devices get the w:gp2 create notification. Send to it with POST /sandbox/phones/{number}/messages and "to" the group jid.`,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiCreatedResponse({ type: GroupViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  create(@Param('number', PhoneNumberPipe) number: string, @Body() body: CreateGroupDto): Promise<GroupView> {
    return this.sim.createGroupFromPhone(number, body.subject, body.participants);
  }

  @Get('phones/:number/groups')
  @ApiOperation({
    summary: 'The groups the phone is in (groupFetchAllParticipating)',
    description: VIA_CLIENT,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: [GroupViewDto] })
  @ApiSimErrors(400, 404, 503)
  groups(@Param('number', PhoneNumberPipe) number: string): Promise<GroupView[]> {
    return this.sim.groupsOfPhone(number);
  }

  @Get('phones/:number/group-events')
  @ApiOperation({
    summary: 'The group notifications the phone received, oldest first',
    description:
      "What the phone's client emitted for each w:gp2 notification: groups.upsert (created), groups.update (updated), group-participants.update (participants) and group.join-request.",
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: [PhoneGroupEventDto] })
  @ApiSimErrors(400, 404)
  events(@Param('number', PhoneNumberPipe) number: string): PhoneGroupEvent[] {
    return this.sim.groupEventsOf(number);
  }

  @Post('phones/:number/groups/join')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone joins a group by invite code (groupAcceptInvite)',
    description: `${VIA_CLIENT} With join approval on, the phone only asks to join: pending is true. An unknown code is group_refused 406, a revoked one 410.`,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: JoinResultDto })
  @ApiSimErrors(400, 404, 409, 503)
  join(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: JoinGroupDto,
  ): Promise<{ jid?: string; pending: boolean }> {
    return this.sim.joinGroupFromPhone(number, body.code);
  }

  @Post('phones/:number/groups/invite-info')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What the phone sees of a group from its invite code (groupGetInviteInfo)',
    description: VIA_CLIENT,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiOkResponse({ type: GroupViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  inviteInfo(
    @Param('number', PhoneNumberPipe) number: string,
    @Body() body: JoinGroupDto,
  ): Promise<GroupView> {
    return this.sim.groupInviteInfoFromPhone(number, body.code);
  }

  @Get('phones/:number/groups/:group')
  @ApiOperation({
    summary: "The group's metadata as the phone fetches it (groupMetadata)",
    description: VIA_CLIENT,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: GroupViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  metadata(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('group') group: string,
  ): Promise<GroupView> {
    return this.sim.groupMetadataFromPhone(number, group);
  }

  @Post('phones/:number/groups/:group/participants')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone adds, removes, promotes or demotes members (groupParticipantsUpdate)',
    description: `${VIA_CLIENT} Answers WhatsApp's status per member.`,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: [ParticipantResultDto] })
  @ApiSimErrors(400, 404, 409, 503)
  participants(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('group') group: string,
    @Body() body: GroupParticipantsDto,
  ): Promise<{ jid: string; status: string }[]> {
    return this.sim.updateGroupParticipantsFromPhone(number, group, body.action, body.participants);
  }

  @Post('phones/:number/groups/:group/settings')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone changes the subject, description, announcement or locked setting',
    description: `${VIA_CLIENT} Answers the group's metadata afterwards.`,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: GroupViewDto })
  @ApiSimErrors(400, 404, 409, 503)
  settings(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('group') group: string,
    @Body() body: UpdateGroupDto,
  ): Promise<GroupView> {
    return this.sim.updateGroupFromPhone(number, group, body);
  }

  @Get('phones/:number/groups/:group/invite')
  @ApiOperation({
    summary: "The group's invite code (groupInviteCode; admins only)",
    description: VIA_CLIENT,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: InviteCodeDto })
  @ApiSimErrors(400, 404, 409, 503)
  async invite(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('group') group: string,
  ): Promise<InviteCodeDto> {
    return { code: await this.sim.groupInviteFromPhone(number, group) };
  }

  @Post('phones/:number/groups/:group/invite/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The phone revokes the invite code and gets a new one (groupRevokeInvite; admins only)',
    description: `${VIA_CLIENT} Joining with the old code answers 410 from then on.`,
  })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: InviteCodeDto })
  @ApiSimErrors(400, 404, 409, 503)
  async revokeInvite(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('group') group: string,
  ): Promise<InviteCodeDto> {
    return { code: await this.sim.groupInviteFromPhone(number, group, true) };
  }

  @Post('phones/:number/groups/:group/leave')
  @HttpCode(200)
  @ApiOperation({ summary: 'The phone leaves the group (groupLeave)', description: VIA_CLIENT })
  @ApiParam(NUMBER_PARAM)
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: OkDto })
  @ApiSimErrors(400, 404, 409, 503)
  async leave(
    @Param('number', PhoneNumberPipe) number: string,
    @Param('group') group: string,
  ): Promise<OkDto> {
    await this.sim.leaveGroupFromPhone(number, group);
    return { ok: true };
  }
}
