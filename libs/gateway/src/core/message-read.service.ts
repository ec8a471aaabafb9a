import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type DownloadMediaCommand,
  type MediaReference,
  type ReceivedMessage,
} from '@zapgate/contracts';
import { MediaStore } from '@zapgate/media';
import { MessageRepository, type MessageCursor, type StoredMessage } from '@zapgate/storage';
import { storedToReceived } from '@zapgate/whatsapp';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/**
 * The largest file a download route answers inline (base64 in a JSON body, as both dialects do):
 * a body is built whole in memory, so bigger files are refused with a clear 413.
 */
export const MAX_INLINE_DOWNLOAD_BYTES = 64 * 1024 * 1024;

/** A downloaded file, whole (both dialects answer it as base64). */
export interface DownloadedFile {
  mime: string;
  fileName?: string;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  bytes: Buffer;
}

/** Where a listing starts: before or after an anchor message of the chat (the newest when none). */
export interface MessagePage {
  chat: string;
  limit: number;
  direction: 'before' | 'after';
  /** A message id of the chat; message_not_found when the store does not have it. */
  anchor?: string;
}

/**
 * Reading messages, the same for both dialects: messages by id or chat from the message store the
 * shards fill, rendered by the dialect; files of media messages downloaded and decrypted by the
 * shard that owns the instance (the `download-media` command) into the media store, streamed
 * from it here and deleted.
 */
@Injectable()
export class MessageReadService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly messages: MessageRepository,
    private readonly media: MediaStore,
  ) {}

  /** A message by id (in `chat` when given); instance_not_found, message_not_found. */
  async get(instance: string, id: string, chat?: string): Promise<StoredMessage> {
    await this.registry.get(instance);
    const found = await this.messages.get(instance, id, chat);
    if (!found)
      throw new DomainError(
        ErrorCode.MessageNotFound,
        `message ${id} not found${chat ? ` in ${chat}` : ''}: it was never seen by this instance, or is past its retention`,
        { id, ...(chat ? { chat } : {}) },
      );
    return found;
  }

  /**
   * A page of a chat's messages, oldest first (as chats show them): the `limit` newest before the
   * anchor (or the newest of all), or the `limit` next after it.
   */
  async list(instance: string, page: MessagePage): Promise<StoredMessage[]> {
    await this.registry.get(instance);
    let cursor: MessageCursor | undefined;
    if (page.anchor) {
      const anchor = await this.get(instance, page.anchor, page.chat);
      cursor = { timestamp: anchor.timestamp, id: anchor.id };
    }
    const found = await this.messages.list(instance, {
      chat: page.chat,
      limit: page.limit,
      ...(cursor ? { [page.direction]: cursor } : {}),
    });
    return found.reverse();
  }

  /** A stored message as the `message-received` event has it (for the dialect's renderer). */
  received(stored: StoredMessage, me?: string): ReceivedMessage | undefined {
    return storedToReceived(stored, me);
  }

  /**
   * Downloads a message's file (by id, or by its keys) and reads it whole from the media store,
   * which is then emptied of it. message_not_found; validation_failed (`no_media`,
   * `download_failed` in details.reason); payload_too_large over MAX_INLINE_DOWNLOAD_BYTES.
   */
  async download(command: DownloadMediaCommand): Promise<DownloadedFile> {
    await this.registry.get(command.instance);
    const ref = await this.client.send('download-media', command);
    try {
      if (ref.size > MAX_INLINE_DOWNLOAD_BYTES)
        throw new DomainError(
          ErrorCode.PayloadTooLarge,
          `the file is ${ref.size} bytes: files over ${MAX_INLINE_DOWNLOAD_BYTES} bytes cannot be answered as base64`,
        );
      return { ...this.describe(ref), bytes: await this.readAll(ref) };
    } finally {
      await this.media.delete(ref).catch(() => undefined);
    }
  }

  private describe(ref: MediaReference): Omit<DownloadedFile, 'bytes'> {
    return { mime: ref.mime, sha256: ref.sha256, ...(ref.fileName ? { fileName: ref.fileName } : {}) };
  }

  private async readAll(ref: MediaReference): Promise<Buffer> {
    const stream = await this.media.open(ref);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size > MAX_INLINE_DOWNLOAD_BYTES) {
        stream.destroy();
        throw new DomainError(ErrorCode.PayloadTooLarge, 'the file is too large to answer as base64');
      }
      chunks.push(b);
    }
    return Buffer.concat(chunks, size);
  }
}
