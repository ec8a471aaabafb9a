import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { UPLOAD_FIELD, uploadError } from './media-upload.interceptor.js';

/** The part of multer used here (it ships no types). */
interface MemoryUpload {
  single(field: string): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
}
const multerRequire = createRequire(import.meta.url)('multer') as {
  (options: { storage: unknown; limits: Record<string, number> }): MemoryUpload;
  memoryStorage(): unknown;
};

/**
 * Reads a multipart body's `file` into memory, up to `maxBytes` (an archive to restore; past the
 * limit a 400, as for any bad archive). A request with no file, or not multipart, is a 400 too.
 */
export async function readUploadedFile(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<Uint8Array> {
  const handler = multerRequire({
    storage: multerRequire.memoryStorage(),
    limits: { files: 1, fileSize: maxBytes, fields: 16, parts: 17, fieldSize: 64 * 1024 },
  }).single(UPLOAD_FIELD);
  await new Promise<void>((resolve, reject) =>
    handler(req, res, (err: unknown) => {
      if (!err) return resolve();
      const code = (err as { code?: string }).code;
      reject(
        code === 'LIMIT_FILE_SIZE'
          ? new DomainError(ErrorCode.ValidationFailed, `the file is over ${maxBytes} bytes`)
          : uploadError(err),
      );
    }),
  );
  const file = (req as { file?: { buffer?: Buffer } }).file;
  if (!file?.buffer)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `send the zip as multipart/form-data in the field "${UPLOAD_FIELD}"`,
    );
  return new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength);
}
