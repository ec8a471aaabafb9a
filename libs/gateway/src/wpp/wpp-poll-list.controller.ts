import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiNotImplementedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { INTERACTIVE_RENDERING_NOTE } from '@zapgate/dialect-common';
import {
  WppDisconnectedReply,
  WppErrorReply,
  WppErrorResponses,
  wppButtonsMessages,
  wppListMessages,
  wppPollMessages,
  WppPollVotesReply,
  wppPollVotesReply,
  wppQuoted,
  WppSendButtonsDto,
  WppSendButtonsReply,
  wppSendButtonsReply,
  WppSendListDto,
  WppSendPollDto,
  WppSendReply,
  wppSendReply,
  wppSentMessage,
  type WppMessageView,
} from '@zapgate/dialect-wppconnect';
import { InstanceService } from '../core/instance.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { PollVotesService } from '../core/poll-votes.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const SENT =
  '404 when the session is not connected; 400 "O número X não existe." for numbers without WhatsApp. Recipients are sent to in order; the first failure ends the request.';

/** Polls, lists and buttons (catalog 4.2). */
@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppPollListController {
  constructor(
    private readonly instances: InstanceService,
    private readonly messaging: MessagingService,
    private readonly polls: PollVotesService,
  ) {}

  @Post(':session/send-poll-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a poll',
    description:
      'name is the question; choices are 2 to 12 distinct strings; options.selectableCount is how many a voter may pick (default 1; 0 any number; more than the choices is a 400). Votes arrive as onpollresponse webhooks and are answered by votes/{id}. 404 when the session is not connected; 400 "O número X não existe." for numbers without WhatsApp. Recipients are sent to in order; the first failure ends the request.',
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async poll(@WppSession() session: string, @Body() body: WppSendPollDto): Promise<WppSendReply> {
    const commands = wppPollMessages(session, body);
    const { me } = await this.instances.requireConnected(session);
    const response: WppMessageView[] = [];
    for (const command of commands)
      response.push(wppSentMessage(await this.messaging.send(command), me?.id, 'poll_creation', body.name));
    return wppSendReply(session, response);
  }

  @Get(':session/votes/:id')
  @ApiOperation({
    summary: "A poll's votes",
    description:
      "id is the poll's message id (serialized or bare). Answered from the message store: every voter's latest vote the session decrypted, by option localId (the option's index), plus each option's voters (tally). 404 `message_not_found` for a message the session never saw; 400 when it is not a poll.",
  })
  @ApiOkResponse({ type: WppPollVotesReply })
  @ApiNotFoundResponse({ description: 'Unknown message (or session)', type: WppErrorReply })
  @ApiBadRequestResponse({ description: 'The message is not a poll', type: WppErrorReply })
  async votes(@WppSession() session: string, @Param('id') id: string): Promise<WppPollVotesReply> {
    const target = wppQuoted(id);
    const status = await this.instances.status(session);
    const votes = await this.polls.votes(session, target?.id ?? id, target?.chat, status.me?.id ?? '');
    return wppPollVotesReply(session, {
      id: votes.id,
      chat: votes.chat,
      fromMe: votes.fromMe,
      options: votes.poll.options,
      votes: votes.votes,
      tally: votes.tally,
    });
  }

  @Post(':session/send-list-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a list message',
    description: `description is the list's text, buttonText the button that opens it (default 'SELECIONE UMA OPÇÃO'), sections 1 to 10 of 1 to 10 rows each; a row's rowId is what an answer sends back. The row a recipient picks arrives as onmessage with type list_response. ${INTERACTIVE_RENDERING_NOTE} ${SENT}`,
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async list(@WppSession() session: string, @Body() body: WppSendListDto): Promise<WppSendReply> {
    const commands = wppListMessages(session, body);
    const { me } = await this.instances.requireConnected(session);
    const response: WppMessageView[] = [];
    for (const command of commands)
      response.push(
        wppSentMessage(await this.messaging.send(command), me?.id, 'list', body.description ?? ''),
      );
    return wppSendReply(session, response);
  }

  @Post(':session/send-buttons')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a message with buttons (deprecated by WPPConnect)',
    description: `message is the text; options.buttons 1 to 3 buttons: {id, text} quick replies send a buttons message, a {url, text} or {phoneNumber, text} button (or options.useTemplateButtons) a template message; options.title and options.footer frame it. The button a recipient taps arrives as onmessage with type buttons_response (template_button_reply for templates). The answer echoes the recipients, as wppconnect-server does. ${INTERACTIVE_RENDERING_NOTE} ${SENT}`,
  })
  @ApiCreatedResponse({ type: WppSendButtonsReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  @ApiNotImplementedResponse({ description: 'An option zapgate does not carry out', type: WppErrorReply })
  async buttons(
    @WppSession() session: string,
    @Body() body: WppSendButtonsDto,
  ): Promise<WppSendButtonsReply> {
    const commands = wppButtonsMessages(session, body);
    await this.instances.requireConnected(session);
    const sentTo: string[] = [];
    for (const command of commands) sentTo.push((await this.messaging.send(command)).remoteJid);
    return wppSendButtonsReply(session, sentTo);
  }
}
