import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  megaContactMessage,
  MegaContactMessageDto,
  MegaErrorReply,
  MegaErrorResponses,
  megaLocation,
  MegaLocationDto,
  megaQuoteMessage,
  MegaQuoteMessageDto,
  megaSendReply,
  MegaSendReply,
  megaTextMentioned,
  MegaTextMentionedDto,
} from '@zapgate/dialect-mega';
import { MessagingService } from '../core/messaging.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const REPLY =
  'The reply carries messageData.key.{remoteJid, fromMe, id}. A number without WhatsApp is a 400 `number_not_on_whatsapp`.';

/** Texts with mentions or a quote, locations and contact cards (catalog 4.3, 4.7, 4.12, 4.14). */
@ApiTags('mega-API: messages')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaRichMessageController {
  constructor(private readonly messaging: MessagingService) {}

  @Post('sendMessage/:instance_key/textMentioned')
  @ApiOperation({
    summary: 'Send a text that mentions users',
    description: `mentions are user jids (digits, @s.whatsapp.net, @c.us or @lid); a group or malformed jid is a 400. WhatsApp highlights a mention written in the text as @<digits>. ${REPLY}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  async textMentioned(
    @Param('instance_key') key: string,
    @Body() body: MegaTextMentionedDto,
  ): Promise<MegaSendReply> {
    return megaSendReply(await this.messaging.send(megaTextMentioned(key, body)));
  }

  @Post('sendMessage/:instance_key/quoteMessage')
  @ApiOperation({
    summary: 'Send a text quoting a message',
    description: `key.id names a message this instance sent or received (its message store, within retention); the stored message is quoted, not the body's message. ${REPLY}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  @ApiNotFoundResponse({
    description: '`message_not_found`: the quoted message is not in the message store (or no such instance)',
    type: MegaErrorReply,
  })
  async quoteMessage(
    @Param('instance_key') key: string,
    @Body() body: MegaQuoteMessageDto,
  ): Promise<MegaSendReply> {
    return megaSendReply(await this.messaging.send(megaQuoteMessage(key, body)));
  }

  @Post('sendMessage/:instance_key/location')
  @ApiOperation({
    summary: 'Send a location',
    description: `latitude -90 to 90 and longitude -180 to 180 (numbers or numeric strings; anything else is a 400); caption names the place, address goes under it. ${REPLY}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  async location(@Param('instance_key') key: string, @Body() body: MegaLocationDto): Promise<MegaSendReply> {
    return megaSendReply(await this.messaging.send(megaLocation(key, body)));
  }

  @Post('sendMessage/:instance_key/contactMessage')
  @ApiOperation({
    summary: 'Send a contact card',
    description: `zapgate writes the vCard (FN, ORG and the number with its WhatsApp id). vcard.phoneNumber is a jid (5511…@s.whatsapp.net) or the number as text; anything else is a 400. ${REPLY}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  async contactMessage(
    @Param('instance_key') key: string,
    @Body() body: MegaContactMessageDto,
  ): Promise<MegaSendReply> {
    return megaSendReply(await this.messaging.send(megaContactMessage(key, body)));
  }
}
