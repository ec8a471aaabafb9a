import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotImplementedResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { INTERACTIVE_RENDERING_NOTE } from '@zapgate/dialect-common';
import {
  MegaErrorReply,
  MegaErrorResponses,
  megaListMessage,
  MegaListMessageDto,
  megaSendReply,
  MegaSendReply,
  megaTemplateMessage,
  MegaTemplateMessageDto,
  megaTemplateWithMedia,
  MegaTemplateWithMediaDto,
} from '@zapgate/dialect-mega';
import { MediaService } from '../core/media.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const ANSWERS =
  'Answers to lists and templates arrive as message webhooks (listResponseMessage, templateButtonReplyMessage).';
const TEMPLATE =
  'buttons: 1 to 3 of replyButton (payload: the id an answer sends back, default the title), urlButton (payload: the http(s) URL) and callButton (payload: the phone); footerText under the text.';

/** Lists and templates (catalog 4.9 to 4.11). */
@ApiTags('mega-API: messages')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaInteractiveController {
  constructor(
    private readonly messaging: MessagingService,
    private readonly media: MediaService,
  ) {}

  @Post('sendMessage/:instance_key/listMessage')
  @ApiOperation({
    summary: 'Send a list message',
    description: `text is the list's text, title its title, description its footer, buttonText the button that opens it; sections 1 to 10 of 1 to 10 rows (rowId is what an answer sends back). ${ANSWERS} ${INTERACTIVE_RENDERING_NOTE}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  async listMessage(
    @Param('instance_key') key: string,
    @Body() body: MegaListMessageDto,
  ): Promise<MegaSendReply> {
    return megaSendReply(await this.messaging.send(megaListMessage(key, body)));
  }

  @Post('sendMessage/:instance_key/templateMessage')
  @ApiOperation({
    summary: 'Send a template with buttons',
    description: `${TEMPLATE} ${ANSWERS} ${INTERACTIVE_RENDERING_NOTE}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  async templateMessage(
    @Param('instance_key') key: string,
    @Body() body: MegaTemplateMessageDto,
  ): Promise<MegaSendReply> {
    return megaSendReply(await this.messaging.send(megaTemplateMessage(key, body)));
  }

  @Post('sendMessage/:instance_key/templateMessageWithMedia')
  @ApiOperation({
    summary: 'Send a template with buttons and an image',
    description: `The template of templateMessage with an image above the text: imageUrl is fetched (or decoded, for a data URI) under the media rules of mediaUrl; mimeType is a hint, the type is sniffed from the bytes. mediaType other than image answers 501. ${TEMPLATE} ${ANSWERS} ${INTERACTIVE_RENDERING_NOTE}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  @ApiResponse({ status: 413, description: 'The image is over the size limit', type: MegaErrorReply })
  @ApiNotImplementedResponse({ description: 'A mediaType other than image', type: MegaErrorReply })
  async templateMessageWithMedia(
    @Param('instance_key') key: string,
    @Body() body: MegaTemplateWithMediaDto,
  ): Promise<MegaSendReply> {
    const send = megaTemplateWithMedia(key, body); // a bad button or recipient refuses it here
    await this.messaging.requireInstance(key);
    const media = await this.media.take(send.input, send.kind);
    const [ready] = send.commands(media);
    return megaSendReply(await this.media.sending(media, 'once', () => this.messaging.send(ready!)));
  }
}
