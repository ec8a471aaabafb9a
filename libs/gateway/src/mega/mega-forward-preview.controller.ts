import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  MegaErrorReply,
  MegaErrorResponses,
  megaForwardMessage,
  MegaForwardMessageDto,
  megaLinkPreview,
  MegaLinkPreviewDto,
  megaSendReply,
  MegaSendReply,
} from '@zapgate/dialect-mega';
import { ForwardPreviewService } from '../core/forward-preview.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const REPLY =
  'The reply carries messageData.key.{remoteJid, fromMe, id}. A number without WhatsApp is a 400 `number_not_on_whatsapp`.';

/** Forwards and texts with a link preview (catalog 4.8, 4.13). */
@ApiTags('mega-API: messages')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaForwardPreviewController {
  constructor(private readonly forwards: ForwardPreviewService) {}

  @Post('sendMessage/:instance_key/forwardMessage')
  @ApiOperation({
    summary: 'Forward a message',
    description: `key.id names a message this instance sent or received (its message store, within retention); the stored message is forwarded, not the body's message: a received one arrives labelled Forwarded, this account's own messages are copied without the label (as WhatsApp does). ${REPLY}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  @ApiNotFoundResponse({
    description: '`message_not_found`: the message is not in the message store (or no such instance)',
    type: MegaErrorReply,
  })
  async forwardMessage(
    @Param('instance_key') key: string,
    @Body() body: MegaForwardMessageDto,
  ): Promise<MegaSendReply> {
    return megaSendReply(await this.forwards.forward(megaForwardMessage(key, body)));
  }

  @Post('sendMessage/:instance_key/sendLinkPreview')
  @ApiOperation({
    summary: 'Send a text with a link preview',
    description: `zapgate fetches the first http(s) link of textWithLink (under the URL policy, a few seconds at most) and sends its title, description and image as the preview; when the page fails, the text goes without a preview. WhatsApp clients may still show their own preview or none. ${REPLY}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  async sendLinkPreview(
    @Param('instance_key') key: string,
    @Body() body: MegaLinkPreviewDto,
  ): Promise<MegaSendReply> {
    return megaSendReply((await this.forwards.sendWithPreview(megaLinkPreview(key, body))).sent);
  }
}
