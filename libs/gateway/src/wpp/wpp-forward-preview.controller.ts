import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiNotImplementedResponse,
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
  type WppMessageView,
} from '@zapgate/dialect-wppconnect';
import { ForwardPreviewService } from '../core/forward-preview.service.js';
import { InstanceService } from '../core/instance.service.js';
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
    summary: 'Star a message (not supported)',
    description:
      'Always 501: WhatsApp keeps stars in app-state patches synced between the account devices, which zapgate sessions do not keep.',
  })
  @ApiNotImplementedResponse({ description: 'Starring is not supported', type: WppErrorReply })
  async starMessage(@WppSession() session: string, @Body() body: WppStarMessageDto): Promise<never> {
    void body;
    return this.forwards.star(session);
  }

  @Post(':session/send-link-preview')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text with a link preview',
    description:
      'zapgate fetches url (under the URL policy, a few seconds at most) and sends its title, description and image as the preview of the caption (the url is added after the caption when missing); when the page fails the text goes without a preview. WhatsApp clients may still show their own preview or none. 404 when the session is not connected; recipients are sent to in order.',
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
    const response: WppMessageView[] = [];
    for (const command of commands) {
      const { sent } = await this.forwards.sendWithPreview(command, body.url.trim());
      response.push(wppSentMessage(sent, me?.id, 'chat', text));
    }
    return wppSendReply(session, response);
  }
}
