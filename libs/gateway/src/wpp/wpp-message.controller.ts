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
import { BulkSendService } from '../core/bulk-send.service.js';
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
    private readonly bulk: BulkSendService,
  ) {}

  @Post(':session/send-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text to one or more numbers or groups',
    description:
      '404 when the session is not connected; 400 "O número X não existe." for numbers without WhatsApp; ' +
      '`options.quotedMsg` quotes a message of this session (404 when unknown), `options.mentionedList` mentions users, `options.linkPreview: true` previews the first link (title, description, image; without a preview when the page fails); ' +
      'any other option answers 501. Recipients are sent to in order; ' +
      'the first failure ends the request. Several recipients are paced per instance (ZG_BULK_DELAY_MS, ±ZG_BULK_JITTER) as a job kept in storage: ' +
      'if the process stops or dies mid-way, the remaining recipients are sent after it starts again, none twice.',
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async send(@WppSession() session: string, @Body() body: WppSendMessageDto): Promise<WppSendReply> {
    const commands = wppTextMessages(session, body);
    const { me } = await this.instances.requireConnected(session);
    // the same text to each: its preview is made once
    const ready = wppWantsLinkPreview(body.options)
      ? await this.previews
          .withPreview(commands[0]!)
          .then(({ command }) => commands.map((c) => ({ ...c, content: command.content })))
      : commands;
    const sent = await this.bulk.sendEachUntilFailure(ready, (c) => this.messaging.send(c));
    return wppSendReply(
      session,
      sent.map((s) => wppSentText(s, me?.id, body.message)),
    );
  }
}
