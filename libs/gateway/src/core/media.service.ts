import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type MediaKind as MessageMediaKind,
  type MediaReference,
} from '@zapgate/contracts';
import {
  mediaFromBase64,
  mediaFromUrl,
  MediaIntake,
  MediaStore,
  VoiceNoteConverter,
  type MediaKind,
  type MediaSource,
} from '@zapgate/media';

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
 * A file as a dialect names it (dialects do not depend on the media lib): a URL, or base64 text
 * (bare or a data URI), with what the caller says it is.
 */
export type DialectMediaInput = ({ url: string } | { base64: string }) & { mime?: string; fileName?: string };

/** The MediaSource of a dialect's input: the URL's syntax or the base64 text checked (MediaError when not). */
export function mediaSourceOf(input: DialectMediaInput): MediaSource {
  const hints = {
    ...(input.mime ? { mime: input.mime } : {}),
    ...(input.fileName ? { fileName: input.fileName } : {}),
  };
  return 'url' in input ? mediaFromUrl(input.url, hints) : mediaFromBase64(input.base64, hints);
}

/**
 * Callers' files, the same for both dialects: a dialect turns its request into a MediaSource (URL,
 * base64 or upload) and the message kind; this takes the file in (URL policy, size limit, MIME
 * sniffed from the bytes) and returns the reference a `send-message` command carries. A refused
 * file is a MediaError (a DomainError the dialect filters render) and nothing is stored.
 */
@Injectable()
export class MediaService {
  private readonly voiceNotes: VoiceNoteConverter;

  constructor(
    private readonly intake: MediaIntake,
    private readonly store: MediaStore,
  ) {
    this.voiceNotes = new VoiceNoteConverter(store);
  }

  async take(source: MediaSource | DialectMediaInput, kind: MessageMediaKind): Promise<MediaReference> {
    const from = 'type' in source ? source : mediaSourceOf(source);
    let ref = await this.intake.ingest(from, INTAKE_KIND[kind]);
    // voice notes play as ogg/opus only: other audio is converted (ffmpeg), ogg/opus kept as is
    if (kind === 'ptt') ref = await this.voiceNotes.toVoiceNote(ref);
    return {
      id: ref.id,
      size: ref.size,
      mime: ref.mime,
      sha256: ref.sha256,
      ...(ref.fileName ? { fileName: ref.fileName } : {}),
    };
  }

  /**
   * Deletes a file the shard was told to keep (`options.keepMedia`, one file sent to several
   * recipients) once the last send is done. A file already gone is no error.
   */
  async discard(media: Pick<MediaReference, 'id'>): Promise<void> {
    await this.store.delete(media);
  }

  /**
   * Runs the sends of a file taken in: `once` (one send; the shard deletes the file once sent,
   * so it is deleted here only when the send failed, which would leave it to the store's age
   * limit) or `shared` (sends with `keepMedia` to several recipients; deleted after the last).
   * After a timeout the file stays (the shard may still be reading it) until the store's age limit.
   */
  async sending<T>(
    media: Pick<MediaReference, 'id'>,
    use: 'once' | 'shared',
    run: () => Promise<T>,
  ): Promise<T> {
    let keep = false;
    try {
      const result = await run();
      keep = use === 'once';
      return result;
    } catch (err) {
      // a send that timed out may still be reading the file on the shard: the store's age limit
      // deletes it later
      keep = err instanceof DomainError && err.code === ErrorCode.Timeout;
      throw err;
    } finally {
      if (!keep) await this.discard(media).catch(() => undefined);
    }
  }
}
