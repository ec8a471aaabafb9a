import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type ChatInfo, type ContactInfo } from '@zapgate/contracts';
import {
  wppActionReply,
  WppActionReply,
  WppArchiveChatDto,
  wppArchive,
  WppBlockContactDto,
  wppBlocklist,
  WppBlocklistReply,
  WppChangeUsernameDto,
  WppStatusReply,
  wppClear,
  wppChatResult,
  WppChatResultReply,
  WppChatTargetDto,
  wppDelete,
  wppNumberStatus,
  WppNumberStatusReply,
  wppChats,
  WppChatsReply,
  WppChatView,
  wppChatView,
  WppContactReply,
  WppContactsReply,
  wppContactView,
  WppDeviceReply,
  WppDisconnectedReply,
  WppErrorReply,
  WppErrorResponses,
  WppListChatsDto,
  wppListChats,
  wppMessageObject,
  WppMessagesReply,
  type WppMessageView,
  wppMute,
  wppPathChat,
  wppPin,
  WppPinChatDto,
  wppPnLid,
  WppPnLidReply,
  wppProfilePic,
  WppProfilePicReply,
  wppProfileStatus,
  WppProfileStatusDto,
  WppProfileStatusReply,
  WppSendMuteDto,
  wppUsername,
  wid,
} from '@zapgate/dialect-wppconnect';
import type { StoredMessage } from '@zapgate/storage';
import { ChatService } from '../core/chat.service.js';
import { InstanceService } from '../core/instance.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { MessageReadService } from '../core/message-read.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const Disconnected = () =>
  ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply });
const AppState = () =>
  ApiResponse({
    status: 501,
    description:
      'WhatsApp makes this change through app-state sync, which needs the app-state key the phone shares with its linked devices; a session that has not received it cannot',
    type: WppErrorReply,
  });
const FROM_STORE =
  'From the chat store the session keeps from WhatsApp (live events and the history sync of a new link).';
/** The most messages load-messages-in-chat answers (the newest). */
const LOADED_MESSAGES = 1_000;
const PHONE = {
  name: 'phone',
  example: '5511999999999',
  description: 'Bare digits (`@c.us` appended), or a full id',
};

@ApiTags('WPPConnect: chats and contacts')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppChatController {
  constructor(
    private readonly instances: InstanceService,
    private readonly chats: ChatService,
    private readonly reads: MessageReadService,
    private readonly messaging: MessagingService,
  ) {}

  @Get(':session/all-chats')
  @ApiOperation({ summary: 'Every chat (deprecated by WPPConnect)', description: FROM_STORE })
  @ApiOkResponse({ type: WppChatsReply })
  @Disconnected()
  async allChats(@WppSession() session: string): Promise<WppChatsReply> {
    return { status: 'success', response: await this.views(session, { instance: session }), mapper: 'chat' };
  }

  @Post(':session/list-chats')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Chats, filtered (raw array)',
    description: `${FROM_STORE} Newest activity first; \`id\` + \`direction\` page from a chat (an unknown one is a 404).`,
  })
  @ApiOkResponse({ type: [WppChatView] })
  @Disconnected()
  async listChats(@WppSession() session: string, @Body() body: WppListChatsDto): Promise<WppChatView[]> {
    return this.views(session, wppListChats(session, body));
  }

  @Get(':session/all-chats-archived')
  @HttpCode(201)
  @ApiOperation({ summary: 'Archived chats (raw array, 201 as WPPConnect answers)', description: FROM_STORE })
  @ApiCreatedResponse({ type: [WppChatView] })
  @Disconnected()
  async archived(@WppSession() session: string): Promise<WppChatView[]> {
    return this.views(session, { instance: session, archived: true });
  }

  @Get(':session/all-chats-with-messages')
  @ApiOperation({ summary: 'Chats that have messages (deprecated by WPPConnect)', description: FROM_STORE })
  @ApiOkResponse({ type: WppChatsReply })
  @Disconnected()
  async withMessages(@WppSession() session: string): Promise<WppChatsReply> {
    return {
      status: 'success',
      response: await this.views(session, { instance: session, withMessages: true }),
    };
  }

  @Get(':session/chat-by-id/:phone')
  @ApiOperation({
    summary: 'One chat (raw)',
    description: `${FROM_STORE} A chat the store does not have: 404.`,
  })
  @ApiParam(PHONE)
  @ApiQuery({ name: 'isGroup', required: false, example: false })
  @ApiOkResponse({ type: WppChatView })
  @Disconnected()
  async chatById(
    @WppSession() session: string,
    @Param('phone') phone: string,
    @Query('isGroup') isGroup?: string,
  ): Promise<WppChatView> {
    const chat = wppPathChat(phone, isGroup);
    await this.instances.requireConnected(session);
    const found = await this.chats.get(session, chat);
    return wppChatView(found, await this.contactOf(session, found));
  }

  @Get(':session/all-messages-in-chat/:phone')
  @ApiOperation({
    summary: "A chat's messages from the message store, oldest first",
    description:
      'The newest 500; includeMe=false leaves this session’s own out. includeNotifications is accepted.',
  })
  @ApiParam(PHONE)
  @ApiQuery({ name: 'isGroup', required: false, example: false })
  @ApiQuery({ name: 'includeMe', required: false, example: true })
  @ApiOkResponse({ type: WppMessagesReply })
  @Disconnected()
  async allMessagesInChat(
    @WppSession() session: string,
    @Param('phone') phone: string,
    @Query('isGroup') isGroup?: string,
    @Query('includeMe') includeMe?: string,
  ): Promise<WppMessagesReply> {
    const chat = wppPathChat(phone, isGroup);
    const { me } = await this.instances.requireConnected(session);
    const stored = await this.chats.chatMessages(session, chat, 500, includeMe !== 'false');
    return { status: 'success', response: this.messages(session, stored, me?.id) };
  }

  @Get(':session/all-new-messages')
  @ApiOperation({
    summary: 'New messages: the received messages not read yet',
    description:
      "wa-js `getAllNewMessages` answers the messages WhatsApp Web flagged `isNewMsg`: received while the page ran, in chats with unread messages. zapgate keeps no page: a message is new while it is unread, so this is each chat's newest received messages up to its unread count (at most 100 a chat) from the message store, oldest first per chat, the same messages as all-unread-messages. Reading a chat (send-seen, or on another linked device) makes them old.",
  })
  @ApiOkResponse({ type: WppMessagesReply })
  @Disconnected()
  async allNew(@WppSession() session: string): Promise<WppMessagesReply> {
    return this.unread(session);
  }

  @Get(':session/load-messages-in-chat/:phone')
  @ApiOperation({
    summary: "All of a chat's messages, oldest first (deprecated by WPPConnect)",
    description:
      'WPPConnect loads earlier messages into WhatsApp Web, then answers all it has (its own included: includeMe and includeNotifications are read from the path, so they keep their defaults true and false). zapgate answers from the message store (live messages and the history sync of the link), the newest 1000, its own included; it asks the phone for nothing older. `:phone` is bare digits (`@c.us` appended, as WPPConnect does) or a full id. A chat the session does not have is a 404.',
  })
  @ApiParam(PHONE)
  @ApiOkResponse({ type: WppMessagesReply })
  @Disconnected()
  async loadMessagesInChat(
    @WppSession() session: string,
    @Param('phone') phone: string,
  ): Promise<WppMessagesReply> {
    const chat = wppPathChat(phone);
    const { me } = await this.instances.requireConnected(session);
    await this.chats.get(session, chat);
    const stored = await this.chats.chatMessages(session, chat, LOADED_MESSAGES, true);
    return { status: 'success', response: this.messages(session, stored, me?.id) };
  }

  @Get(':session/all-unread-messages')
  @ApiOperation({
    summary: 'Unread messages of every chat',
    description:
      "Each chat's newest unread received messages (its unread count, up to 100) from the message store.",
  })
  @ApiOkResponse({ type: WppMessagesReply })
  @Disconnected()
  async allUnread(@WppSession() session: string): Promise<WppMessagesReply> {
    return this.unread(session);
  }

  @Get(':session/unread-messages')
  @ApiOperation({ summary: 'Unread messages of every chat (deprecated by WPPConnect)' })
  @ApiOkResponse({ type: WppMessagesReply })
  @Disconnected()
  async unreadMessages(@WppSession() session: string): Promise<WppMessagesReply> {
    return this.unread(session);
  }

  @Post(':session/archive-chat')
  @HttpCode(201)
  @ApiOperation({ summary: 'Archive (value true, default) or unarchive chats' })
  @ApiCreatedResponse({ type: WppChatsReply })
  @AppState()
  @Disconnected()
  async archive(@WppSession() session: string, @Body() body: WppArchiveChatDto): Promise<WppChatsReply> {
    const commands = wppChats(body).map((chat) => wppArchive(session, chat, body.value ?? true));
    await this.instances.requireConnected(session);
    const done: ChatInfo[] = [];
    for (const command of commands) done.push(await this.chats.modify(command));
    return { status: 'success', response: done.map((c) => wppChatView(c)) };
  }

  @Post(':session/pin-chat')
  @HttpCode(200)
  @ApiOperation({
    summary: "Pin (state: the string 'true') or unpin chats",
    description: "WPPConnect-server's quirk is kept: only the string 'true' pins, a JSON true unpins.",
  })
  @ApiOkResponse({ type: WppActionReply })
  @AppState()
  @Disconnected()
  async pin(@WppSession() session: string, @Body() body: WppPinChatDto): Promise<WppActionReply> {
    const commands = wppChats(body).map((chat) => wppPin(session, chat, body.state));
    await this.instances.requireConnected(session);
    for (const command of commands) await this.chats.modify(command);
    return wppActionReply('Chat fixed');
  }

  @Post(':session/send-mute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mute chats for `time` minutes, hours (default) or days' })
  @ApiOkResponse({ type: WppChatsReply })
  @AppState()
  @Disconnected()
  async mute(@WppSession() session: string, @Body() body: WppSendMuteDto): Promise<WppChatsReply> {
    const commands = wppChats(body).map((chat) => wppMute(session, chat, body));
    await this.instances.requireConnected(session);
    const done: ChatInfo[] = [];
    for (const command of commands) done.push(await this.chats.modify(command));
    return { status: 'success', response: done.map((c) => wppChatView(c)) };
  }

  @Post(':session/clear-chat')
  @HttpCode(201)
  @ApiOperation({ summary: "Clear chats' messages (on every device of the account)" })
  @ApiCreatedResponse({ type: WppChatResultReply })
  @AppState()
  @Disconnected()
  async clearChat(
    @WppSession() session: string,
    @Body() body: WppChatTargetDto,
  ): Promise<WppChatResultReply> {
    const chats = wppChats(body);
    await this.instances.requireConnected(session);
    for (const chat of chats) await this.chats.modify(wppClear(session, chat));
    return wppChatResult(session, chats);
  }

  @Post(':session/delete-chat')
  @HttpCode(201)
  @ApiOperation({ summary: 'Delete chats (on every device of the account)' })
  @ApiCreatedResponse({ type: WppChatResultReply })
  @AppState()
  @Disconnected()
  async deleteChat(
    @WppSession() session: string,
    @Body() body: WppChatTargetDto,
  ): Promise<WppChatResultReply> {
    const chats = wppChats(body);
    await this.instances.requireConnected(session);
    for (const chat of chats) await this.chats.modify(wppDelete(session, chat));
    return wppChatResult(session, chats);
  }

  @Post(':session/archive-all-chats')
  @HttpCode(201)
  @ApiOperation({ summary: 'Archive every chat that is not archived' })
  @ApiCreatedResponse({ type: WppStatusReply })
  @AppState()
  @Disconnected()
  async archiveAll(@WppSession() session: string): Promise<WppStatusReply> {
    return this.everyChat(session, { archived: false }, (chat) => wppArchive(session, chat));
  }

  @Post(':session/clear-all-chats')
  @HttpCode(201)
  @ApiOperation({ summary: "Clear every chat's messages" })
  @ApiCreatedResponse({ type: WppStatusReply })
  @AppState()
  @Disconnected()
  async clearAll(@WppSession() session: string): Promise<WppStatusReply> {
    return this.everyChat(session, {}, (chat) => wppClear(session, chat));
  }

  @Post(':session/delete-all-chats')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete every chat' })
  @ApiOkResponse({ type: WppStatusReply })
  @AppState()
  @Disconnected()
  async deleteAll(@WppSession() session: string): Promise<WppStatusReply> {
    return this.everyChat(session, {}, (chat) => wppDelete(session, chat));
  }

  @Get(':session/list-mutes/:type')
  @ApiOperation({
    summary: 'Muted chats',
    description: "`type`: `all` (default), `chats` or `groups`. From the chat store's mute times.",
  })
  @ApiParam({ name: 'type', example: 'all', enum: ['all', 'chats', 'groups'] })
  @ApiOkResponse({ type: WppChatsReply })
  @Disconnected()
  async listMutes(@WppSession() session: string, @Param('type') type: string): Promise<WppChatsReply> {
    if (!['all', 'chats', 'groups'].includes(type))
      throw new DomainError(ErrorCode.ValidationFailed, 'type must be all, chats or groups');
    const kind =
      type === 'chats' ? { kind: 'user' as const } : type === 'groups' ? { kind: 'group' as const } : {};
    const now = Math.floor(Date.now() / 1000);
    const chats = await this.views(session, { instance: session, ...kind });
    return {
      status: 'success',
      response: chats.filter((c) => c.muteExpiration === -1 || c.muteExpiration > now),
    };
  }

  @Get(':session/check-number-status/:phone')
  @ApiOperation({
    summary: 'Whether a number is on WhatsApp',
    description:
      'A number without WhatsApp is a 200 with `numberExists: false, status: 404`, as wppconnect answers.',
  })
  @ApiParam(PHONE)
  @ApiOkResponse({ type: WppNumberStatusReply })
  @Disconnected()
  async checkNumberStatus(
    @WppSession() session: string,
    @Param('phone') phone: string,
  ): Promise<WppNumberStatusReply> {
    const jid = wppPathChat(phone);
    if (!jid.endsWith('@s.whatsapp.net'))
      throw new DomainError(ErrorCode.ValidationFailed, 'phone must be a phone number');
    await this.instances.requireConnected(session);
    const [found] = await this.messaging.checkNumbers(session, [jid.split('@')[0]!]);
    const known = found?.exists
      ? await this.chats.contact(session, found.jid ?? jid).catch(() => undefined)
      : undefined;
    return wppNumberStatus(jid, found ?? { exists: false }, !!known?.business);
  }

  @Get(':session/all-contacts')
  @ApiOperation({
    summary: 'Every contact',
    description: `${FROM_STORE} Saved contacts (history sync) and everyone who wrote, with their push names.`,
  })
  @ApiOkResponse({ type: WppContactsReply })
  @Disconnected()
  async allContacts(@WppSession() session: string): Promise<WppContactsReply> {
    await this.instances.requireConnected(session);
    return { status: 'success', response: (await this.chats.contacts(session)).map(wppContactView) };
  }

  @Get(':session/contact/pn-lid/:pnLid')
  @ApiOperation({
    summary: "A contact's phone number and LID (raw)",
    description: 'A contact the store does not have: 404.',
  })
  @ApiParam({ name: 'pnLid', example: '5511999999999', description: 'A phone number or a LID' })
  @ApiOkResponse({ type: WppPnLidReply })
  @Disconnected()
  async pnLid(@WppSession() session: string, @Param('pnLid') pnLid: string): Promise<WppPnLidReply> {
    if (!pnLid?.trim())
      throw new DomainError(ErrorCode.ValidationFailed, 'Phone Number or LID (pnLid) parameter is required', {
        wppBody: { status: 'error', message: 'Phone Number or LID (pnLid) parameter is required' },
      });
    const jid = wppPathChat(pnLid);
    await this.instances.requireConnected(session);
    return wppPnLid(await this.chats.contact(session, jid));
  }

  @Get(':session/contact/:phone')
  @ApiOperation({ summary: 'One contact', description: 'A contact the store does not have: 404.' })
  @ApiParam(PHONE)
  @ApiOkResponse({ type: WppContactReply })
  @Disconnected()
  async contact(@WppSession() session: string, @Param('phone') phone: string): Promise<WppContactReply> {
    const jid = wppPathChat(phone);
    await this.instances.requireConnected(session);
    return { status: 'success', response: wppContactView(await this.chats.contact(session, jid)) };
  }

  @Get(':session/blocklist')
  @ApiOperation({
    summary: 'The blocked numbers',
    description: 'As WhatsApp last told the session (asked on every connect).',
  })
  @ApiOkResponse({ type: WppBlocklistReply })
  @Disconnected()
  async blocklist(@WppSession() session: string): Promise<WppBlocklistReply> {
    await this.instances.requireConnected(session);
    return wppBlocklist(await this.chats.blocklist(session));
  }

  @Post(':session/block-contact')
  @HttpCode(200)
  @ApiOperation({ summary: 'Block contacts' })
  @ApiOkResponse({ type: WppActionReply })
  @Disconnected()
  async block(@WppSession() session: string, @Body() body: WppBlockContactDto): Promise<WppActionReply> {
    await this.blockAll(session, body, true);
    return wppActionReply('Contact blocked');
  }

  @Post(':session/unblock-contact')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unblock contacts' })
  @ApiOkResponse({ type: WppActionReply })
  @Disconnected()
  async unblock(@WppSession() session: string, @Body() body: WppBlockContactDto): Promise<WppActionReply> {
    await this.blockAll(session, body, false);
    return wppActionReply('Contact UnBlocked');
  }

  @Get(':session/profile-pic/:phone')
  @ApiOperation({
    summary: "A contact's or group's profile picture",
    description:
      'Only `id` when there is no picture to see (none set, or hidden by privacy settings); `imgFull` and `eurl` the picture, `img` its small preview.',
  })
  @ApiParam(PHONE)
  @ApiQuery({ name: 'isGroup', required: false, example: false })
  @ApiOkResponse({ type: WppProfilePicReply })
  @Disconnected()
  async profilePic(
    @WppSession() session: string,
    @Param('phone') phone: string,
    @Query('isGroup') isGroup?: string,
  ): Promise<WppProfilePicReply> {
    const jid = wppPathChat(phone, isGroup);
    await this.instances.requireConnected(session);
    const full = await this.chats.profilePicture(session, jid);
    const preview = full ? await this.chats.profilePicture(session, jid, true) : undefined;
    return wppProfilePic(jid, full, preview);
  }

  @Get(':session/profile-status/:phone')
  @ApiOperation({ summary: "A contact's about text", description: '"" when WhatsApp shows none.' })
  @ApiParam(PHONE)
  @ApiOkResponse({ type: WppProfileStatusReply })
  @Disconnected()
  async profileStatus(
    @WppSession() session: string,
    @Param('phone') phone: string,
  ): Promise<WppProfileStatusReply> {
    const jid = wppPathChat(phone);
    if (jid.endsWith('@g.us')) throw new DomainError(ErrorCode.ValidationFailed, 'groups have no about text');
    await this.instances.requireConnected(session);
    return wppProfileStatus(await this.chats.profileStatus(session, jid));
  }

  @Post(':session/profile-status')
  @HttpCode(200)
  @ApiOperation({ summary: "Set this session's about text" })
  @ApiOkResponse({ type: WppActionReply })
  @Disconnected()
  async setProfileStatus(
    @WppSession() session: string,
    @Body() body: WppProfileStatusDto,
  ): Promise<WppActionReply> {
    await this.instances.requireConnected(session);
    await this.chats.setProfileStatus(session, body.status);
    return { status: 'success', response: { message: body.status } } as unknown as WppActionReply;
  }

  @Post(':session/change-username')
  @HttpCode(200)
  @ApiOperation({
    summary: "Set this session's push name",
    description: 'A WhatsApp app-state change: 501 without the app-state key.',
  })
  @ApiOkResponse({ type: WppActionReply })
  @AppState()
  @Disconnected()
  async changeUsername(
    @WppSession() session: string,
    @Body() body: WppChangeUsernameDto,
  ): Promise<WppActionReply> {
    const name = wppUsername(body.name);
    await this.instances.requireConnected(session);
    await this.chats.setProfileName(session, name);
    return { status: 'success', response: { message: name } } as unknown as WppActionReply;
  }

  @Get(':session/get-phone-number')
  @ApiOperation({ summary: "This session's WhatsApp id" })
  @ApiOkResponse({ type: WppDeviceReply })
  @Disconnected()
  async phoneNumber(@WppSession() session: string): Promise<WppDeviceReply> {
    const { me } = await this.instances.requireConnected(session);
    return { status: 'success', response: me ? wid(me.id) : null, mapper: 'device' };
  }

  @Get(':session/host-device')
  @ApiOperation({
    summary: "This session's account and device",
    description:
      "What a linked device knows: the id, the push name, the phone number and the phone's platform as WhatsApp named it at pairing (`smba`/`smbi` for WhatsApp Business, `android`, `iphone`…); no battery or phone model.",
  })
  @ApiOkResponse({ type: WppDeviceReply })
  @Disconnected()
  async hostDevice(@WppSession() session: string): Promise<WppDeviceReply> {
    const { me } = await this.instances.requireConnected(session);
    const id = me ? wid(me.id) : null;
    return {
      status: 'success',
      response: {
        id,
        wid: id,
        ...(me?.lid ? { lid: me.lid } : {}),
        pushname: me?.name ?? null,
        platform: me?.platform ?? null,
        connected: true,
        phoneNumber: id,
      },
      mapper: 'device',
    };
  }

  /** One modification of every chat the query lists (the first refusal ends it). */
  private async everyChat(
    session: string,
    query: Omit<Parameters<ChatService['list']>[0], 'instance'>,
    command: (chat: string) => Parameters<ChatService['modify']>[0],
  ): Promise<WppStatusReply> {
    await this.instances.requireConnected(session);
    for (const chat of await this.chats.list({ instance: session, ...query, limit: 1_000 }))
      await this.chats.modify(command(chat.id));
    return { status: 'success' };
  }

  private async blockAll(session: string, body: WppBlockContactDto, block: boolean): Promise<void> {
    const jids = wppChats(body);
    if (jids.some((j) => j.endsWith('@g.us')))
      throw new DomainError(ErrorCode.ValidationFailed, 'groups cannot be blocked: block a contact');
    await this.instances.requireConnected(session);
    for (const jid of jids) await this.chats.block(session, jid, block);
  }

  private async views(session: string, query: Parameters<ChatService['list']>[0]): Promise<WppChatView[]> {
    await this.instances.requireConnected(session);
    const chats = await this.chats.list(query);
    const contacts = new Map<string, ContactInfo>();
    for (const c of await this.chats.contacts(session))
      for (const j of [c.id, c.pn, c.lid]) if (j) contacts.set(j, c);
    return chats.map((c) => wppChatView(c, contacts.get(c.id)));
  }

  private async contactOf(session: string, chat: ChatInfo): Promise<ContactInfo | undefined> {
    if (chat.isGroup) return undefined;
    return this.chats.contact(session, chat.id).catch(() => undefined);
  }

  private async unread(session: string): Promise<WppMessagesReply> {
    const { me } = await this.instances.requireConnected(session);
    return {
      status: 'success',
      response: this.messages(session, await this.chats.unreadMessages(session), me?.id),
    };
  }

  private messages(session: string, stored: StoredMessage[], me: string | undefined): WppMessageView[] {
    return stored.flatMap((m) => {
      const received = this.reads.received(m, me);
      return received
        ? [
            wppMessageObject(received, {
              key: session,
              ...(me ? { me: { id: me } } : {}),
            }) as unknown as WppMessageView,
          ]
        : [];
    });
  }
}
