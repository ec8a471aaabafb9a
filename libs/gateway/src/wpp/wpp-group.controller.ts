import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type GroupParticipantAction, type MediaReference } from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import {
  WppChangePrivacyDto,
  WppCreateGroupDto,
  wppCreateGroupReply,
  WppDisconnectedReply,
  WppErrorReply,
  WppErrorResponses,
  wppFlag,
  wppGroupChat,
  WppGroupDescriptionDto,
  WppGroupIdDto,
  wppGroupIds,
  wppGroupInfo,
  wppGroupMembers,
  wppGroupNames,
  WppGroupParticipantsDto,
  wppGroupProperty,
  WppGroupPropertyDto,
  WppGroupReply,
  wppGroupReply,
  WppGroupSubjectDto,
  WppGroupValueDto,
  wppGroupWid,
  WppInviteInfoDto,
  wppInviteCode,
  wppInviteLink,
  WppJoinCodeDto,
  wppParticipants,
  wppParticipantsReply,
  wppFileInput,
  WppGroupPicDto,
  wppGroupImageMandatory,
} from '@zapgate/dialect-wppconnect';
import { GroupsService } from '../core/groups.service.js';
import { InstanceService } from '../core/instance.service.js';
import type { DialectMediaInput } from '../core/media.service.js';
import { MediaUploadInterceptor, UploadedMedia } from '../core/media-upload.interceptor.js';
import { ProfileService } from '../core/profile.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const Disconnected = () =>
  ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply });
const NotImplemented = (description: string) =>
  ApiResponse({ status: 501, description, type: WppErrorReply });
const REFUSALS =
  'A group this number is not in is a 404; what only admins may do, asked by a member, is a 403 (WhatsApp refused).';

/** A `path` as the media intake takes it: a data URI is base64 text, anything else a URL. */
const pictureSource = (path: string): DialectMediaInput =>
  /^\s*data:/i.test(path) ? { base64: path.trim() } : { url: path.trim() };

/** WPPConnect-server's group routes (catalog 4.5): thin, over `GroupsService` (communities: WppCommunityController). */
@ApiTags('WPPConnect: group')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppGroupController {
  constructor(
    private readonly instances: InstanceService,
    private readonly groups: GroupsService,
    private readonly profiles: ProfileService,
  ) {}

  private async connected(session: string): Promise<void> {
    await this.instances.requireConnected(session);
  }

  @Get(':session/all-groups')
  @ApiOperation({
    summary: 'Every group this number is in (WA-Web group chats)',
    description: 'Deprecated in WPPConnect (list-chats).',
  })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async allGroups(@WppSession() session: string): Promise<WppGroupReply> {
    await this.connected(session);
    return wppGroupReply((await this.groups.call('list-groups', { instance: session })).map(wppGroupChat));
  }

  @Get(':session/group-members/:groupId')
  @ApiOperation({ summary: "A group's members (WA-Web contacts)", description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async members(@WppSession() session: string, @Param('groupId') groupId: string): Promise<WppGroupReply> {
    await this.connected(session);
    const [group] = wppGroupIds(groupId);
    return wppGroupReply(
      wppGroupMembers(await this.groups.call('get-group', { instance: session, group: group! })),
    );
  }

  @Get(':session/group-members-ids/:groupId')
  @ApiOperation({ summary: "A group's member ids (WA-Web Wids)", description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async memberIds(@WppSession() session: string, @Param('groupId') groupId: string): Promise<WppGroupReply> {
    await this.connected(session);
    const [group] = wppGroupIds(groupId);
    const g = await this.groups.call('get-group', { instance: session, group: group! });
    return wppGroupReply(g.participants.map((p) => wppGroupWid(p.id)));
  }

  @Get(':session/group-admins/:groupId')
  @ApiOperation({
    summary: "Each group's admins (Wids); several groups comma separated",
    description: REFUSALS,
  })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async admins(@WppSession() session: string, @Param('groupId') groupId: string): Promise<WppGroupReply> {
    await this.connected(session);
    const perGroup = [];
    for (const group of wppGroupIds(groupId)) {
      const g = await this.groups.call('get-group', { instance: session, group });
      perGroup.push(g.participants.filter((p) => p.role !== 'member').map((p) => wppGroupWid(p.id)));
    }
    return wppGroupReply(perGroup);
  }

  @Get(':session/group-info/:groupId')
  @ApiOperation({
    summary: 'A group: name, description, times, participants with isAdmin',
    description: REFUSALS,
  })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async info(@WppSession() session: string, @Param('groupId') groupId: string): Promise<WppGroupReply> {
    await this.connected(session);
    const [group] = wppGroupIds(groupId);
    return wppGroupReply(
      wppGroupInfo(await this.groups.call('get-group', { instance: session, group: group! })),
    );
  }

  @Get(':session/group-invite-link/:groupId')
  @ApiOperation({ summary: "The group's invite link (admins only)", description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async inviteLink(@WppSession() session: string, @Param('groupId') groupId: string): Promise<WppGroupReply> {
    await this.connected(session);
    const [group] = wppGroupIds(groupId);
    const { code } = await this.groups.call('get-group-invite-code', { instance: session, group: group! });
    return wppGroupReply(wppInviteLink(code));
  }

  @Get(':session/group-revoke-link/:groupId')
  @ApiOperation({
    summary: 'Revoke the invite link; answers the new one (admins only)',
    description: `WPPConnect answers \`"status": "Success"\` (capitalised) here. ${REFUSALS}`,
  })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async revokeLink(@WppSession() session: string, @Param('groupId') groupId: string): Promise<WppGroupReply> {
    await this.connected(session);
    const [group] = wppGroupIds(groupId);
    const { code } = await this.groups.call('revoke-group-invite-code', { instance: session, group: group! });
    return wppGroupReply(wppInviteLink(code), 'Success');
  }

  @Get(':session/common-groups/:wid')
  @ApiOperation({ summary: 'The groups this number shares with a contact (raw list of group Wids)' })
  @ApiOkResponse({ description: 'A raw array of Wids, no wrapper (as WPPConnect answers it)' })
  @Disconnected()
  async commonGroups(@WppSession() session: string, @Param('wid') contact: string): Promise<unknown[]> {
    await this.connected(session);
    const participant = normalizeRecipient(contact, { longNumbersAreLids: true });
    if (participant.endsWith('@g.us'))
      throw new DomainError(ErrorCode.ValidationFailed, 'wid must be a contact, not a group');
    const groups = await this.groups.call('list-common-groups', { instance: session, participant });
    return groups.map((g) => wppGroupWid(g.id));
  }

  @Post(':session/create-group')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a group (several names: several groups)' })
  @ApiResponse({ status: 201, type: WppGroupReply })
  @Disconnected()
  async create(@WppSession() session: string, @Body() body: WppCreateGroupDto): Promise<WppGroupReply> {
    const names = wppGroupNames(body.name);
    const participants =
      body.participants === '' || (Array.isArray(body.participants) && !body.participants.length)
        ? []
        : wppParticipants(body.participants);
    await this.connected(session);
    const created = [];
    for (const subject of names)
      created.push(await this.groups.call('create-group', { instance: session, subject, participants }));
    return wppCreateGroupReply(body.name, created);
  }

  @Post(':session/leave-group')
  @HttpCode(200)
  @ApiOperation({ summary: 'Leave a group', description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async leave(@WppSession() session: string, @Body() body: WppGroupIdDto): Promise<WppGroupReply> {
    const groups = wppGroupIds(body.groupId);
    await this.connected(session);
    for (const group of groups) await this.groups.call('leave-group', { instance: session, group });
    return wppGroupReply({ messages: 'Você saiu do grupo com sucesso', group: body.groupId });
  }

  @Post(':session/join-code')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Join a group by its invite code',
    description: 'An unknown or revoked code is a 404.',
  })
  @ApiResponse({ status: 201, type: WppGroupReply })
  @Disconnected()
  async joinCode(@WppSession() session: string, @Body() body: WppJoinCodeDto): Promise<WppGroupReply> {
    const code = wppInviteCode(body.inviteCode);
    await this.connected(session);
    await this.groups.call('join-group', { instance: session, code });
    return wppGroupReply({
      message: 'The informed contact(s) entered the group successfully',
      contact: body.inviteCode,
    });
  }

  private async participants(
    session: string,
    body: WppGroupParticipantsDto,
    action: GroupParticipantAction,
  ): Promise<WppGroupReply> {
    const groups = wppGroupIds(body.groupId);
    const participants = wppParticipants(body.phone);
    await this.connected(session);
    const results = [];
    for (const group of groups)
      results.push(
        await this.groups.call('update-group-participants', {
          instance: session,
          group,
          action,
          participants,
        }),
      );
    return wppParticipantsReply(action, body.phone, groups, results);
  }

  @Post(':session/add-participant-group')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add participants', description: REFUSALS })
  @ApiResponse({ status: 201, type: WppGroupReply })
  @Disconnected()
  add(@WppSession() session: string, @Body() body: WppGroupParticipantsDto) {
    return this.participants(session, body, 'add');
  }

  @Post(':session/remove-participant-group')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove participants', description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  remove(@WppSession() session: string, @Body() body: WppGroupParticipantsDto) {
    return this.participants(session, body, 'remove');
  }

  @Post(':session/promote-participant-group')
  @HttpCode(201)
  @ApiOperation({ summary: 'Make participants admins', description: REFUSALS })
  @ApiResponse({ status: 201, type: WppGroupReply })
  @Disconnected()
  promote(@WppSession() session: string, @Body() body: WppGroupParticipantsDto) {
    return this.participants(session, body, 'promote');
  }

  @Post(':session/demote-participant-group')
  @HttpCode(201)
  @ApiOperation({ summary: 'Take admin from participants', description: REFUSALS })
  @ApiResponse({ status: 201, type: WppGroupReply })
  @Disconnected()
  demote(@WppSession() session: string, @Body() body: WppGroupParticipantsDto) {
    return this.participants(session, body, 'demote');
  }

  @Post(':session/group-info-from-invite-link')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What an invite code leads to, without joining',
    description: 'An unknown or revoked code is a 404.',
  })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async inviteInfo(@WppSession() session: string, @Body() body: WppInviteInfoDto): Promise<WppGroupReply> {
    const code = wppInviteCode(body.invitecode, 'invitecode');
    await this.connected(session);
    return wppGroupReply(
      wppGroupInfo(await this.groups.call('get-group-invite-info', { instance: session, code })),
    );
  }

  @Post(':session/group-description')
  @HttpCode(200)
  @ApiOperation({ summary: "Set the group's description ('' removes it)", description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async description(
    @WppSession() session: string,
    @Body() body: WppGroupDescriptionDto,
  ): Promise<WppGroupReply> {
    if (typeof body.description !== 'string')
      throw new DomainError(ErrorCode.ValidationFailed, 'description must be a string');
    const groups = wppGroupIds(body.groupId);
    await this.connected(session);
    for (const group of groups)
      await this.groups.call('set-group-description', {
        instance: session,
        group,
        description: body.description,
      });
    return wppGroupReply({ message: 'Group description changed' });
  }

  @Post(':session/group-subject')
  @HttpCode(200)
  @ApiOperation({ summary: "Set the group's subject", description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async subject(@WppSession() session: string, @Body() body: WppGroupSubjectDto): Promise<WppGroupReply> {
    if (typeof body.title !== 'string' || !body.title.trim() || body.title.length > 100)
      throw new DomainError(ErrorCode.ValidationFailed, 'title must be 1 to 100 characters');
    const groups = wppGroupIds(body.groupId);
    await this.connected(session);
    for (const group of groups)
      await this.groups.call('set-group-subject', { instance: session, group, subject: body.title });
    return wppGroupReply({ message: 'Group subject changed' });
  }

  @Post(':session/group-property')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a group property',
    description: `announcement (only admins send) and restrict (only admins change settings); no_frequently_forwarded and ephemeral answer 501. ${REFUSALS}`,
  })
  @ApiOkResponse({ type: WppGroupReply })
  @NotImplemented('no_frequently_forwarded and ephemeral are not supported')
  @Disconnected()
  async property(@WppSession() session: string, @Body() body: WppGroupPropertyDto): Promise<WppGroupReply> {
    const setting = wppGroupProperty(body.property, body.value);
    const groups = wppGroupIds(body.groupId);
    await this.connected(session);
    for (const group of groups)
      await this.groups.call('set-group-setting', { instance: session, group, setting });
    return wppGroupReply({ message: 'Group property changed' });
  }

  @Post(':session/messages-admins-only')
  @HttpCode(200)
  @ApiOperation({ summary: 'Only admins send messages (value, default true)', description: REFUSALS })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async adminsOnly(@WppSession() session: string, @Body() body: WppGroupValueDto): Promise<WppGroupReply> {
    const groups = wppGroupIds(body.groupId);
    const setting = wppFlag(body.value) ? 'announcement' : 'not_announcement';
    await this.connected(session);
    for (const group of groups)
      await this.groups.call('set-group-setting', { instance: session, group, setting });
    return wppGroupReply({ message: 'Group messages admins only changed' });
  }

  @Post(':session/change-privacy-group')
  @HttpCode(200)
  @ApiOperation({
    summary: "Only admins change the group's settings (status, the string 'true')",
    description: `WPPConnect compares \`status\` with the string 'true': anything else turns it off. ${REFUSALS}`,
  })
  @ApiOkResponse({ type: WppGroupReply })
  @Disconnected()
  async privacy(@WppSession() session: string, @Body() body: WppChangePrivacyDto): Promise<WppGroupReply> {
    const groups = wppGroupIds(body.groupId);
    const setting = body.status === 'true' ? 'locked' : 'unlocked';
    await this.connected(session);
    for (const group of groups)
      await this.groups.call('set-group-setting', { instance: session, group, setting });
    return wppGroupReply({ message: 'Group privacy changed successfully' });
  }

  @Post(':session/group-pic')
  @HttpCode(201)
  @UseInterceptors(MediaUploadInterceptor('image'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: WppGroupPicDto })
  @ApiOperation({
    summary: "Set the group's picture",
    description: `\`groupId\` and the image (JPEG, PNG or WebP) from \`path\` (an http(s) URL or a data URI), else the multipart \`file\`; made WhatsApp's 640 px JPEG and every member gets WhatsApp's picture notification. Neither: 401 \`{"message": "Sending the image is mandatory"}\`; not an image: 400; too large: 413. ${REFUSALS}`,
  })
  @ApiCreatedResponse({ type: WppGroupReply })
  @Disconnected()
  async groupPic(
    @WppSession() session: string,
    @Body() body: WppGroupPicDto,
    @UploadedMedia() upload?: MediaReference,
  ): Promise<WppGroupReply> {
    const groups = wppGroupIds(body.groupId);
    if (!body.path?.trim() && !upload) throw wppGroupImageMandatory();
    const input = body.path?.trim() ? wppFileInput({ path: body.path }, false) : undefined;
    await this.connected(session);
    for (const group of groups) {
      // each group gets its own copy: the service deletes a picture once WhatsApp has it
      const media =
        input?.from === 'path' ? await this.profiles.takePicture(pictureSource(input.value)) : upload!;
      await this.profiles.setPicture(session, media, group);
    }
    return wppGroupReply({ message: 'Group profile photo successfully changed' });
  }

  @Get(':session/all-broadcast-list')
  @ApiOperation({ summary: 'Broadcast lists (not supported: 501)' })
  @NotImplemented('Broadcast lists cannot be read over the WhatsApp multi-device protocol')
  broadcastLists(): never {
    throw new DomainError(
      ErrorCode.NotImplemented,
      'broadcast lists live on the phone only: a linked device (Baileys) cannot read them',
    );
  }
}
