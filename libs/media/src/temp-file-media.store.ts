import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { isMediaId, MediaStore, type MediaMeta, type MediaRef } from './media-store.js';
import { Sha256Tap } from './media-stream.js';

export interface TempFileMediaStoreOptions {
  /** The folder (created mode 0700 when missing); nothing but this store's files should be in it. */
  dir: string;
  /** Files older than this are deleted by the sweep (ms). */
  maxAgeMs: number;
  /** How often the sweep runs (ms; default a tenth of maxAgeMs, at least a second). */
  sweepIntervalMs?: number;
}

export const mediaNotFound = (id: string) =>
  new MediaError(MediaErrorReason.NotFound, 'the media file is not there (deleted after use, or expired)', {
    id,
  });

/**
 * Media as files in one folder, for the standalone process (gateway and shard share the disk):
 * one file per ref, named by its UUID, mode 0600, written as the bytes stream in. The sender
 * deletes a file once sent; a periodic sweep deletes what is older than maxAgeMs (a send that
 * failed, a process that died between intake and send).
 */
export class TempFileMediaStore extends MediaStore {
  private sweeper?: NodeJS.Timeout;

  private constructor(private readonly options: TempFileMediaStoreOptions) {
    super();
  }

  /** Creates the folder if needed and starts the sweep. */
  static async open(options: TempFileMediaStoreOptions): Promise<TempFileMediaStore> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const store = new TempFileMediaStore(options);
    const every = options.sweepIntervalMs ?? Math.max(1_000, Math.floor(options.maxAgeMs / 10));
    store.sweeper = setInterval(() => void store.sweep().catch(() => undefined), every);
    store.sweeper.unref();
    return store;
  }

  async put(stream: Readable, meta: MediaMeta): Promise<MediaRef> {
    const id = randomUUID();
    const path = this.pathOf(id);
    const tap = new Sha256Tap();
    try {
      // `wx`: a new file or nothing; 0600: only this user reads what callers sent
      await pipeline(stream, tap, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    return {
      id,
      size: tap.size,
      mime: meta.mime,
      sha256: tap.digest(),
      ...(meta.fileName ? { fileName: meta.fileName } : {}),
    };
  }

  async open(ref: Pick<MediaRef, 'id'>): Promise<Readable> {
    if (!isMediaId(ref.id)) throw mediaNotFound(String(ref.id));
    try {
      // opened here, so a missing file is an answer now rather than a stream error later
      const handle = await open(this.pathOf(ref.id), 'r');
      return handle.createReadStream();
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') throw mediaNotFound(ref.id);
      throw err;
    }
  }

  async delete(ref: Pick<MediaRef, 'id'>): Promise<void> {
    if (isMediaId(ref.id)) await rm(this.pathOf(ref.id), { force: true });
  }

  /** Deletes this store's files older than maxAgeMs; how many it deleted. */
  async sweep(now = Date.now()): Promise<number> {
    let deleted = 0;
    for (const name of await readdir(this.options.dir)) {
      if (!isMediaId(name)) continue;
      const path = join(this.options.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.mtimeMs > this.options.maxAgeMs) {
        await rm(path, { force: true });
        deleted++;
      }
    }
    return deleted;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private pathOf(id: string): string {
    return join(this.options.dir, id);
  }
}
