import {
  applyDecorators,
  Body,
  Controller,
  HttpCode,
  Post,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { MediaKind, MediaReference, SendMessageCommand } from '@zapgate/contracts';
import {
  WppDisconnectedReply,
  WppErrorReply,
  WppErrorResponses,
  WppFileMandatoryReply,
  wppCheckFileSend,
  wppFileInput,
  wppFileMessages,
  wppMediaRecipients,
  WppSendFileDto,
  WppSendFileReply,
  wppSendFileReply,
  WppSendStickerDto,
  WppSendVoiceBase64Dto,
  WppSendVoiceDto,
  wppSentFile,
  wppStickerMessages,
  wppVoiceMessages,
  type WppFileInput,
} from '@zapgate/dialect-wppconnect';
import { InstanceService } from '../core/instance.service.js';
import { MediaSendService, type FileInput } from '../core/media-send.service.js';
import { MediaUploadInterceptor, UploadedMedia } from '../core/media-upload.interceptor.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const fileInput = (input: WppFileInput, upload: MediaReference | undefined): FileInput =>
  input.from === 'upload' ? { from: 'upload', media: upload! } : input;

/** The answers every media send route documents besides its success. */
const MediaSendResponses = () =>
  applyDecorators(
    ApiCreatedResponse({ type: WppSendFileReply }),
    ApiUnauthorizedResponse({
      description: 'No file given (or a missing or wrong token)',
      type: WppFileMandatoryReply,
    }),
    ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply }),
    ApiResponse({ status: 413, description: 'The file is larger than its kind allows', type: WppErrorReply }),
    ApiResponse({
      status: 501,
      description: 'Not supported: wppconnect options, newsletters, or a conversion this server cannot do',
      type: WppErrorReply,
    }),
  );

/**
 * WPPConnect's media sends (catalog 4.2): files, images, voice notes and stickers, from a URL, a
 * data URI or a multipart upload, to one or more recipients. The file is taken in once and sent
 * to each recipient in order.
 */
@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppMediaController {
  constructor(
    private readonly instances: InstanceService,
    private readonly files: MediaSendService,
  ) {}

  @Post([':session/send-file', ':session/send-image', ':session/send-file-base64'])
  @HttpCode(201)
  @UseInterceptors(MediaUploadInterceptor('document'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: WppSendFileDto })
  @ApiOperation({
    summary: 'Send a file (send-image and send-file-base64 are the same route)',
    description:
      'The file comes from `path` (an http(s) URL or a data URI), else `base64` (a data URI), else the multipart ' +
      '`file`; none: 401 `{"message": "Sending the file is mandatory"}`. Sent as wppconnect does (auto-detect): ' +
      'jpeg/png/webp as an image, mp4 as a video, mp3/ogg/m4a/aac/amr as audio, anything else as a document named ' +
      '`filename`. `message` (or `caption`) is the caption. The MIME type is sniffed from the bytes. A bad data URI or ' +
      'a refused URL: 400; a file over the size limit: 413; nothing is sent then.',
  })
  @MediaSendResponses()
  async sendFile(
    @WppSession() session: string,
    @Body() body: WppSendFileDto,
    @UploadedMedia() upload?: MediaReference,
  ): Promise<WppSendFileReply> {
    return this.send(session, upload, async (track) => {
      wppCheckFileSend(body);
      const input = wppFileInput(body, !!upload);
      await this.instances.requireConnected(session);
      const hints = body.filename ? { fileName: body.filename } : {};
      const media = track(await this.files.take(fileInput(input, upload), 'document', hints));
      return wppFileMessages(session, body, media);
    });
  }

  @Post(':session/send-voice')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a voice note from a URL (or a data URI)',
    description:
      'Sent as a voice note (ptt): ogg/opus as it is, other audio (mp3, m4a, aac, amr) converted to ogg/opus mono ' +
      '48 kHz with ffmpeg (501 when the server has no ffmpeg). No `path`: 401 `{"message": "Sending the file is mandatory"}`.',
  })
  @MediaSendResponses()
  async sendVoice(@WppSession() session: string, @Body() body: WppSendVoiceDto): Promise<WppSendFileReply> {
    return this.send(session, undefined, async (track) => {
      wppMediaRecipients(body);
      const input = wppFileInput({ path: body.path }, false);
      await this.instances.requireConnected(session);
      const media = track(await this.files.take(fileInput(input, undefined), 'ptt'));
      return wppVoiceMessages(session, body, media);
    });
  }

  @Post(':session/send-voice-base64')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a voice note from a data URI',
    description:
      '`base64Ptt` is a data URI (`data:<mime>;base64,<data>`; 400 otherwise), sent as a voice note like send-voice.',
  })
  @MediaSendResponses()
  async sendVoiceBase64(
    @WppSession() session: string,
    @Body() body: WppSendVoiceBase64Dto,
  ): Promise<WppSendFileReply> {
    return this.send(session, undefined, async (track) => {
      wppMediaRecipients(body);
      const input = wppFileInput({ base64: body.base64Ptt }, false, 'base64Ptt');
      await this.instances.requireConnected(session);
      const media = track(await this.files.take(fileInput(input, undefined), 'ptt'));
      return wppVoiceMessages(session, body, media);
    });
  }

  @Post(':session/send-sticker')
  @HttpCode(201)
  @UseInterceptors(MediaUploadInterceptor('image'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: WppSendStickerDto })
  @ApiOperation({
    summary: 'Send an image as a sticker',
    description:
      'The image (png, jpeg or webp) from `path` (an http(s) URL or a data URI), else the multipart `file`, made a ' +
      '512x512 webp sticker. None: 401 `{"message": "Sending the file is mandatory"}`.',
  })
  @MediaSendResponses()
  sendSticker(
    @WppSession() session: string,
    @Body() body: WppSendStickerDto,
    @UploadedMedia() upload?: MediaReference,
  ): Promise<WppSendFileReply> {
    return this.sendAsSticker(session, body, upload, 'image', false);
  }

  @Post(':session/send-sticker-gif')
  @HttpCode(201)
  @UseInterceptors(MediaUploadInterceptor('document'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: WppSendStickerDto })
  @ApiOperation({
    summary: 'Send an animated sticker from a gif',
    description:
      'Like send-sticker, for an animated gif (or webp): made an animated 512x512 webp sticker; png and jpeg make a ' +
      'still one. The file is taken in under the document size limit.',
  })
  @MediaSendResponses()
  sendStickerGif(
    @WppSession() session: string,
    @Body() body: WppSendStickerDto,
    @UploadedMedia() upload?: MediaReference,
  ): Promise<WppSendFileReply> {
    return this.sendAsSticker(session, body, upload, 'document', true);
  }

  private sendAsSticker(
    session: string,
    body: WppSendStickerDto,
    upload: MediaReference | undefined,
    kind: MediaKind,
    animated: boolean,
  ): Promise<WppSendFileReply> {
    return this.send(session, upload, async (track) => {
      wppMediaRecipients(body);
      const input = wppFileInput({ path: body.path }, !!upload);
      await this.instances.requireConnected(session);
      const image = track(await this.files.take(fileInput(input, upload), kind));
      const sticker = track(await this.files.sticker(image, animated));
      return wppStickerMessages(session, body, sticker);
    });
  }

  private async send(
    session: string,
    upload: MediaReference | undefined,
    prepare: (track: (media: MediaReference) => MediaReference) => Promise<SendMessageCommand[]>,
  ): Promise<WppSendFileReply> {
    const sent = await this.files.sendAll(prepare, upload);
    return wppSendFileReply(session, sent.map(wppSentFile));
  }
}
