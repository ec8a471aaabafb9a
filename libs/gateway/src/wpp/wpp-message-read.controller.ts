import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type DownloadMediaCommand } from '@zapgate/contracts';
import {
  wppChatOf,
  wppDecryptError,
  WppDownloadMediaDto,
  wppDownloadMedia,
  WppErrorResponses,
  WppMediaErrorReply,
  WppMediaReply,
  WppMessageByIdReply,
  wppMessageNotFound,
  wppMessageObject,
  wppMessageRef,
  WppMessagesReply,
  wppMessagesQuery,
  type WppMessageView,
  wppNoMedia,
} from '@zapgate/dialect-wppconnect';
import type { StoredMessage } from '@zapgate/storage';
import { InstanceService } from '../core/instance.service.js';
import { MessageReadService } from '../core/message-read.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const MESSAGE_ID = {
  name: 'messageId',
  example: 'false_5511999999999@c.us_3EB0C431C26A1916E0E8',
  description: 'The message id as WPPConnect writes it, or the bare WhatsApp id',
};
const DOWNLOAD_ERRORS =
  '400 `{status: "error", message: "Message not found"}` for a message the session does not have, ' +
  '"Message does not contain media" for one without a file, "Decrypt file error" when the file cannot be ' +
  'downloaded or decrypted (WhatsApp keeps media for a limited time); 413 for files over 64 MB.';

@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppMessageReadController {
  constructor(
    private readonly instances: InstanceService,
    private readonly reads: MessageReadService,
  ) {}

  @Post(':session/download-media')
  @HttpCode(200)
  @ApiOperation({
    summary: "A message's file, decrypted, as base64",
    description: `\`messageId\`: the id, or the message object as onmessage posted it. ${DOWNLOAD_ERRORS}`,
  })
  @ApiOkResponse({ type: WppMediaReply })
  @ApiBadRequestResponse({
    description: 'No such message, no media, or decrypt failure',
    type: WppMediaErrorReply,
  })
  async downloadMedia(
    @WppSession() session: string,
    @Body() body: WppDownloadMediaDto,
  ): Promise<WppMediaReply> {
    return this.media(wppDownloadMedia(session, wppMessageRef(body.messageId)));
  }

  @Get(':session/get-media-by-message/:messageId')
  @ApiOperation({ summary: "A message's file, decrypted, as base64", description: DOWNLOAD_ERRORS })
  @ApiParam(MESSAGE_ID)
  @ApiOkResponse({ type: WppMediaReply })
  @ApiBadRequestResponse({
    description: 'No such message, no media, or decrypt failure',
    type: WppMediaErrorReply,
  })
  async mediaByMessage(
    @WppSession() session: string,
    @Param('messageId') messageId: string,
  ): Promise<WppMediaReply> {
    return this.media(wppDownloadMedia(session, wppMessageRef(messageId)));
  }

  @Get(':session/get-messages/:phone')
  @ApiOperation({
    summary: "A chat's messages from the message store, oldest first",
    description:
      '`count` messages (default 20) before (default) or after the message `id`, or the newest when no id is given. ' +
      'Messages are those this session sent or received while zapgate ran, within the retention.',
  })
  @ApiParam({
    name: 'phone',
    example: '5511999999999@c.us',
    description: 'The chat: a number, `@c.us`, `@g.us` or `@lid` id',
  })
  @ApiQuery({ name: 'count', required: false, example: 20 })
  @ApiQuery({ name: 'direction', required: false, enum: ['before', 'after'], example: 'before' })
  @ApiQuery({ name: 'id', required: false, example: 'false_5511999999999@c.us_3EB0C431C26A1916E0E8' })
  @ApiOkResponse({ type: WppMessagesReply })
  async messages(
    @WppSession() session: string,
    @Param('phone') phone: string,
    @Query('count') count?: string,
    @Query('direction') direction?: string,
    @Query('id') id?: string,
  ): Promise<WppMessagesReply> {
    const chat = wppChatOf(phone);
    const query = wppMessagesQuery({ count, direction, id });
    const stored = await this.reads.list(session, {
      chat,
      limit: query.count,
      direction: query.direction,
      ...(query.anchor ? { anchor: query.anchor.id } : {}),
    });
    const me = await this.me(session);
    return { status: 'success', response: stored.flatMap((m) => this.view(session, m, me)) };
  }

  @Get(':session/message-by-id/:messageId')
  @HttpCode(201)
  @ApiOperation({
    summary: 'One message from the message store',
    description:
      'Envelope D (201). A message the session does not have: 400 `{status: "Error", response: {message: "Error retrieving information", session, log}}`.',
  })
  @ApiParam(MESSAGE_ID)
  @ApiCreatedResponse({ type: WppMessageByIdReply })
  async messageById(
    @WppSession() session: string,
    @Param('messageId') messageId: string,
  ): Promise<WppMessageByIdReply> {
    const ref = wppMessageRef(messageId);
    let stored: StoredMessage;
    try {
      stored = await this.reads.get(session, ref.id, ref.chat);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== ErrorCode.MessageNotFound) throw err;
      throw new DomainError(ErrorCode.ValidationFailed, err.message, {
        wppBody: {
          status: 'Error',
          response: { message: 'Error retrieving information', session, log: err.message },
        },
      });
    }
    const [data] = this.view(session, stored, await this.me(session));
    if (!data) throw wppMessageNotFound();
    return {
      status: 'Success',
      response: {
        message: 'Information retrieved successfully.',
        contact: stored.chat.split('@')[0]!,
        session,
        data,
      },
    };
  }

  /** The download, with WPPConnect-server's 400 bodies for a missing message, no media, or a failure. */
  private async media(command: DownloadMediaCommand): Promise<WppMediaReply> {
    try {
      const file = await this.reads.download(command);
      return { base64: file.bytes.toString('base64'), mimetype: file.mime };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === ErrorCode.MessageNotFound) throw wppMessageNotFound();
      if (err.code === ErrorCode.ValidationFailed && err.details?.['reason'] === 'no_media')
        throw wppNoMedia();
      if (err.code === ErrorCode.ValidationFailed && err.details?.['reason'] === 'download_failed')
        throw wppDecryptError(err.message);
      throw err;
    }
  }

  private async me(session: string): Promise<string | undefined> {
    return (await this.instances.statusIfExists(session))?.me?.id;
  }

  /** A stored message as WPPConnect's message object (the onmessage shape). */
  private view(session: string, stored: StoredMessage, me: string | undefined): WppMessageView[] {
    const received = this.reads.received(stored, me);
    if (!received) return [];
    return [
      wppMessageObject(received, {
        key: session,
        ...(me ? { me: { id: me } } : {}),
      }) as unknown as WppMessageView,
    ];
  }
}
