import { Subjects, type InstanceCommands, type MediaReference } from '@zapgate/contracts';
import type { WebhookMediaFile } from '@zapgate/dialect-common';
import type { MediaStore } from '@zapgate/media';
import type { CommandBus } from '@zapgate/transport';
import type { WebhookMediaSource } from './webhook-dispatcher.js';

/** Files over this are not put in webhooks by default (the POST body is the file, base64, in memory). */
export const DEFAULT_WEBHOOK_MEDIA_MAX_BYTES = 16 * 1024 * 1024;

export interface CommandMediaSourceOptions {
  /** Larger files are left out (the webhook carries the thumbnail). */
  maxBytes: number;
  /** How long the owning shard may take to download and decrypt a file. */
  timeoutMs: number;
}

/**
 * A message's file for a webhook: the owning shard downloads and decrypts it into the media store
 * (the `download-media` command), and it is read from there whole and deleted. Files the event
 * says are over `maxBytes` are not fetched at all; a file that turns out larger is dropped.
 */
export class CommandMediaSource implements WebhookMediaSource {
  constructor(
    private readonly bus: CommandBus,
    private readonly store: Pick<MediaStore, 'open' | 'delete'>,
    private readonly o: CommandMediaSourceOptions,
  ) {}

  async download(
    instance: string,
    message: { id: string; chat?: string; size?: number },
  ): Promise<WebhookMediaFile | undefined> {
    if (message.size !== undefined && message.size > this.o.maxBytes) return undefined;
    const request: InstanceCommands['download-media']['request'] = {
      instance,
      id: message.id,
      ...(message.chat ? { chat: message.chat } : {}),
    };
    const ref = await this.bus.request<MediaReference>(
      Subjects.command(instance, 'download-media'),
      request,
      {
        timeoutMs: this.o.timeoutMs,
      },
    );
    try {
      if (ref.size > this.o.maxBytes) return undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of await this.store.open(ref)) {
        const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += b.length;
        if (size > this.o.maxBytes) return undefined;
        chunks.push(b);
      }
      return { mime: ref.mime, base64: Buffer.concat(chunks, size).toString('base64') };
    } finally {
      await this.store.delete(ref).catch(() => undefined);
    }
  }
}
