import { pipeline, Readable } from 'node:stream';
import type { MediaSettings } from '@zapgate/config';
import { MediaError, MediaErrorReason } from './media.exception.js';
import type { MediaSource } from './media-source.js';
import type { MediaRef, MediaStore } from './media-store.js';
import { ByteLimit, peekHead, tooLarge } from './media-stream.js';
import { decideMime, SNIFF_BYTES, sniffMime, type MediaKind } from './media-type.js';
import { asMediaError, type MediaUrlFetcher } from './media-url-fetcher.js';

export interface MediaLimits {
  /** Bytes per kind. */
  maxBytes: Record<MediaKind, number>;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
}

/** The limits as configured (WithMediaSettings). */
export function mediaLimitsFrom(env: MediaSettings): MediaLimits {
  return {
    maxBytes: {
      image: env.MEDIA_MAX_IMAGE_SIZE,
      video: env.MEDIA_MAX_VIDEO_SIZE,
      audio: env.MEDIA_MAX_AUDIO_SIZE,
      sticker: env.MEDIA_MAX_STICKER_SIZE,
      document: env.MEDIA_MAX_DOCUMENT_SIZE,
    },
    connectTimeoutMs: env.MEDIA_FETCH_CONNECT_TIMEOUT_MS,
    totalTimeoutMs: env.MEDIA_FETCH_TIMEOUT_MS,
  };
}

/**
 * Takes a caller's file in: opens its bytes (fetching a URL under the URL policy, decoding base64,
 * or reading an upload), refuses it past its kind's size limit (a declared length up front, the
 * bytes as they stream), sniffs its MIME type from the first bytes and decides what it is sent as
 * (decideMime), and streams it into the media store. What comes out is a MediaRef for a command;
 * what does not is a MediaError (InvalidData, TooLarge, UnsupportedType, UrlRefused, FetchFailed,
 * FetchTimeout), and then nothing is stored.
 */
export class MediaIntake {
  constructor(
    private readonly store: MediaStore,
    private readonly fetcher: MediaUrlFetcher,
    private readonly limits: MediaLimits,
  ) {}

  async ingest(source: MediaSource, kind: MediaKind): Promise<MediaRef> {
    const maxBytes = this.limits.maxBytes[kind];
    const what = `the ${kind}`;
    let bytes: Readable;
    let declared = source.mime;
    let fileName = source.fileName;
    const fromUrl = source.type === 'url';
    switch (source.type) {
      case 'url': {
        const fetched = await this.fetcher.fetch(source.url, {
          maxBytes,
          connectTimeoutMs: this.limits.connectTimeoutMs,
          totalTimeoutMs: this.limits.totalTimeoutMs,
        });
        bytes = fetched.stream;
        // the caller's word first: a server's Content-Type is often generic or wrong
        declared ??= fetched.contentType;
        fileName ??= fetched.fileName;
        break;
      }
      case 'base64':
        // the decoded size is known from the text's length: refused before decoding anything
        if (source.size > maxBytes) throw tooLarge(maxBytes, what);
        bytes = Readable.from([Buffer.from(source.base64, 'base64')], { objectMode: false });
        break;
      case 'stream': {
        if (source.size !== undefined && source.size > maxBytes) {
          source.stream.destroy();
          throw tooLarge(maxBytes, what);
        }
        // pipeline: the upload's errors reach the limit, and the limit's refusal stops the upload
        bytes = pipeline(source.stream, new ByteLimit(maxBytes, what), () => undefined);
        break;
      }
    }
    const failure = (err: unknown) => (fromUrl ? asMediaError(err as Error) : err);
    let peeked: { head: Buffer; stream: Readable };
    try {
      peeked = await peekHead(bytes, SNIFF_BYTES);
    } catch (err) {
      bytes.destroy();
      throw failure(err);
    }
    if (!peeked.head.length) {
      peeked.stream.destroy();
      throw new MediaError(MediaErrorReason.InvalidData, `${what} is empty`);
    }
    let mime: string;
    try {
      mime = decideMime(kind, declared, await sniffMime(peeked.head)).mime;
    } catch (err) {
      peeked.stream.destroy();
      throw err;
    }
    try {
      return await this.store.put(peeked.stream, { mime, ...(fileName ? { fileName } : {}) });
    } catch (err) {
      throw failure(err);
    }
  }
}
