import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
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
  ApiNotImplementedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { MediaReference } from '@zapgate/contracts';
import {
  wppActionReply,
  WppActionReply,
  WppDisconnectedReply,
  WppErrorReply,
  WppErrorResponses,
  WppFileMandatoryReply,
  wppFileInput,
  wppFileStory,
  WppMarkUnseenDto,
  wppMessageRef,
  wppReactionsReply,
  WppReactionsReply,
  WppSendFileReply,
  wppSendFileReply,
  WppSendFileStoryDto,
  WppSendReply,
  wppSendReply,
  WppSendStatusDto,
  WppSendTextStoryDto,
  wppSentFile,
  wppSentText,
  wppStatusText,
  WppTemporaryMessagesDto,
  wppTemporaryMessages,
  WppTemporaryMessagesReply,
  wppTemporaryMessagesReply,
  wppTextStory,
  WppUnsupportedSendDto,
  wppRecipients,
} from '@zapgate/dialect-wppconnect';
import { ChatService } from '../core/chat.service.js';
import { InstanceService } from '../core/instance.service.js';
import { MediaSendService } from '../core/media-send.service.js';
import { MediaUploadInterceptor, UploadedMedia } from '../core/media-upload.interceptor.js';
import { StatusActionService } from '../core/status-action.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const AUDIENCE =
  'The post goes to status@broadcast for the contacts this session exchanged messages with (the 1:1 chats of its message store, up to its 5,000 latest messages), as WhatsApp delivers a status to the contacts listed with it; a session with no such chat yet answers 400.';
const Disconnected = () =>
  ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply });

/** Why WhatsApp features zapgate cannot offer answer 501 (also in the README). */
export const WPP_UNSUPPORTED = {
  order:
    'send-order-message is not supported: Baileys 7.0.0-rc14 (the WhatsApp client zapgate runs) has no order message; WhatsApp creates orders from a business catalog cart, with order ids and tokens its servers issue',
  pix: "send-pix-key is not supported: a PIX key is WhatsApp's native-flow payment message (payment_info), which only Brazilian WhatsApp Business accounts with payments can send and Baileys 7.0.0-rc14 cannot build",
} as const;

/**
 * WPPConnect's status stories (catalog 4.8), send-status, temporary-messages, reactions/{id}, and
 * mark-unseen, and the routes Baileys cannot serve (send-order-message, send-pix-key: 501).
 */
@ApiTags('WPPConnect: status stories')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppStatusController {
  constructor(
    private readonly instances: InstanceService,
    private readonly statuses: StatusActionService,
    private readonly files: MediaSendService,
    private readonly chats: ChatService,
  ) {}

  @Post(':session/send-status')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Post a text status (story)',
    description: `\`message\` is the text; \`phone\`, \`isGroup\` and \`messageId\` are accepted and unused, as in wppconnect. ${AUDIENCE}`,
  })
  @ApiCreatedResponse({ type: WppSendReply })
  @Disconnected()
  async sendStatus(@WppSession() session: string, @Body() body: WppSendStatusDto): Promise<WppSendReply> {
    const content = wppStatusText(body);
    const { me } = await this.instances.requireConnected(session);
    const sent = await this.statuses.post(session, content);
    return wppSendReply(session, [wppSentText(sent, me?.id, body.message)]);
  }

  @Post(':session/send-text-storie')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Post a text status with a background colour and font',
    description: `No \`text\`: 401 \`{"message": "Text was not informed"}\`. \`options.backgroundColor\` (#RRGGBB) and \`options.font\` (0-10) style it. ${AUDIENCE}`,
  })
  @ApiCreatedResponse({ type: WppSendFileReply })
  @ApiUnauthorizedResponse({ description: 'No text (or a missing or wrong token)', type: WppErrorReply })
  @Disconnected()
  async sendTextStory(
    @WppSession() session: string,
    @Body() body: WppSendTextStoryDto,
  ): Promise<WppSendFileReply> {
    const content = wppTextStory(body);
    await this.instances.requireConnected(session);
    return wppSendFileReply(session, [wppSentFile(await this.statuses.post(session, content))]);
  }

  @Post(':session/send-image-storie')
  @HttpCode(201)
  @UseInterceptors(MediaUploadInterceptor('image'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: WppSendFileStoryDto })
  @ApiOperation({
    summary: 'Post an image status',
    description: `The image from \`path\` (an http(s) URL or a data URI), else the multipart \`file\`; none: 401 \`{"message": "Sending the file is mandatory"}\`; a file that is not an image: 400. ${AUDIENCE}`,
  })
  @ApiCreatedResponse({ type: WppSendFileReply })
  @ApiUnauthorizedResponse({
    description: 'No file (or a missing or wrong token)',
    type: WppFileMandatoryReply,
  })
  @ApiResponse({ status: 413, description: 'The file is larger than images may be', type: WppErrorReply })
  @Disconnected()
  sendImageStory(
    @WppSession() session: string,
    @Body() body: WppSendFileStoryDto,
    @UploadedMedia() upload?: MediaReference,
  ): Promise<WppSendFileReply> {
    return this.fileStory(session, 'image', body, upload);
  }

  @Post(':session/send-video-storie')
  @HttpCode(201)
  @UseInterceptors(MediaUploadInterceptor('video'))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: WppSendFileStoryDto })
  @ApiOperation({
    summary: 'Post a video status',
    description: `The video from \`path\` (an http(s) URL or a data URI), else the multipart \`file\`; none: 401 \`{"message": "Sending the file is mandatory"}\`; a file that is not a video: 400. ${AUDIENCE}`,
  })
  @ApiCreatedResponse({ type: WppSendFileReply })
  @ApiUnauthorizedResponse({
    description: 'No file (or a missing or wrong token)',
    type: WppFileMandatoryReply,
  })
  @ApiResponse({ status: 413, description: 'The file is larger than videos may be', type: WppErrorReply })
  @Disconnected()
  sendVideoStory(
    @WppSession() session: string,
    @Body() body: WppSendFileStoryDto,
    @UploadedMedia() upload?: MediaReference,
  ): Promise<WppSendFileReply> {
    return this.fileStory(session, 'video', body, upload);
  }

  @Post(':session/temporary-messages')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn disappearing messages on (value true: 7 days) or off in chats',
    description:
      "A contact's chat gets WhatsApp's disappearing-messages setting message (their phone shows the change); a group (isGroup) its ephemeral setting. A number not on WhatsApp: 400.",
  })
  @ApiOkResponse({ type: WppTemporaryMessagesReply })
  @Disconnected()
  async temporaryMessages(
    @WppSession() session: string,
    @Body() body: WppTemporaryMessagesDto,
  ): Promise<WppTemporaryMessagesReply> {
    const commands = wppTemporaryMessages(session, body);
    await this.instances.requireConnected(session);
    for (const command of commands) await this.statuses.setDisappearing(command);
    return wppTemporaryMessagesReply();
  }

  @Get(':session/reactions/:id')
  @ApiOperation({
    summary: 'The reactions on a message',
    description:
      "As wa-js getReactions: one aggregate per emoji with its senders, and this session's own reaction (reactionByMe). Read from the message store: each sender's latest reaction (a removed one is left out) among the 500 messages after it in its chat. A message this session never saw (or past retention): 404 `message_not_found`.",
  })
  @ApiParam({ name: 'id', example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F' })
  @ApiOkResponse({ type: WppReactionsReply })
  @Disconnected()
  async reactions(@WppSession() session: string, @Param('id') id: string): Promise<WppReactionsReply> {
    const ref = wppMessageRef(id);
    const { me } = await this.instances.requireConnected(session);
    return wppReactionsReply(await this.statuses.reactions(session, ref.id, ref.chat, me?.id));
  }

  @Post(':session/mark-unseen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark chats unread',
    description:
      "The chat's unread mark is WhatsApp app state (Baileys chatModify markRead false, synced to the account's other devices: the phone shows the chat unread). A chat this session has no messages or history of is a 404; a session that has not received the app-state key its phone shares with linked devices answers 501 with the reason.",
  })
  @ApiOkResponse({ type: WppActionReply })
  @ApiNotImplementedResponse({ description: 'No app-state key', type: WppErrorReply })
  @Disconnected()
  async markUnseen(@WppSession() session: string, @Body() body: WppMarkUnseenDto): Promise<WppActionReply> {
    const chats = wppRecipients(body.phone ?? [], { isGroup: body.isGroup, isLid: body.isLid });
    await this.instances.requireConnected(session);
    for (const chat of chats) await this.chats.modify({ instance: session, chat, action: 'mark-unread' });
    return wppActionReply('unseen checked');
  }

  @Post(':session/send-order-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send an order (not supported)',
    description: `Always 501: ${WPP_UNSUPPORTED.order}.`,
  })
  @ApiNotImplementedResponse({ description: 'Not supported', type: WppErrorReply })
  sendOrder(@WppSession() session: string, @Body() body: WppUnsupportedSendDto): Promise<never> {
    void body;
    return this.statuses.unsupported(session, WPP_UNSUPPORTED.order);
  }

  @Post(':session/send-pix-key')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a PIX key (not supported)',
    description: `Always 501: ${WPP_UNSUPPORTED.pix}.`,
  })
  @ApiNotImplementedResponse({ description: 'Not supported', type: WppErrorReply })
  sendPix(@WppSession() session: string, @Body() body: WppUnsupportedSendDto): Promise<never> {
    void body;
    return this.statuses.unsupported(session, WPP_UNSUPPORTED.pix);
  }

  private async fileStory(
    session: string,
    kind: 'image' | 'video',
    body: WppSendFileStoryDto,
    upload: MediaReference | undefined,
  ): Promise<WppSendFileReply> {
    const sent = await this.statuses.postMedia(
      session,
      async () => {
        const input = wppFileInput({ path: body.path }, !!upload);
        await this.instances.requireConnected(session);
        return input.from === 'upload' ? upload! : this.files.take(input, kind);
      },
      (media) => wppFileStory(kind, body, media),
      upload,
    );
    return wppSendFileReply(session, [wppSentFile(sent)]);
  }
}
