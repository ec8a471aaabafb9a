import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import {
  createParamDecorator,
  Injectable,
  mixin,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { DomainError, ErrorCode, type MediaKind, type MediaReference } from '@zapgate/contracts';
import { mediaFromStream, MediaStore } from '@zapgate/media';
import { finalize, type Observable } from 'rxjs';
import { MediaService } from './media.service.js';

/** The part of multer (a dependency of @nestjs/platform-express too; it ships no types) used here. */
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace multer {
  interface File {
    fieldname: string;
    originalname: string;
    encoding: string;
    mimetype: string;
    stream: Readable;
  }
  interface StorageEngine {
    _handleFile(req: IncomingMessage, file: File, cb: (error: unknown, info?: object) => void): void;
    _removeFile(req: IncomingMessage, file: File, cb: (error: unknown) => void): void;
  }
  interface Limits {
    fieldNameSize?: number;
    fieldSize?: number;
    fields?: number;
    fileSize?: number;
    files?: number;
    parts?: number;
    headerPairs?: number;
  }
  interface Options {
    storage?: StorageEngine;
    limits?: Limits;
    defParamCharset?: string;
  }
  type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
}
const multer = createRequire(import.meta.url)('multer') as (options: multer.Options) => {
  single(field: string): multer.Handler;
};

/** The multipart field the file comes in (WPPConnect's `upload.single('file')`). */
export const UPLOAD_FIELD = 'file';

/** Text fields of an upload: as many and as long as a JSON body of the same request would carry. */
const LIMITS: multer.Limits = { files: 1, fields: 64, parts: 65, fieldSize: 1024 * 1024, headerPairs: 100 };

type UploadRequest = IncomingMessage & { file?: { media?: MediaReference } };

/**
 * A multer storage engine that streams the uploaded file into the media intake (MediaService):
 * its kind's size limit counted as the bytes come, its MIME type sniffed, and the bytes written
 * to the media store as they arrive, never held whole in memory. The part gets `media`, the
 * reference a `send-message` command carries.
 */
export class MediaStorageEngine implements multer.StorageEngine {
  constructor(
    private readonly media: MediaService,
    private readonly store: MediaStore,
    private readonly kind: MediaKind,
  ) {}

  _handleFile(_req: IncomingMessage, file: multer.File, cb: (error: unknown, info?: object) => void): void {
    const declared =
      file.mimetype && file.mimetype !== 'application/octet-stream' ? file.mimetype : undefined;
    const source = mediaFromStream(file.stream, {
      ...(declared ? { mime: declared } : {}),
      ...(file.originalname ? { fileName: file.originalname } : {}),
    });
    this.media.take(source, this.kind).then(
      (media) => cb(null, { media, size: media.size }),
      (err: unknown) => cb(err),
    );
  }

  _removeFile(_req: IncomingMessage, file: multer.File, cb: (error: unknown) => void): void {
    const media = (file as { media?: MediaReference }).media;
    if (!media) return cb(null);
    this.store.delete(media).then(() => cb(null), cb);
  }
}

/** multer's and busboy's refusals as domain errors (4xx in the caller's dialect). */
export function uploadError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const e = err as { name?: string; code?: string; field?: string; message?: string };
  if (e?.name === 'MulterError') {
    switch (e.code) {
      case 'LIMIT_UNEXPECTED_FILE':
        return new DomainError(
          ErrorCode.ValidationFailed,
          `the file must be sent in the multipart field "${UPLOAD_FIELD}"${e.field ? ` (got "${e.field}")` : ''}`,
        );
      case 'LIMIT_FILE_COUNT':
        return new DomainError(ErrorCode.ValidationFailed, 'send one file per request');
      default:
        return new DomainError(
          ErrorCode.PayloadTooLarge,
          `the multipart body has too many or too large fields (${e.code ?? 'limit'})`,
        );
    }
  }
  if (err instanceof Error)
    return new DomainError(
      ErrorCode.ValidationFailed,
      `the multipart body could not be read: ${err.message}`,
    );
  return err;
}

/**
 * An interceptor for a route that takes a multipart `file` (WPPConnect's upload routes): reads a
 * `multipart/form-data` body (other bodies pass untouched), streaming the file into the media
 * store as `kind` (see MediaStorageEngine), and the text fields into `req.body`. Authentication
 * comes first: the pre-body middleware and the route's guard refuse a request without a valid
 * credential before its body is read. The stored upload is deleted once the request is answered,
 * whatever the answer (a sent message's copy is the shard's).
 */
export function MediaUploadInterceptor(kind: MediaKind): Type<NestInterceptor> {
  @Injectable()
  class Upload implements NestInterceptor {
    private readonly handler: multer.Handler;

    constructor(
      media: MediaService,
      private readonly store: MediaStore,
    ) {
      this.handler = multer({
        storage: new MediaStorageEngine(media, store, kind),
        limits: LIMITS,
        defParamCharset: 'utf8',
      }).single(UPLOAD_FIELD);
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const http = context.switchToHttp();
      const req = http.getRequest<UploadRequest>();
      await new Promise<void>((resolve, reject) =>
        this.handler(req, http.getResponse(), (err: unknown) => (err ? reject(uploadError(err)) : resolve())),
      );
      const media = req.file?.media;
      if (!media) return next.handle();
      return next.handle().pipe(finalize(() => void this.store.delete(media).catch(() => undefined)));
    }
  }
  return mixin(Upload);
}

/** The uploaded file's media reference, when the request had one (see MediaUploadInterceptor). */
export const UploadedMedia = createParamDecorator(
  (_: unknown, context: ExecutionContext): MediaReference | undefined =>
    context.switchToHttp().getRequest<UploadRequest>().file?.media,
);
