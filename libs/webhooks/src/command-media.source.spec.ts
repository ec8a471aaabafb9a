import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { TempFileMediaStore } from '@zapgate/media';
import { MemoryCommandBus } from '@zapgate/transport';
import { CommandMediaSource } from './command-media.source.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe(CommandMediaSource.name, () => {
  let dir: string;
  let store: TempFileMediaStore;
  let bus: MemoryCommandBus;
  let asked: unknown[];
  let file: Buffer;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-webhook-media-'));
    store = await TempFileMediaStore.open({ dir, maxAgeMs: 60_000 });
    bus = new MemoryCommandBus();
    asked = [];
    file = randomBytes(50_000);
    // the owning shard: downloads the message's file into the store
    await bus.serve('zg.cmd.*.download-media', async (request) => {
      asked.push(request);
      return store.put(Readable.from([file]), { mime: 'image/jpeg' });
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const files = async () => (await readdir(dir)).filter((f) => !f.startsWith('.'));

  it('asks the owning shard for the file, answers it as base64 and deletes it from the store', async () => {
    const sut = new CommandMediaSource(bus, store, { maxBytes: 1_000_000, timeoutMs: 1_000 });
    const got = await sut.download('store', { id: '3EB0A1', chat: '5511999990002@s.whatsapp.net' });
    expect(asked).toEqual([{ instance: 'store', id: '3EB0A1', chat: '5511999990002@s.whatsapp.net' }]);
    expect(got?.mime).toBe('image/jpeg');
    expect(sha256(Buffer.from(got!.base64, 'base64'))).toBe(sha256(file));
    expect(await files()).toEqual([]);
  });

  it('leaves files over the bound out: not fetched when the event says so, dropped when the file is', async () => {
    const sut = new CommandMediaSource(bus, store, { maxBytes: 10_000, timeoutMs: 1_000 });
    expect(await sut.download('store', { id: '3EB0A1', size: 50_000 })).toBeUndefined();
    expect(asked).toEqual([]);
    expect(await sut.download('store', { id: '3EB0A1' })).toBeUndefined();
    expect(asked).toHaveLength(1);
    expect(await files()).toEqual([]);
  });
});
