import { Injectable, Optional } from '@nestjs/common';
import type { MediaKind, MediaReference, SendMessageCommand, SentMessage } from '@zapgate/contracts';
import {
  mediaFromBase64,
  MediaStore,
  parseMediaSource,
  StickerConverter,
  type MediaHints,
} from '@zapgate/media';
import { BulkSendService } from './bulk-send.service.js';
import { MediaService } from './media.service.js';
import { MessagingService } from './messaging.service.js';

/** A caller's file as a dialect read it: a URL or data URI, a data URI alone, or an upload taken in. */
export type FileInput =
  | { from: 'path'; value: string }
  | { from: 'base64'; value: string }
  | { from: 'upload'; media: MediaReference };

const mediaOf = (command: SendMessageCommand): MediaReference | undefined =>
  'media' in command.content ? command.content.media : undefined;

/**
 * Files sent to one or more recipients, the same for both dialects: a file is taken in once
 * (MediaService), each recipient gets it with `keepMedia` (so the shard leaves it in the store),
 * and it is deleted after the last send, or when anything before fails.
 */
@Injectable()
export class MediaSendService {
  private readonly stickers: StickerConverter;

  constructor(
    private readonly media: MediaService,
    private readonly messaging: MessagingService,
    private readonly store: MediaStore,
    @Optional() private readonly bulk?: BulkSendService,
  ) {
    this.stickers = new StickerConverter(store);
  }

  /** The file of a send as `kind` (a voice note converted to ogg/opus); an upload as it was taken in. */
  async take(input: FileInput, kind: MediaKind, hints: MediaHints = {}): Promise<MediaReference> {
    switch (input.from) {
      case 'upload':
        return input.media;
      case 'base64':
        return this.media.take(mediaFromBase64(input.value, hints), kind);
      case 'path':
        return this.media.take(parseMediaSource(input.value, hints), kind);
    }
  }

  /**
   * An image (png, jpeg, webp; a gif taken in as a document) as a 512x512 webp sticker, animated
   * when asked and the image is. The original is deleted.
   */
  async sticker(image: MediaReference, animated: boolean): Promise<MediaReference> {
    const sticker = await this.stickers.toSticker(image, { animated });
    return {
      id: sticker.id,
      size: sticker.size,
      mime: sticker.mime,
      sha256: sticker.sha256,
    };
  }

  /**
   * Sends what `prepare` builds, in order, the first failure ending the request. `prepare` takes
   * the file in and hands each stored file to `track`: every tracked file, every file the commands
   * carry, and `upload` are deleted afterwards, sent or not. Several recipients go as a paced
   * durable job (BulkSendService), which deletes the files after its last send, after a restart too.
   */
  async sendAll(
    prepare: (track: (media: MediaReference) => MediaReference) => Promise<SendMessageCommand[]>,
    upload?: MediaReference,
  ): Promise<SentMessage[]> {
    const stored = new Set<string>(upload ? [upload.id] : []);
    const track = (media: MediaReference) => (stored.add(media.id), media);
    try {
      const commands = await prepare(track);
      for (const command of commands) {
        const media = mediaOf(command);
        if (media) stored.add(media.id);
      }
      const kept = commands.map((c) => ({ ...c, options: { ...c.options, keepMedia: true } }));
      if (this.bulk && new Set(kept.map((c) => c.to)).size > 1) {
        // several recipients: a paced durable job, which deletes the files after its last send
        const files = [...stored];
        stored.clear();
        return await this.bulk.sendEachUntilFailure(kept, (c) => this.messaging.send(c), files);
      }
      const sent: SentMessage[] = [];
      for (const command of kept) sent.push(await this.messaging.send(command));
      return sent;
    } finally {
      await Promise.all([...stored].map((id) => this.store.delete({ id }).catch(() => undefined)));
    }
  }
}
