// Files for the media tests: real images made by sharp, and the leading bytes (magic numbers) of
// the audio, video and document formats, padded, which is all MIME sniffing reads.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export const image = (format: 'jpeg' | 'png' | 'webp' | 'gif', width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .toFormat(format)
    .toBuffer();

const padded = (head: Buffer, size = 8192) =>
  Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 7)]);

/** An ISO BMFF file's `ftyp` box: isom (video/mp4), M4A (audio/mp4), 3gp4 (video/3gpp). */
export function ftyp(brand: string, size?: number): Buffer {
  const body = Buffer.concat([Buffer.from(brand), Buffer.alloc(4), Buffer.from(brand)]);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write('ftyp', 4);
  return padded(Buffer.concat([header, body]), size);
}

/** The first Ogg page of an Opus stream (a voice note). */
export function oggOpus(size?: number): Buffer {
  const page = Buffer.alloc(27);
  page.write('OggS');
  page[5] = 2; // beginning of stream
  page[26] = 1; // one segment
  const opusHead = Buffer.concat([
    Buffer.from('OpusHead'),
    Buffer.from([1, 1, 0, 0, 0x80, 0xbb, 0, 0, 0, 0, 0]),
  ]);
  return padded(Buffer.concat([page, Buffer.from([opusHead.length]), opusHead]), size);
}

export const mp3 = (size?: number) => padded(Buffer.from([0xff, 0xfb, 0x90, 0x64]), size);
export const pdf = (size?: number) => padded(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), size);

/** `total` bytes of a repeating pseudo-random pattern, produced as read (never held whole). */
export function generated(
  total: number,
  onProgress?: (produced: number) => void,
  chunk = 64 * 1024,
): Readable {
  const block = Buffer.alloc(chunk);
  for (let i = 0; i < chunk; i++) block[i] = (i * 2654435761) >>> 24;
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(chunk, total - sent);
      // a fresh buffer per chunk, as a socket would give (a shared one could be mutated later)
      const out = Buffer.from(block.subarray(0, n));
      if (n >= 4) out.writeUInt32BE(sent >>> 0, 0);
      sent += n;
      onProgress?.(sent);
      this.push(out);
    },
  });
}

/** The SHA-256 and size of what `generated(total)` produces. */
export async function generatedDigest(total: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of generated(total)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Reads a stream whole (for small files in tests). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** V8's full collection, exposed at run time (jest runs without --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Bytes the process holds: the JS heap and memory outside it (Buffers), right after a full collection. */
function held(gc: () => void): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * Measures what a piece of streaming code holds on to: `sample()` (called from inside the stream,
 * e.g. every 2 MB produced or consumed) runs a full collection and notes the memory still
 * referenced; `growth` is the most it was above the start. Garbage is not counted (V8 lets it pile
 * up to a 64 MB external-memory soft limit before collecting, which would hide whether code streams
 * or buffers), nor what the allocator keeps of freed memory, as RSS would.
 */
export function memoryProbe(): { sample(): void; readonly growth: number } {
  const gc = collector();
  const start = held(gc);
  let peak = start;
  return {
    sample: () => void (peak = Math.max(peak, held(gc))),
    get growth() {
      return peak - start;
    },
  };
}
