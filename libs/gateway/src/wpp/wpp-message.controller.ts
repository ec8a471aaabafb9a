import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  WppDisconnectedReply,
  WppErrorResponses,
  WppSendMessageDto,
  WppSendReply,
  wppSendReply,
  wppSentText,
  wppTextMessages,
  wppWantsLinkPreview,
} from '@zapgate/dialect-wppconnect';
import { ForwardPreviewService } from '../core/forward-preview.service.js';
import { InstanceService } from '../core/instance.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppMessageController {
  constructor(
    private readonly instances: InstanceService,
    private readonly messaging: MessagingService,
    private readonly previews: ForwardPreviewService,
  ) {}

  @Post(':session/send-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text to one or more numbers or groups',
    description:
      '404 when the session is not connected; 400 "O número X não existe." for numbers without WhatsApp; ' +
      '`options.quotedMsg` quotes a message of this session (404 when unknown), `options.mentionedList` mentions users, `options.linkPreview: true` previews the first link (title, description, image; without a preview when the page fails); ' +
      'any other option answers 501. Recipients are sent to in order; ' +
      'the first failure ends the request.',
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async send(@WppSession() session: string, @Body() body: WppSendMessageDto): Promise<WppSendReply> {
    const commands = wppTextMessages(session, body);
    const { me } = await this.instances.requireConnected(session);
    const preview = wppWantsLinkPreview(body.options);
    const response = [];
    for (const command of commands) {
      const sent = preview
        ? (await this.previews.sendWithPreview(command)).sent
        : await this.messaging.send(command);
      response.push(wppSentText(sent, me?.id, body.message));
    }
    return wppSendReply(session, response);
  }
}
