import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  megaBulkSendReply,
  MegaBulkSendReply,
  MegaErrorReply,
  MegaErrorResponses,
  megaMediaBase64Send,
  megaMediaUrlSend,
  megaMediaUrlToManySend,
  MegaSendMediaBase64Dto,
  MegaSendMediaUrlDto,
  MegaSendMediaUrlToManyDto,
  megaSendReply,
  MegaSendReply,
  MegaSendTextDto,
  MegaSendTextToManyDto,
  megaTextMessage,
  megaTextToMany,
  type MegaMediaSend,
} from '@zapgate/dialect-mega';
import type { SendMessageCommand } from '@zapgate/contracts';
import { BulkSendService } from '../core/bulk-send.service.js';
import { MediaService } from '../core/media.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const MEDIA_REFUSALS =
  "A file over its type's size limit is a 413 `payload_too_large`; bytes the type does not accept, an empty file, base64 or a data URI that is not one, and a URL that is refused (link-local, cloud metadata, private unless allowed) or does not answer with the file are 400 `validation_failed` (the reason in the message). Nothing is sent then.";
const PACING =
  'Recipients are sent to one after the other, paced per instance (ZG_BULK_DELAY_MS, default 1000 ms, ±ZG_BULK_JITTER); the reply comes once every recipient was tried, with one result each (a recipient without WhatsApp fails alone). A recipient that is no phone number or jid refuses the whole request (400) before anything is sent. Each send to many is a job kept in storage before the first send: when the process holding it stops or dies, the remaining recipients are sent in the background after it starts again (or by another gateway replica), none twice; the outcome is logged and kept in the job for ZG_BULK_RETENTION_HOURS.';
const TooLarge = () =>
  ApiResponse({ status: 413, description: "The file is over its type's size limit", type: MegaErrorReply });

@ApiTags('mega-API: messages')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaMessagingController {
  constructor(
    private readonly messaging: MessagingService,
    private readonly media: MediaService,
    private readonly bulk: BulkSendService,
  ) {}

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

  @Post('sendMessage/:instance_key/mediaUrl')
  @ApiOperation({
    summary: 'Send a file from a URL: image, video, audio, voice note (ptt), round video (ptv) or document',
    description: `zapgate fetches the URL (timeouts, redirects re-checked) and streams the file to WhatsApp. The reply carries messageData.key.{remoteJid, fromMe, id}. ${MEDIA_REFUSALS}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  @TooLarge()
  async mediaUrl(
    @Param('instance_key') key: string,
    @Body() body: MegaSendMediaUrlDto,
  ): Promise<MegaSendReply> {
    return this.sendMedia(key, megaMediaUrlSend(key, body));
  }

  @Post('sendMessage/:instance_key/mediaBase64')
  @ApiOperation({
    summary: 'Send a file given as a data URI or base64',
    description: `The body may be larger than other routes' (ZG_MEDIA_BODY_LIMIT; default: the largest media size limit in base64). The data URI's MIME type wins over mimeType, and the bytes over both. The reply carries messageData.key.{remoteJid, fromMe, id}. ${MEDIA_REFUSALS}`,
  })
  @ApiCreatedResponse({ type: MegaSendReply })
  @TooLarge()
  async mediaBase64(
    @Param('instance_key') key: string,
    @Body() body: MegaSendMediaBase64Dto,
  ): Promise<MegaSendReply> {
    return this.sendMedia(key, megaMediaBase64Send(key, body));
  }

  @Post('sendMessage/:instance_key/textToMany')
  @ApiOperation({ summary: 'Send one text to many recipients', description: PACING })
  @ApiCreatedResponse({ type: MegaBulkSendReply })
  async textToMany(
    @Param('instance_key') key: string,
    @Body() body: MegaSendTextToManyDto,
  ): Promise<MegaBulkSendReply> {
    return this.sendToMany(megaTextToMany(key, body), body.messageData.to);
  }

  @Post('sendMessage/:instance_key/mediaUrlToMany')
  @ApiOperation({
    summary: 'Send one file from a URL to many recipients',
    description: `The URL is fetched once, before the first send, and the file deleted after the last. ${PACING} ${MEDIA_REFUSALS}`,
  })
  @ApiCreatedResponse({ type: MegaBulkSendReply })
  @TooLarge()
  async mediaUrlToMany(
    @Param('instance_key') key: string,
    @Body() body: MegaSendMediaUrlToManyDto,
  ): Promise<MegaBulkSendReply> {
    const send = megaMediaUrlToManySend(key, body); // a bad recipient refuses the request here
    await this.messaging.requireInstance(key);
    const media = await this.media.take(send.input, send.kind);
    // the job deletes the file after its last recipient (after a restart too)
    return this.sendToMany(send.commands(media), body.messageData.to, [media.id]);
  }

  /** One file to one recipient: the instance checked before the file is taken in. */
  private async sendMedia(key: string, send: MegaMediaSend): Promise<MegaSendReply> {
    await this.messaging.requireInstance(key);
    const media = await this.media.take(send.input, send.kind);
    const [ready] = send.commands(media);
    return megaSendReply(await this.media.sending(media, 'once', () => this.messaging.send(ready!)));
  }

  private async sendToMany(
    commands: SendMessageCommand[],
    asked: string[],
    media: string[] = [],
  ): Promise<MegaBulkSendReply> {
    return megaBulkSendReply(asked, await this.bulk.sendToMany(commands, { media }));
  }
}
