import { Body, Controller, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  megaAck,
  MegaAckReply,
  megaDeleteMessage,
  MegaDeleteMessageDto,
  MegaErrorReply,
  MegaErrorResponses,
  megaPresenceUpdate,
  MegaPresenceUpdateDto,
  megaReadMessage,
  MegaReadMessageDto,
} from '@zapgate/dialect-mega';
import { MessageActionService } from '../core/message-action.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const NOT_FOUND =
  "A message this instance never saw (or past retention) is a 404 `message_not_found`; a key whose remoteJid is not the message's chat is a 400.";
const NotImplemented = (description: string) =>
  ApiResponse({ status: 501, description, type: MegaErrorReply });

@ApiTags('mega-API: chat')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/chat')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaChatController {
  constructor(private readonly actions: MessageActionService) {}

  @Post(':instance_key/readMessage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a received message read',
    description: "Sends a read receipt: the sender's phone shows the message read (blue ticks).",
  })
  @ApiOkResponse({ type: MegaAckReply })
  async readMessage(
    @Param('instance_key') key: string,
    @Body() body: MegaReadMessageDto,
  ): Promise<MegaAckReply> {
    await this.actions.read(megaReadMessage(key, body));
    return megaAck('Message read');
  }

  @Post(':instance_key/deleteMessage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete a message for everyone',
    description: `Revokes the message on every device of the chat. Only this instance's own messages (or others' in a group it administers) can be deleted for everyone; anyone else's in a private chat is a 400. ${NOT_FOUND}`,
  })
  @ApiOkResponse({ type: MegaAckReply })
  async deleteMessage(
    @Param('instance_key') key: string,
    @Body() body: MegaDeleteMessageDto,
  ): Promise<MegaAckReply> {
    await this.actions.delete(megaDeleteMessage(key, body, true));
    return megaAck('Message deleted');
  }

  @Post(':instance_key/deleteMessageFromMe')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete a message only for me',
    description: `Takes both body shapes ({messageData: {to, key, messageTimestamp}} and {to, messageData: {id, timestamp}}). The message is deleted on this account's devices only: an app-state patch synced to its other devices (the phone hides it too); 501 when the session has not received the app-state key its phone shares with linked devices. ${NOT_FOUND}`,
  })
  @ApiOkResponse({ type: MegaAckReply })
  @NotImplemented('The session has no app-state key')
  async deleteMessageFromMe(
    @Param('instance_key') key: string,
    @Body() body: MegaDeleteMessageDto,
  ): Promise<MegaAckReply> {
    await this.actions.delete(megaDeleteMessage(key, body, false));
    return megaAck('Message deleted');
  }

  @Post(':instance_key/presenceUpdateChat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Show typing, recording or paused in a chat, or go available/unavailable',
    description:
      'Unwrapped body {to, option}: available, unavailable, composing, recording, paused (or pause); `presence` is taken as an alias of `option`. Anything else is a 400.',
  })
  @ApiOkResponse({ type: MegaAckReply })
  async presenceUpdateChat(
    @Param('instance_key') key: string,
    @Body() body: MegaPresenceUpdateDto,
  ): Promise<MegaAckReply> {
    const command = megaPresenceUpdate(key, body);
    await this.actions.presence(command);
    return megaAck(`Presence ${command.state} sent`);
  }
}
