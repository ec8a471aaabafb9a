import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { MediaReference } from '@zapgate/contracts';
import {
  MegaErrorReply,
  MegaErrorResponses,
  megaChatIdQuery,
  megaMessages,
  MegaMessagesReply,
  megaSendReply,
  MegaSendReply,
  MegaUpdateUrlDto,
  MegaUploadFileDto,
  megaUploadSend,
  type MegaUploadType,
} from '@zapgate/dialect-mega';
import { ChatService } from '../core/chat.service.js';
import { InstanceRegistry } from '../core/instance-registry.js';
import { InstanceService } from '../core/instance.service.js';
import { MediaSendService } from '../core/media-send.service.js';
import { MediaUploadInterceptor, UploadedMedia } from '../core/media-upload.interceptor.js';
import { MessageReadService } from '../core/message-read.service.js';
import { WebhookConfigService } from '../core/webhook-config.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

/**
 * Compatibility routes: paths of the sibling API (mega-API catalog appendix B, an older
 * self-hosted Baileys API with the same `/rest/...` layout) that mega clients written against it
 * still call. mega-API itself documents none of them.
 */
const COMPAT =
  'Compatibility route (the sibling API of mega-API catalog appendix B; not in mega-API itself).';
/** The most messages `messages?chat_id=` answers (the newest). */
const MESSAGES_LIMIT = 500;

@ApiTags('mega-API: compatibility routes')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaCompatController {
  constructor(
    private readonly instances: InstanceService,
    private readonly chats: ChatService,
    private readonly reads: MessageReadService,
    private readonly registry: InstanceRegistry,
    private readonly webhooks: WebhookConfigService,
    private readonly files: MediaSendService,
  ) {}

  @Get('instance/messages/:instance_key')
  @ApiOperation({
    summary: "A chat's messages from the message store (compatibility route)",
    description: `${COMPAT} The newest ${MESSAGES_LIMIT} of the chat, oldest first, each as the \`message\` webhook posts it (media keys included, for downloadMediaMessage). A chat the instance does not have is a 404.`,
  })
  @ApiQuery({ name: 'chat_id', example: '5511999999999@s.whatsapp.net', description: 'Digits or a jid' })
  @ApiOkResponse({ type: MegaMessagesReply })
  async messages(
    @Param('instance_key') key: string,
    @Query('chat_id') chatId?: unknown,
  ): Promise<MegaMessagesReply> {
    const chat = megaChatIdQuery(chatId);
    const { me } = await this.instances.requireConnected(key);
    await this.chats.get(key, chat);
    const stored = await this.chats.chatMessages(key, chat, MESSAGES_LIMIT);
    const received = stored.flatMap((m) => this.reads.received(m, me?.id) ?? []);
    return megaMessages(received, { key, ...(me ? { me: { id: me.id } } : {}) });
  }

  @Post('webhook/:instance_key/updateUrl')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set the webhook URL and switch it on (compatibility route)',
    description: `${COMPAT} \`{data: {url}}\`; configWebhook is mega-API's way. The URL is checked as configWebhook checks it; the event filter is kept.`,
  })
  async updateUrl(@Param('instance_key') key: string, @Body() body: MegaUpdateUrlDto) {
    const url = body.data.url.trim();
    this.webhooks.checkUrl('data.url', url);
    const current = await this.registry.get(key);
    await this.registry.setWebhook(key, {
      url,
      enabled: true,
      ...(current.webhook?.events ? { events: current.webhook.events } : {}),
    });
    return { error: false, message: 'Webhook url updated' };
  }

  @Post('sendMessage/:instance_key/image')
  @UploadRoute('image')
  async image(
    @Param('instance_key') key: string,
    @Query() query: UploadQuery,
    @UploadedMedia() upload?: MediaReference,
  ) {
    return this.upload(key, 'image', query, upload);
  }

  @Post('sendMessage/:instance_key/video')
  @UploadRoute('video')
  async video(
    @Param('instance_key') key: string,
    @Query() query: UploadQuery,
    @UploadedMedia() upload?: MediaReference,
  ) {
    return this.upload(key, 'video', query, upload);
  }

  @Post('sendMessage/:instance_key/audio')
  @UploadRoute('audio')
  async audio(
    @Param('instance_key') key: string,
    @Query() query: UploadQuery,
    @UploadedMedia() upload?: MediaReference,
  ) {
    return this.upload(key, 'audio', query, upload);
  }

  @Post('sendMessage/:instance_key/document')
  @UploadRoute('document')
  async document(
    @Param('instance_key') key: string,
    @Query() query: UploadQuery,
    @UploadedMedia() upload?: MediaReference,
  ) {
    return this.upload(key, 'document', query, upload);
  }

  /** The uploaded file to `id`, through the media send path (the upload deleted afterwards). */
  private async upload(
    key: string,
    type: MegaUploadType,
    query: UploadQuery,
    upload: MediaReference | undefined,
  ): Promise<MegaSendReply> {
    const command = megaUploadSend(key, type, query, upload);
    await this.instances.requireConnected(key);
    const [sent] = await this.files.sendAll(async () => [command], upload);
    return megaSendReply(sent!);
  }
}

type UploadQuery = { id?: unknown; caption?: unknown };

/** A multipart send of one kind: the upload streamed into the media store as `type`. */
function UploadRoute(type: MegaUploadType): MethodDecorator {
  const decorators: MethodDecorator[] = [
    UseInterceptors(MediaUploadInterceptor(type)),
    ApiConsumes('multipart/form-data'),
    ApiOperation({
      summary: `Send an uploaded ${type} (compatibility route)`,
      description: `${COMPAT} The multipart \`file\` part to the query's \`id\`${type === 'audio' ? '' : ', with `caption`'}; sent as mediaBase64 would send it. The reply carries messageData.key.{remoteJid, fromMe, id}. No file or no id is a 400; a file over its type's size limit a 413.`,
    }),
    ApiQuery({ name: 'id', example: '5511999999999', description: 'The recipient: digits or a jid' }),
    ApiQuery({ name: 'caption', required: false, example: 'Our menu' }),
    ApiBody({ type: MegaUploadFileDto }),
    ApiCreatedResponse({ type: MegaSendReply }),
    ApiResponse({ status: 413, description: "The file is over its type's size limit", type: MegaErrorReply }),
  ];
  return (target, property, descriptor) => {
    for (const d of decorators) d(target, property, descriptor);
  };
}
