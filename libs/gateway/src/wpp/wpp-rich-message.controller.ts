import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { SendMessageCommand } from '@zapgate/contracts';
import {
  WppContactVcardDto,
  wppContactVcardMessages,
  WppDisconnectedReply,
  WppErrorResponses,
  wppLocationMessages,
  wppMentionedMessages,
  wppReplyMessages,
  WppSendLocationDto,
  WppSendMentionedDto,
  WppSendOneReply,
  wppSendOneReply,
  WppSendReply,
  wppSendReply,
  WppSendReplyDto,
  wppSentMessage,
  type WppMessageView,
} from '@zapgate/dialect-wppconnect';
import type { SentMessage } from '@zapgate/contracts';
import { BulkSendService } from '../core/bulk-send.service.js';
import { InstanceService } from '../core/instance.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const IN_ORDER =
  '404 when the session is not connected; 400 "O número X não existe." for numbers without WhatsApp. Recipients are sent to in order; the first failure ends the request. Several recipients are paced per instance (ZG_BULK_DELAY_MS, ±ZG_BULK_JITTER) as a job kept in storage: if the process stops or dies mid-way, the remaining recipients are sent after it starts again, none twice.';
const Disconnected = () =>
  ApiNotFoundResponse({
    description: 'The session is not connected, or (`message_not_found`) the quoted message is unknown',
    type: WppDisconnectedReply,
  });

/** Replies, mentions, locations and contact cards (catalog 4.2). */
@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppRichMessageController {
  constructor(
    private readonly instances: InstanceService,
    private readonly messaging: MessagingService,
    private readonly bulk: BulkSendService,
  ) {}

  @Post(':session/send-reply')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text quoting a message',
    description: `messageId is a message of this session (serialized or bare id); unknown: 404 \`message_not_found\`. ${IN_ORDER}`,
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @Disconnected()
  async reply(@WppSession() session: string, @Body() body: WppSendReplyDto): Promise<WppSendReply> {
    const commands = wppReplyMessages(session, body);
    return wppSendReply(session, await this.sendAll(session, commands, 'chat', body.message));
  }

  @Post(':session/send-mentioned')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text that mentions users',
    description: `mentioned are user ids (digits, @c.us or @lid); a group or malformed id is a 400. The response is the last recipient's message, not an array. ${IN_ORDER}`,
  })
  @ApiCreatedResponse({ type: WppSendOneReply })
  @Disconnected()
  async mentioned(
    @WppSession() session: string,
    @Body() body: WppSendMentionedDto,
  ): Promise<WppSendOneReply> {
    const sent = await this.sendAll(session, wppMentionedMessages(session, body), 'chat', body.message);
    return wppSendOneReply(session, sent[sent.length - 1]!);
  }

  @Post(':session/send-location')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a location',
    description: `lat -90 to 90, lng -180 to 180 (strings or numbers; anything else is a 400); title names the place. ${IN_ORDER}`,
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @Disconnected()
  async location(@WppSession() session: string, @Body() body: WppSendLocationDto): Promise<WppSendReply> {
    return wppSendReply(session, await this.sendAll(session, wppLocationMessages(session, body), 'location'));
  }

  @Post(':session/contact-vcard')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send contact cards',
    description: `One card per contactsId (numbers; zapgate writes each vCard); an empty list or a non-number is a 400. The response is the last recipient's message. ${IN_ORDER}`,
  })
  @ApiOkResponse({ type: WppSendOneReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async contactVcard(
    @WppSession() session: string,
    @Body() body: WppContactVcardDto,
  ): Promise<WppSendOneReply> {
    const sent = await this.sendAll(session, wppContactVcardMessages(session, body), 'vcard');
    return wppSendOneReply(session, sent[sent.length - 1]!);
  }

  /** The commands (checked before anything is sent) to a connected session, one after the other. */
  private async sendAll(
    session: string,
    commands: SendMessageCommand[],
    type: string,
    body = '',
  ): Promise<WppMessageView[]> {
    const { me } = await this.instances.requireConnected(session);
    const sent: SentMessage[] = await this.bulk.sendEachUntilFailure(commands, (c) => this.messaging.send(c));
    return sent.map((s): WppMessageView => wppSentMessage(s, me?.id, type, body));
  }
}
