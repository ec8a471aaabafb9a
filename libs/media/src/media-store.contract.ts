import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { generated, generatedDigest, memoryProbe, readAll, sha256 } from './media.fixtures.js';
import type { MediaStore } from './media-store.js';

export interface MediaStoreUnderTest {
  store: MediaStore;
  /** How many files the store holds (to see that a failed put leaves nothing behind). */
  count(): Promise<number>;
  close(): Promise<void>;
}

const TWENTY_MB = 20 * 1024 ** 2;
/**
 * Memory a store may hold on to while 20 MB pass through it: far under the file (one that buffers
 * it holds 18 MB or more by the last sample), loose enough for a client's own buffers (the NATS
 * client's reads hold 5-7 MB on their way in, whatever the object's size; temp files about 2 MB).
 */
const STREAMING_BOUND = 10 * 1024 ** 2;
const SAMPLE_EVERY = 2 * 1024 ** 2;

async function notFound(promise: Promise<unknown>): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  expect((err as MediaError).reason).toBe(MediaErrorReason.NotFound);
}

/** One behaviour, two adapters: temp files (standalone) and JetStream Object Store (distributed). */
export function describeMediaStoreContract(name: string, start: () => Promise<MediaStoreUnderTest>): void {
  describe(`media store contract: ${name}`, () => {
    let t: MediaStoreUnderTest;

    beforeEach(async () => {
      t = await start();
    });
    afterEach(async () => {
      await t.close();
    });

    it('stores a stream and gives back its bytes, size, SHA-256, MIME and name', async () => {
      const bytes = Buffer.from('%PDF-1.7 a small document \x00\xff', 'latin1');
      const ref = await t.store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), {
        mime: 'application/pdf',
        fileName: 'report.pdf',
      });
      expect(ref).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        size: bytes.length,
        mime: 'application/pdf',
        sha256: sha256(bytes),
        fileName: 'report.pdf',
      });
      expect(await readAll(await t.store.open(ref))).toEqual(bytes);
      // a ref is plain data: it crosses NATS as JSON and still opens the file
      expect(await readAll(await t.store.open(JSON.parse(JSON.stringify(ref))))).toEqual(bytes);
    });

    it('stores an empty stream', async () => {
      const ref = await t.store.put(Readable.from([]), { mime: 'text/plain' });
      expect(ref).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
      expect(ref).not.toHaveProperty('fileName');
      expect(await readAll(await t.store.open(ref))).toEqual(Buffer.alloc(0));
    });

    // Each sample is a full collection of the worker's whole heap, which takes a second or more in
    // a jest worker that has run many suites before (CI timed out at 30 s): a timeout of its own.
    it('streams 20 MB in and out, holding far less than the size', async () => {
      const expected = await generatedDigest(TWENTY_MB);
      const every2mb = (bytes: number) => bytes % SAMPLE_EVERY === 0;
      const putProbe = memoryProbe();
      const ref = await t.store.put(
        generated(TWENTY_MB, (produced) => every2mb(produced) && putProbe.sample()),
        { mime: 'video/mp4' },
      );
      expect(ref).toMatchObject({ size: TWENTY_MB, sha256: expected.sha256 });
      expect(putProbe.growth).toBeLessThan(STREAMING_BOUND);

      const openProbe = memoryProbe();
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of await t.store.open(ref)) {
        hash.update(chunk as Buffer);
        const before = size;
        size += (chunk as Buffer).length;
        if (Math.floor(size / SAMPLE_EVERY) > Math.floor(before / SAMPLE_EVERY)) openProbe.sample();
      }
      expect({ size, sha256: hash.digest('hex') }).toEqual(expected);
      expect(openProbe.growth).toBeLessThan(STREAMING_BOUND);
    }, 120_000);

    it('keeps nothing of a stream that fails, and rejects with its error', async () => {
      const before = await t.count();
      const failing = new Readable({ read() {} });
      failing.push(Buffer.alloc(300 * 1024, 1));
      setImmediate(() => failing.destroy(new MediaError(MediaErrorReason.TooLarge, 'too large')));
      const err = await t.store.put(failing, { mime: 'image/jpeg' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MediaError);
      expect((err as MediaError).reason).toBe(MediaErrorReason.TooLarge);
      expect(await t.count()).toBe(before);
    });

    it('deletes, after which the file is not found; deleting again is fine', async () => {
      const ref = await t.store.put(Readable.from([Buffer.from('x')]), { mime: 'text/plain' });
      await t.store.delete(ref);
      await notFound(t.store.open(ref));
      await expect(t.store.delete(ref)).resolves.toBeUndefined();
    });

    it('finds nothing under an id it did not make, nor outside itself', async () => {
      await notFound(t.store.open({ id: randomUUID() }));
      for (const id of ['../../etc/passwd', '/etc/passwd', '', 'a'.repeat(36)]) {
        await notFound(t.store.open({ id }));
        await expect(t.store.delete({ id })).resolves.toBeUndefined();
      }
    });

    it('keeps concurrent puts apart', async () => {
      const files = ['one', 'two', 'three'].map((s) => Buffer.from(s.repeat(50_000)));
      const refs = await Promise.all(
        files.map((f) => t.store.put(Readable.from([f]), { mime: 'text/plain' })),
      );
      expect(new Set(refs.map((r) => r.id)).size).toBe(3);
      for (const [i, ref] of refs.entries()) expect(await readAll(await t.store.open(ref))).toEqual(files[i]);
    });
  });
}
