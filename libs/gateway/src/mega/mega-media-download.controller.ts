import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  MegaDownloadMediaDto,
  MegaDownloadMediaReply,
  megaDownloadMedia,
  megaDownloadMediaReply,
  MegaErrorReply,
  MegaErrorResponses,
} from '@zapgate/dialect-mega';
import { MessageReadService } from '../core/message-read.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

@ApiTags('mega-API: instance')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/instance')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaMediaDownloadController {
  constructor(private readonly reads: MessageReadService) {}

  @Post('downloadMediaMessage/:instance_key')
  @ApiOperation({
    summary: "Download a received (or sent) message's file, decrypted, as a data URI",
    description:
      "`messageKeys` holds the fields of the webhook's `…Message` object (mediaKey, directPath, url, mimetype, messageType), " +
      'or the message `id` (and `remoteJid`) of a message this instance has. 400 "Message does not contain media" for a ' +
      'message without a file, 400 when the file cannot be downloaded or decrypted (expired, wrong keys), 404 for a message ' +
      'id the instance does not have, 413 for files over 64 MB.',
  })
  @ApiCreatedResponse({ type: MegaDownloadMediaReply })
  @ApiNotFoundResponse({ description: 'No such instance, or no such message', type: MegaErrorReply })
  @ApiPayloadTooLargeResponse({ description: 'The file is over 64 MB', type: MegaErrorReply })
  async download(
    @Param('instance_key') key: string,
    @Body() body: MegaDownloadMediaDto,
  ): Promise<MegaDownloadMediaReply> {
    const file = await this.reads.download(megaDownloadMedia(key, body));
    return megaDownloadMediaReply(file.mime, file.bytes);
  }
}
