import { Injectable } from '@nestjs/common';
import type { MediaKind as MessageMediaKind, MediaReference } from '@zapgate/contracts';
import { MediaIntake, type MediaKind, type MediaSource } from '@zapgate/media';

/** The intake's size limit and allow-list for each kind of media message. */
const INTAKE_KIND: Record<MessageMediaKind, MediaKind> = {
  image: 'image',
  video: 'video',
  ptv: 'video',
  audio: 'audio',
  ptt: 'audio',
  document: 'document',
  sticker: 'sticker',
};

/**
 * Callers' files, the same for both dialects: a dialect turns its request into a MediaSource (URL,
 * base64 or upload) and the message kind; this takes the file in (URL policy, size limit, MIME
 * sniffed from the bytes) and returns the reference a `send-message` command carries. A refused
 * file is a MediaError (a DomainError the dialect filters render) and nothing is stored.
 */
@Injectable()
export class MediaService {
  constructor(private readonly intake: MediaIntake) {}

  async take(source: MediaSource, kind: MessageMediaKind): Promise<MediaReference> {
    const ref = await this.intake.ingest(source, INTAKE_KIND[kind]);
    return {
      id: ref.id,
      size: ref.size,
      mime: ref.mime,
      sha256: ref.sha256,
      ...(ref.fileName ? { fileName: ref.fileName } : {}),
    };
  }
}
