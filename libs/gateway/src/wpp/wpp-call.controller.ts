import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  WppDisconnectedReply,
  WppErrorResponses,
  WppRejectCallDto,
  WppRejectCallReply,
} from '@zapgate/dialect-wppconnect';
import { ChatService } from '../core/chat.service.js';
import { InstanceService } from '../core/instance.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

/** WPPConnect's call route: reject a call an `incomingcall` webhook announced. */
@ApiTags('WPPConnect: chats and contacts')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppCallController {
  constructor(
    private readonly instances: InstanceService,
    private readonly chats: ChatService,
  ) {}

  @Post(':session/reject-call')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reject an incoming call',
    description:
      '`callId` is the `id` of the `incomingcall` webhook; the caller sees the call rejected (Baileys `rejectCall`). A call this session was not offered since it connected is a 400.',
  })
  @ApiOkResponse({ type: WppRejectCallReply })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async reject(@WppSession() session: string, @Body() body: WppRejectCallDto): Promise<WppRejectCallReply> {
    await this.instances.requireConnected(session);
    await this.chats.rejectCall(session, body.callId);
    return { status: 'success', response: true };
  }
}
