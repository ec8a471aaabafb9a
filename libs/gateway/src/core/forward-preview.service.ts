import { Injectable } from '@nestjs/common';
import { type ForwardMessageCommand, type SendMessageCommand, type SentMessage } from '@zapgate/contracts';
import { LinkPreviewer, MediaUrlFetcher } from '@zapgate/media';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import { MessagingService } from './messaging.service.js';
import { WebhookGatewaySettings } from './webhook-config.service.js';

/**
 * Forwards and link previews, the same for both dialects. A forward is the shard's
 * `forward-message` on a stored message (message_not_found when it has none). A link preview is
 * made here, before the send: the page is fetched under the URL policy (the one media URLs and
 * webhooks obey) with a short timeout, and a page that fails sends the text without a preview.
 */
@Injectable()
export class ForwardPreviewService {
  private readonly previewer: LinkPreviewer;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly messaging: MessagingService,
    settings: WebhookGatewaySettings,
  ) {
    this.previewer = new LinkPreviewer(new MediaUrlFetcher(settings.urlPolicy));
  }

  async forward(command: ForwardMessageCommand): Promise<SentMessage> {
    await this.registry.get(command.instance);
    return this.client.send('forward-message', command);
  }

  /**
   * Sends a text with the preview of `url` (default: its first link); the text alone when the
   * page gives none. Whether it had one comes back with the message.
   */
  async sendWithPreview(
    command: SendMessageCommand,
    url?: string,
  ): Promise<{ sent: SentMessage; previewed: boolean }> {
    const { command: ready, previewed } = await this.withPreview(command, url);
    return { sent: await this.messaging.send(ready), previewed };
  }

  /**
   * The text command with the preview of `url` (default: its first link) in its content, or as it
   * was when the page gives none (a send to many makes it once for every recipient).
   */
  async withPreview(
    command: SendMessageCommand,
    url?: string,
  ): Promise<{ command: SendMessageCommand; previewed: boolean }> {
    if (command.content.kind !== 'text') throw new Error('withPreview: a text send only');
    await this.registry.get(command.instance);
    const text = command.content.text;
    const preview = url ? await this.previewer.forUrl(url) : await this.previewer.forText(text);
    const content = preview ? { ...command.content, linkPreview: preview } : command.content;
    return { command: { ...command, content }, previewed: !!preview };
  }
}
