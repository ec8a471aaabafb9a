import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  MegaErrorResponses,
  megaSendReply,
  MegaSendReply,
  MegaSendTextDto,
  megaTextMessage,
} from '@zapgate/dialect-mega';
import { MessagingService } from '../core/messaging.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

@ApiTags('mega-API: messages')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaMessagingController {
  constructor(private readonly messaging: MessagingService) {}

  @Post('sendMessage/:instance_key/text')
  @ApiOperation({
    summary: 'Send a text message',
    description:
      'The reply carries messageData.key.{remoteJid, fromMe, id}. A number without WhatsApp is a 400 `number_not_on_whatsapp`.',
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  async text(@Param('instance_key') key: string, @Body() body: MegaSendTextDto): Promise<MegaSendReply> {
    return megaSendReply(await this.messaging.send(megaTextMessage(key, body)));
  }
}
