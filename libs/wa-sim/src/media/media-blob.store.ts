import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const ID = /^[0-9a-f]{32}$/;

/** The body was larger than the cap; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`media larger than ${limit} bytes`);
  }
}

export interface StoredBlob {
  id: string;
  size: number;
  sha256: Buffer;
}

/**
 * The media host's files: encrypted media exactly as uploaded, one file per upload, streamed to
 * and from disk (never held whole in memory). With the simulator's state folder they live in
 * `<stateDir>/media` and outlive restarts (media never expires, as a simulated phone could not
 * answer a re-upload request); without one, in a private temporary folder removed on close.
 */
export class MediaBlobStore {
  private constructor(
    readonly dir: string,
    private readonly owned: boolean,
  ) {}

  static async open(stateDir?: string): Promise<MediaBlobStore> {
    if (!stateDir) return new MediaBlobStore(await mkdtemp(join(tmpdir(), 'zg-sim-media-')), true);
    const dir = join(stateDir, 'media');
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    // uploads cut short by a crash
    for (const name of await readdir(dir)) if (name.endsWith('.part')) await unlink(join(dir, name));
    return new MediaBlobStore(dir, false);
  }

  static isId(id: string): boolean {
    return ID.test(id);
  }

  /**
   * Streams `source` into a new file, at most `limit` bytes; `accept` sees the SHA-256 of what
   * arrived and throws to refuse it. The file exists under its id only once accepted.
   */
  async write(source: Readable, limit: number, accept: (blob: StoredBlob) => void): Promise<StoredBlob> {
    const id = randomBytes(16).toString('hex');
    const part = join(this.dir, `${id}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) return done(new BlobTooLargeError(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(part, { mode: 0o600 }));
      const blob = { id, size, sha256: hash.digest() };
      accept(blob);
      await rename(part, this.path(id));
      return blob;
    } catch (err) {
      await unlink(part).catch(() => undefined);
      throw err;
    }
  }

  async size(id: string): Promise<number | undefined> {
    if (!ID.test(id)) return undefined;
    try {
      return (await stat(this.path(id))).size;
    } catch {
      return undefined;
    }
  }

  /** Bytes `start..end` (inclusive) of a stored file. */
  read(id: string, range?: { start: number; end: number }): ReadStream {
    if (!ID.test(id)) throw new Error(`not a media id: ${id}`);
    return createReadStream(this.path(id), range);
  }

  async close(): Promise<void> {
    if (this.owned) await rm(this.dir, { recursive: true, force: true });
  }

  private path(id: string): string {
    return join(this.dir, `${id}.enc`);
  }
}
