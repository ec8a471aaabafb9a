import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { GroupParticipantAction } from '@zapgate/contracts';
import {
  megaAck,
  MegaAckReply,
  megaCreateGroup,
  MegaCreateGroupDto,
  MegaErrorResponses,
  megaGroupJid,
  megaGroupList,
  MegaGroupListReply,
  megaGroupParticipants,
  megaGroupParticipantsReply,
  MegaGroupParticipantsDto,
  MegaGroupParticipantsReply,
  megaGroupReply,
  MegaGroupReply,
  MegaGroupInviteCodeReply,
  megaInviteCodeReply,
  megaWhoCanChangeSettings,
  megaWhoCanSend,
} from '@zapgate/dialect-mega';
import { GroupsService } from '../core/groups.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const MEMBERS =
  'Body `{"group_data": {"jid": "<id>@g.us", "participants": [...]}}`; participants as numbers or full jids. `data` has WhatsApp\'s status per member (200 done, 403 refused, 409 already in). Only admins may change members: WhatsApp\'s refusal is a 403.';

/** mega-API `/rest/group/...` (catalog 6): thin, over `GroupsService`. */
@ApiTags('mega-API: group')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/group')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaGroupController {
  constructor(private readonly groups: GroupsService) {}

  @Get('list/:instance_key')
  @ApiOperation({
    summary: 'List groups',
    description:
      'Every group this number is in, with participants and roles (Baileys GroupMetadata). Answered from the groups read model while fresh.',
  })
  @ApiOkResponse({ type: MegaGroupListReply })
  async list(@Param('instance_key') key: string): Promise<MegaGroupListReply> {
    return megaGroupList(await this.groups.call('list-groups', { instance: key }));
  }

  @Get(':instance_key/adminGroups')
  @ApiOperation({ summary: 'Groups where this number is admin', description: 'Without participants.' })
  @ApiOkResponse({ type: MegaGroupListReply })
  async adminGroups(@Param('instance_key') key: string): Promise<MegaGroupListReply> {
    return megaGroupList(await this.groups.listAdminGroups(key), false, 'Admin groups');
  }

  @Get(':instance_key/adminGroupsWithParticipants')
  @ApiOperation({ summary: 'Groups where this number is admin, with participants' })
  @ApiOkResponse({ type: MegaGroupListReply })
  async adminGroupsWithParticipants(@Param('instance_key') key: string): Promise<MegaGroupListReply> {
    return megaGroupList(await this.groups.listAdminGroups(key), true, 'Admin groups');
  }

  @Get([':instance_key/group', ':instance_key/group/'])
  @ApiOperation({
    summary: 'Group metadata',
    description:
      '`?jid=<id>@g.us` (also with the trailing slash, `group/?jid=`, as the PHP and n8n clients call it). A group this number is not in is a 404.',
  })
  @ApiQuery({ name: 'jid', example: '120363042378568057@g.us' })
  @ApiOkResponse({ type: MegaGroupReply })
  async group(@Param('instance_key') key: string, @Query('jid') jid?: string): Promise<MegaGroupReply> {
    return megaGroupReply(await this.groups.call('get-group', { instance: key, group: megaGroupJid(jid) }));
  }

  @Get(':instance_key/groupInviteCode')
  @ApiOperation({
    summary: "The group's invite code",
    description: '`?group_id=<id>@g.us`; admins only (403 otherwise).',
  })
  @ApiQuery({ name: 'group_id', example: '120363042378568057@g.us' })
  @ApiOkResponse({ type: MegaGroupInviteCodeReply })
  async inviteCode(
    @Param('instance_key') key: string,
    @Query('group_id') groupId?: string,
  ): Promise<MegaGroupInviteCodeReply> {
    const { code } = await this.groups.call('get-group-invite-code', {
      instance: key,
      group: megaGroupJid(groupId, 'group_id'),
    });
    return megaInviteCodeReply(code);
  }

  @Post(':instance_key/create')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create a group',
    description: 'Body `{"group_data": {"group_name", "participants"}}`; this number is its super admin.',
  })
  @ApiOkResponse({ type: MegaGroupReply })
  async create(
    @Param('instance_key') key: string,
    @Body() body: MegaCreateGroupDto,
  ): Promise<MegaGroupReply> {
    return megaGroupReply(
      await this.groups.call('create-group', megaCreateGroup(key, body)),
      'Group created',
    );
  }

  private participants(key: string, body: MegaGroupParticipantsDto, action: GroupParticipantAction) {
    return this.groups
      .call('update-group-participants', megaGroupParticipants(key, body, action))
      .then((results) => megaGroupParticipantsReply(action, results));
  }

  @Post(':instance_key/addParticipants')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add participants', description: MEMBERS })
  @ApiOkResponse({ type: MegaGroupParticipantsReply })
  add(@Param('instance_key') key: string, @Body() body: MegaGroupParticipantsDto) {
    return this.participants(key, body, 'add');
  }

  @Post(':instance_key/removeParticipants')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove participants', description: `${MEMBERS} DELETE is accepted too.` })
  @ApiOkResponse({ type: MegaGroupParticipantsReply })
  remove(@Param('instance_key') key: string, @Body() body: MegaGroupParticipantsDto) {
    return this.participants(key, body, 'remove');
  }

  @Delete(':instance_key/removeParticipants')
  @ApiOperation({ summary: 'Remove participants (DELETE, as some clients send it)', description: MEMBERS })
  @ApiOkResponse({ type: MegaGroupParticipantsReply })
  removeByDelete(@Param('instance_key') key: string, @Body() body: MegaGroupParticipantsDto) {
    return this.participants(key, body, 'remove');
  }

  @Post(':instance_key/promoteParticipants')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make participants admins', description: MEMBERS })
  @ApiOkResponse({ type: MegaGroupParticipantsReply })
  promote(@Param('instance_key') key: string, @Body() body: MegaGroupParticipantsDto) {
    return this.participants(key, body, 'promote');
  }

  @Post(':instance_key/demoteParticipants')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take admin from participants',
    description: `${MEMBERS} DELETE is accepted too.`,
  })
  @ApiOkResponse({ type: MegaGroupParticipantsReply })
  demote(@Param('instance_key') key: string, @Body() body: MegaGroupParticipantsDto) {
    return this.participants(key, body, 'demote');
  }

  @Delete(':instance_key/demoteParticipants')
  @ApiOperation({
    summary: 'Take admin from participants (DELETE, as some clients send it)',
    description: MEMBERS,
  })
  @ApiOkResponse({ type: MegaGroupParticipantsReply })
  demoteByDelete(@Param('instance_key') key: string, @Body() body: MegaGroupParticipantsDto) {
    return this.participants(key, body, 'demote');
  }

  @Put(':instance_key/setWhoCanSendMessage')
  @ApiOperation({
    summary: 'Who may send messages',
    description: '`?jid=<group>&allowOnlyAdmins=true|false`, no body: true makes an announcement group.',
  })
  @ApiQuery({ name: 'jid', example: '120363042378568057@g.us' })
  @ApiQuery({ name: 'allowOnlyAdmins', example: 'true' })
  @ApiOkResponse({ type: MegaAckReply })
  async setWhoCanSendMessage(
    @Param('instance_key') key: string,
    @Query('jid') jid?: string,
    @Query('allowOnlyAdmins') allowOnlyAdmins?: string,
  ): Promise<MegaAckReply> {
    await this.groups.call('set-group-setting', megaWhoCanSend(key, jid, allowOnlyAdmins));
    return megaAck('Group settings updated');
  }

  @Put(':instance_key/setWhoCanChangeSettings')
  @ApiOperation({
    summary: "Who may change the group's settings",
    description: '`?jid=<group>&allowOnlyAdmins=true|false`, no body.',
  })
  @ApiQuery({ name: 'jid', example: '120363042378568057@g.us' })
  @ApiQuery({ name: 'allowOnlyAdmins', example: 'true' })
  @ApiOkResponse({ type: MegaAckReply })
  async setWhoCanChangeSettings(
    @Param('instance_key') key: string,
    @Query('jid') jid?: string,
    @Query('allowOnlyAdmins') allowOnlyAdmins?: string,
  ): Promise<MegaAckReply> {
    await this.groups.call('set-group-setting', megaWhoCanChangeSettings(key, jid, allowOnlyAdmins));
    return megaAck('Group settings updated');
  }

  @Delete(':instance_key/leaveGroup')
  @ApiOperation({ summary: 'Leave a group', description: '`?jid=<group>`, no body.' })
  @ApiQuery({ name: 'jid', example: '120363042378568057@g.us' })
  @ApiOkResponse({ type: MegaAckReply })
  async leaveGroup(@Param('instance_key') key: string, @Query('jid') jid?: string): Promise<MegaAckReply> {
    await this.groups.call('leave-group', { instance: key, group: megaGroupJid(jid) });
    return megaAck('Left the group');
  }
}
