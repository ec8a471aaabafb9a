import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { generated, generatedDigest, readAll, sha256 } from './media.fixtures.js';
import { ByteLimit, peekHead, Sha256Tap } from './media-stream.js';

describe(peekHead.name, () => {
  it('gives the first bytes and the whole content, reading the rest only as it is consumed', async () => {
    let produced = 0;
    const source = generated(8 * 1024 ** 2, (n) => (produced = n));
    const sut = await peekHead(source, 100_000);
    expect(sut.head.length).toBe(100_000);
    // two 64 KiB chunks for the head, and a stream's read-ahead: nowhere near the 8 MiB
    expect(produced).toBeLessThan(1024 ** 2);
    const tap = new Sha256Tap();
    await pipeline(sut.stream, tap, async function* (chunks) {
      for await (const _ of chunks) yield* [];
    });
    expect({ sha256: tap.digest(), size: tap.size }).toEqual(await generatedDigest(8 * 1024 ** 2));
  });

  it('gives all of a stream shorter than the head', async () => {
    const sut = await peekHead(Readable.from([Buffer.from('ab'), Buffer.from('c')]), 1000);
    expect(sut.head.toString()).toBe('abc');
    expect((await readAll(sut.stream)).toString()).toBe('abc');
  });

  it("passes the source's error on", async () => {
    const source = new Readable({ read() {} });
    source.push(Buffer.alloc(10));
    const sut = await peekHead(source, 5);
    source.destroy(new Error('connection reset'));
    await expect(readAll(sut.stream)).rejects.toThrow('connection reset');
  });
});

describe(ByteLimit.name, () => {
  it('passes exactly the limit and refuses one byte more', async () => {
    const bytes = Buffer.alloc(1000, 3);
    expect(await readAll(Readable.from([bytes]).pipe(new ByteLimit(1000)))).toEqual(bytes);
    const over = await pipeline(
      Readable.from([bytes, Buffer.alloc(1)]),
      new ByteLimit(1000, 'the video'),
      async (s) => {
        for await (const _ of s);
      },
    ).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(MediaError);
    expect(over).toMatchObject({
      reason: MediaErrorReason.TooLarge,
      message: 'the video is larger than the limit of 1000 bytes',
    });
  });
});

describe(Sha256Tap.name, () => {
  it('counts and hashes what passes', async () => {
    const sut = new Sha256Tap();
    const out = await readAll(Readable.from([Buffer.from('zap'), Buffer.from('gate')]).pipe(sut));
    expect(out.toString()).toBe('zapgate');
    expect({ size: sut.size, sha256: sut.digest() }).toEqual({
      size: 7,
      sha256: sha256(Buffer.from('zapgate')),
    });
  });
});
