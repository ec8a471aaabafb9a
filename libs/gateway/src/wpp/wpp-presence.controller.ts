import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type PresenceInfo } from '@zapgate/contracts';
import {
  WppDisconnectedReply,
  WppErrorResponses,
  WppIsOnlineReply,
  wppIsOnline,
  wppLastSeen,
  WppLastSeenReply,
  wppOnlinePresence,
  wppPathChat,
  wppPresenceTargets,
  WppPresenceReply,
  WppSetOnlinePresenceDto,
  WppSubscribePresenceDto,
} from '@zapgate/dialect-wppconnect';
import { ChatService } from '../core/chat.service.js';
import { InstanceService } from '../core/instance.service.js';
import { MessageActionService } from '../core/message-action.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const Disconnected = () =>
  ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply });
const SEEN =
  'From the latest presence the session saw since it connected: WhatsApp sends presence live, to subscribed sessions (`subscribe-presence`), and keeps no history a linked device can ask for.';
const PHONE = {
  name: 'phone',
  example: '5511999999999',
  description: 'Bare digits (`@c.us` appended), or a full user id',
};

/** WPPConnect's presence routes: subscribe to a contact's presence, go online, read what was seen. */
@ApiTags('WPPConnect: chats and contacts')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppPresenceController {
  constructor(
    private readonly instances: InstanceService,
    private readonly chats: ChatService,
    private readonly actions: MessageActionService,
  ) {}

  @Post(':session/subscribe-presence')
  @HttpCode(200)
  @ApiOperation({
    summary: "Subscribe to contacts' presence",
    description:
      '`onpresencechanged` webhooks follow for those contacts while the session is connected. `all: true`: every user chat in the chat store. Groups: 501.',
  })
  @ApiOkResponse({ type: WppPresenceReply })
  @Disconnected()
  async subscribe(
    @WppSession() session: string,
    @Body() body: WppSubscribePresenceDto,
  ): Promise<WppPresenceReply> {
    wppPresenceTargets(body); // the request's own mistakes first
    await this.instances.requireConnected(session);
    const chats = body.all ? await this.chats.list({ instance: session, kind: 'user', limit: 1_000 }) : [];
    await this.chats.subscribePresence(session, wppPresenceTargets(body, chats));
    return { status: 'success', response: { message: 'Subscribe presence executed' } };
  }

  @Post(':session/set-online-presence')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Go online or offline',
    description: 'WhatsApp presence `available`/`unavailable`.',
  })
  @ApiOkResponse({ type: WppPresenceReply })
  @Disconnected()
  async setOnline(
    @WppSession() session: string,
    @Body() body: WppSetOnlinePresenceDto,
  ): Promise<WppPresenceReply> {
    await this.instances.requireConnected(session);
    await this.actions.presence(wppOnlinePresence(session, body));
    return { status: 'success', response: { message: 'Set Online Presence Successfully' } };
  }

  @Get(':session/chat-is-online/:phone')
  @ApiOperation({ summary: 'Whether a contact is online', description: SEEN })
  @ApiParam(PHONE)
  @ApiOkResponse({ type: WppIsOnlineReply })
  @Disconnected()
  async isOnline(@WppSession() session: string, @Param('phone') phone: string): Promise<WppIsOnlineReply> {
    return { status: 'success', response: wppIsOnline(await this.seen(session, phone)) };
  }

  @Get(':session/last-seen/:phone')
  @ApiOperation({
    summary: "A contact's last seen",
    description: `${SEEN} \`false\` when WhatsApp did not tell (hidden by the contact, or never seen); while online, the time the session saw it.`,
  })
  @ApiParam(PHONE)
  @ApiOkResponse({ type: WppLastSeenReply })
  @Disconnected()
  async lastSeen(@WppSession() session: string, @Param('phone') phone: string): Promise<WppLastSeenReply> {
    return { status: 'success', response: wppLastSeen(await this.seen(session, phone)) };
  }

  private async seen(session: string, phone: string): Promise<PresenceInfo> {
    const jid = wppPathChat(phone);
    if (jid.endsWith('@g.us'))
      throw new DomainError(ErrorCode.ValidationFailed, 'phone must be a contact, not a group');
    await this.instances.requireConnected(session);
    return this.chats.presence(session, jid);
  }
}
