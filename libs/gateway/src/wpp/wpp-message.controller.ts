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
} from '@zapgate/dialect-wppconnect';
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
  ) {}

  @Post(':session/send-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text to one or more numbers or groups',
    description:
      '404 when the session is not connected; 400 "O número X não existe." for numbers without WhatsApp; ' +
      '`options.quotedMsg` quotes a message of this session (404 when unknown), `options.mentionedList` mentions users; ' +
      'any other option answers 501. Recipients are sent to in order; ' +
      'the first failure ends the request.',
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async send(@WppSession() session: string, @Body() body: WppSendMessageDto): Promise<WppSendReply> {
    const commands = wppTextMessages(session, body);
    const { me } = await this.instances.requireConnected(session);
    const response = [];
    for (const command of commands)
      response.push(wppSentText(await this.messaging.send(command), me?.id, body.message));
    return wppSendReply(session, response);
  }
}
