import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { MediaError, MediaErrorReason } from './media.exception.js';

/** The refusal of a file over its limit (413 in either dialect). */
export function tooLarge(maxBytes: number, what = 'the media'): MediaError {
  return new MediaError(
    MediaErrorReason.TooLarge,
    `${what} is larger than the limit of ${formatBytes(maxBytes)}`,
    { maxBytes },
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GB`;
  if (n >= 1024 ** 2) return `${Math.round((n / 1024 ** 2) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

/**
 * Passes at most `maxBytes` through and fails with a TooLarge MediaError on the first byte past
 * them: the source is not read further (a pipeline destroys it), so an endless or lying upload
 * costs at most one chunk more than the limit.
 */
export class ByteLimit extends Transform {
  /** Bytes seen so far. */
  bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly what?: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes, this.what));
    done(null, chunk);
  }
}

/** Counts bytes and computes their SHA-256 as they pass (nothing is kept). */
export class Sha256Tap extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;
  private hex?: string;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }

  /** The hex digest, once the stream has ended. */
  digest(): string {
    return (this.hex ??= this.hash.digest('hex'));
  }
}

/**
 * Reads the first `bytes` bytes of a stream (fewer if it ends first) and gives back a stream of
 * the whole content, those bytes included, that reads the rest from the source as it is consumed
 * (backpressure kept; an error of the source surfaces on it).
 */
export async function peekHead(source: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* whole(): AsyncGenerator<Buffer> {
    try {
      if (head.length) yield head;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next())
        yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    } finally {
      // a consumer that stops early (an error downstream) must not leave the source open
      if (!source.destroyed) source.destroy();
    }
  }
  return { head: head.subarray(0, bytes), stream: Readable.from(whole(), { objectMode: false }) };
}
