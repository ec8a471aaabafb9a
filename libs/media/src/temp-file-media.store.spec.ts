import { mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describeMediaStoreContract } from './media-store.contract.js';
import { TempFileMediaStore } from './temp-file-media.store.js';

const HOUR = 3_600_000;

describeMediaStoreContract('temp files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zg-media-test-'));
  const store = await TempFileMediaStore.open({ dir, maxAgeMs: HOUR });
  return {
    store,
    count: async () => (await readdir(dir)).length,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe(TempFileMediaStore.name, () => {
  let dir: string;
  let sut: TempFileMediaStore;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'zg-media-test-')), 'media');
    sut = await TempFileMediaStore.open({ dir, maxAgeMs: HOUR });
  });
  afterEach(async () => {
    await sut.close();
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('creates its folder 0700 and writes files 0600 (only this user reads what callers sent)', async () => {
    const ref = await sut.put(Readable.from([Buffer.from('secret')]), { mime: 'text/plain' });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, ref.id))).mode & 0o777).toBe(0o600);
  });

  it('sweeps files older than the maximum age, and only its own', async () => {
    const old = await sut.put(Readable.from([Buffer.from('old')]), { mime: 'text/plain' });
    const fresh = await sut.put(Readable.from([Buffer.from('fresh')]), { mime: 'text/plain' });
    const past = (Date.now() - 2 * HOUR) / 1000;
    await utimes(join(dir, old.id), past, past);
    // something else in the folder is not this store's to delete
    const stranger = join(dir, 'not-media.txt');
    await import('node:fs/promises').then((fs) => fs.writeFile(stranger, 'x'));
    await utimes(stranger, past, past);

    expect(await sut.sweep()).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([fresh.id, 'not-media.txt'].sort());
  });

  it('sweeps on its own, on its interval', async () => {
    await sut.close();
    sut = await TempFileMediaStore.open({ dir, maxAgeMs: 50, sweepIntervalMs: 20 });
    const ref = await sut.put(Readable.from([Buffer.from('short-lived')]), { mime: 'text/plain' });
    const deadline = Date.now() + 5_000;
    while ((await readdir(dir)).includes(ref.id) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(await readdir(dir)).not.toContain(ref.id);
  });
});
