import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  wppActionReply,
  WppActionReply,
  wppChatState,
  WppChatStateDto,
  WppChatStateReply,
  wppChatStateReply,
  WppDeleteMessageDto,
  wppDeletions,
  WppDisconnectedReply,
  wppEdit,
  WppEditMessageDto,
  WppEditReply,
  wppEditReply,
  WppErrorReply,
  WppErrorResponses,
  WppReactMessageDto,
  wppReaction,
  wppRecording,
  WppRecordingDto,
  WppSeenReply,
  wppSeenChats,
  wppSeenReply,
  WppSendSeenDto,
  wppTyping,
  WppTypingDto,
} from '@zapgate/dialect-wppconnect';
import type { SendPresenceCommand } from '@zapgate/contracts';
import { InstanceService } from '../core/instance.service.js';
import { MessageActionService } from '../core/message-action.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const MESSAGE_REFUSALS =
  "A message this session never saw (or past retention) is a 404 `message_not_found`; an id whose chat is not the message's is a 400.";
const Disconnected = () =>
  ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply });

@ApiTags('WPPConnect: message actions')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppMessageActionController {
  constructor(
    private readonly instances: InstanceService,
    private readonly actions: MessageActionService,
  ) {}

  @Post(':session/react-message')
  @HttpCode(200)
  @ApiOperation({
    summary: 'React to a message with an emoji ("" or false removes the reaction)',
    description: MESSAGE_REFUSALS,
  })
  @ApiOkResponse({ type: WppActionReply })
  @Disconnected()
  async react(@WppSession() session: string, @Body() body: WppReactMessageDto): Promise<WppActionReply> {
    const command = wppReaction(session, body);
    await this.instances.requireConnected(session);
    await this.actions.react(command);
    return wppActionReply('Reaction sended');
  }

  @Post(':session/edit-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Edit the text of a message this session sent',
    description: `Every device of the chat shows the new text as edited. Someone else's message, or a message that is not a text, is a 400. ${MESSAGE_REFUSALS}`,
  })
  @ApiCreatedResponse({ type: WppEditReply })
  @Disconnected()
  async edit(@WppSession() session: string, @Body() body: WppEditMessageDto): Promise<WppEditReply> {
    const command = wppEdit(session, body);
    const { me } = await this.instances.requireConnected(session);
    return wppEditReply(session, await this.actions.edit(command), me?.id);
  }

  @Post(':session/delete-message')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete messages for everyone (onlyLocal: only for me)',
    description: `Revokes each message on every device of the chat (\`phone\`). Only this session's own messages (or others' in a group it administers) can be deleted for everyone. onlyLocal: true deletes only for me: an app-state patch synced to the account's other devices (the phone hides the message too), any message of the chat; 501 when the session has not received the app-state key its phone shares with linked devices. ${MESSAGE_REFUSALS}`,
  })
  @ApiOkResponse({ type: WppActionReply })
  @ApiResponse({
    status: 501,
    description: 'onlyLocal: the session has no app-state key',
    type: WppErrorReply,
  })
  @Disconnected()
  async delete(@WppSession() session: string, @Body() body: WppDeleteMessageDto): Promise<WppActionReply> {
    const commands = wppDeletions(session, body);
    await this.instances.requireConnected(session);
    for (const command of commands) await this.actions.delete(command);
    return wppActionReply('Message deleted');
  }

  @Post(':session/send-seen')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Mark chats seen',
    description:
      "Sends read receipts for each chat's latest received messages (up to 20, from the message store): the senders' phones show them read.",
  })
  @ApiCreatedResponse({ type: WppSeenReply })
  @Disconnected()
  async seen(@WppSession() session: string, @Body() body: WppSendSeenDto): Promise<WppSeenReply> {
    const chats = wppSeenChats(body);
    await this.instances.requireConnected(session);
    for (const chat of chats) await this.actions.readChat(session, chat);
    return wppSeenReply(session, chats);
  }

  @Post(':session/typing')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show (value true) or stop (false) typing in chats' })
  @ApiOkResponse({ type: WppChatStateReply })
  @Disconnected()
  async typing(@WppSession() session: string, @Body() body: WppTypingDto): Promise<WppChatStateReply> {
    return this.states(session, wppTyping(session, body));
  }

  @Post(':session/recording')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Show (value true) or stop (false) recording audio in chats',
    description: 'With duration (seconds), zapgate sends paused after it.',
  })
  @ApiOkResponse({ type: WppChatStateReply })
  @Disconnected()
  async recording(@WppSession() session: string, @Body() body: WppRecordingDto): Promise<WppChatStateReply> {
    const commands = wppRecording(session, body);
    const reply = await this.states(session, commands);
    if (body.duration && body.value !== false)
      setTimeout(() => {
        for (const c of commands)
          void this.actions.presence({ ...c, state: 'paused' }).catch(() => undefined);
      }, body.duration * 1000).unref();
    return reply;
  }

  @Post(':session/chat-state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a chat state: "0" typing, "1" recording, "2" paused (deprecated)' })
  @ApiOkResponse({ type: WppChatStateReply })
  @Disconnected()
  async chatState(@WppSession() session: string, @Body() body: WppChatStateDto): Promise<WppChatStateReply> {
    return this.states(session, wppChatState(session, body));
  }

  private async states(session: string, commands: SendPresenceCommand[]): Promise<WppChatStateReply> {
    await this.instances.requireConnected(session);
    for (const command of commands) await this.actions.presence(command);
    return wppChatStateReply(commands);
  }
}
