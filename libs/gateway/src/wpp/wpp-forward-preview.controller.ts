import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiNotImplementedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  WppDisconnectedReply,
  WppErrorReply,
  WppErrorResponses,
  WppForwardMessagesDto,
  WppForwardReply,
  wppForwardReply,
  wppForwards,
  wppLinkPreviewMessages,
  wppLinkPreviewText,
  WppSendLinkPreviewDto,
  WppSendReply,
  wppSendReply,
  wppSentMessage,
  WppStarMessageDto,
  WppStarReply,
  wppStarReply,
  type WppMessageView,
  wppMessageRef,
} from '@zapgate/dialect-wppconnect';
import { BulkSendService } from '../core/bulk-send.service.js';
import { ForwardPreviewService } from '../core/forward-preview.service.js';
import { InstanceService } from '../core/instance.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { StatusActionService } from '../core/status-action.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

/** Forwards, stars and texts with a link preview (catalog 4.2). */
@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppForwardPreviewController {
  constructor(
    private readonly instances: InstanceService,
    private readonly forwards: ForwardPreviewService,
    private readonly messaging: MessagingService,
    private readonly bulk: BulkSendService,
    private readonly statuses: StatusActionService,
  ) {}

  @Post(':session/forward-messages')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Forward messages',
    description:
      'Each messageId (serialized or bare) is forwarded, in order, to the first phone (received messages arrive labelled Forwarded; this account own messages are copied without the label, as WhatsApp does); the response has one message per id. An id this session does not have is a 404 `message_not_found`; the first failure ends the request.',
  })
  @ApiCreatedResponse({ type: WppForwardReply })
  @ApiNotFoundResponse({
    description: 'The session is not connected, or (`message_not_found`) a message is unknown',
    type: WppDisconnectedReply,
  })
  async forwardMessages(
    @WppSession() session: string,
    @Body() body: WppForwardMessagesDto,
  ): Promise<WppForwardReply> {
    const commands = wppForwards(session, body);
    const { me } = await this.instances.requireConnected(session);
    const response: WppMessageView[] = [];
    for (const command of commands)
      response.push(wppSentMessage(await this.forwards.forward(command), me?.id, 'chat'));
    return wppForwardReply(session, response);
  }

  @Post(':session/star-message')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Star or unstar a message',
    description:
      "Stars (star true, the default) or unstars the message on this account: WhatsApp keeps stars as app-state patches synced to the account's other devices (the phone shows the star). A message this session never saw (or past retention) is a 404 `message_not_found`; a session that has not received the app-state key its phone shares with linked devices answers 501 with the reason.",
  })
  @ApiOkResponse({ type: WppStarReply })
  @ApiNotImplementedResponse({ description: 'The session has no app-state key', type: WppErrorReply })
  @ApiNotFoundResponse({
    description: 'The session is not connected, or (`message_not_found`) the message is unknown',
    type: WppDisconnectedReply,
  })
  async starMessage(@WppSession() session: string, @Body() body: WppStarMessageDto): Promise<WppStarReply> {
    const ref = wppMessageRef(body.messageId);
    const star = body.star ?? true;
    await this.instances.requireConnected(session);
    await this.statuses.star(session, ref.id, ref.chat, star);
    return wppStarReply(body.messageId, star);
  }

  @Post(':session/send-link-preview')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text with a link preview',
    description:
      'zapgate fetches url (under the URL policy, a few seconds at most) and sends its title, description and image as the preview of the caption (the url is added after the caption when missing); when the page fails the text goes without a preview. WhatsApp clients may still show their own preview or none. 404 when the session is not connected; recipients are sent to in order, the first failure ending the request. Several recipients are paced per instance (ZG_BULK_DELAY_MS, ±ZG_BULK_JITTER) as a job kept in storage: if the process stops or dies mid-way, the remaining recipients are sent after it starts again, none twice.',
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async sendLinkPreview(
    @WppSession() session: string,
    @Body() body: WppSendLinkPreviewDto,
  ): Promise<WppSendReply> {
    const commands = wppLinkPreviewMessages(session, body);
    const text = wppLinkPreviewText(body);
    const { me } = await this.instances.requireConnected(session);
    // the same caption to each: the preview is made once, then sent like any send to many
    const { command: first } = await this.forwards.withPreview(commands[0]!, body.url.trim());
    const ready = commands.map((c) => ({ ...c, content: first.content }));
    const sent = await this.bulk.sendEachUntilFailure(ready, (c) => this.messaging.send(c));
    return wppSendReply(
      session,
      sent.map((s): WppMessageView => wppSentMessage(s, me?.id, 'chat', text)),
    );
  }
}
