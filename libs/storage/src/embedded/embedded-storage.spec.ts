import { appendFile, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageContract } from '../storage.contract.js';
import { describeMessageStoreContract } from '../message-store.contract.js';
import { describeBulkJobContract } from '../bulk-job.contract.js';
import { authDocId } from '../ports.js';
import { EmbeddedAuthStateRepository } from './embedded-auth-state.repository.js';
import { openEmbeddedStorage } from './embedded-storage.js';
import { openCollection } from './embedded-store.js';

describeStorageContract('embedded (files)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zg-store-'));
  const storage = await openEmbeddedStorage(dir);
  return {
    ...storage,
    reopen: () => openEmbeddedStorage(dir),
    close: () => rm(dir, { recursive: true, force: true, maxRetries: 5 }),
  };
});

describeMessageStoreContract('embedded (SQLite)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zg-messages-'));
  const opened = [await openEmbeddedStorage(dir)];
  return {
    messages: opened[0]!.messages,
    reopen: async () => {
      await opened.at(-1)!.close();
      opened.push(await openEmbeddedStorage(dir));
      return opened.at(-1)!;
    },
    close: async () => {
      await opened.at(-1)!.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
});

describeBulkJobContract('embedded (files)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zg-bulk-'));
  const opened = [await openEmbeddedStorage(dir)];
  return {
    bulkJobs: opened[0]!.bulkJobs,
    reopen: async () => {
      await opened.at(-1)!.close();
      opened.push(await openEmbeddedStorage(dir));
      return opened.at(-1)!;
    },
    close: async () => {
      await opened.at(-1)!.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
});

describe('embedded auth logs', () => {
  let dir: string;
  const logs = async () => (await readdir(join(dir, 'auth'))).filter((f) => f.endsWith('.jsonl'));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-auth-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));

  it('drops a line cut short by a crash, keeps the rest, and appends cleanly after it', async () => {
    const auth = await EmbeddedAuthStateRepository.open(dir);
    await auth.write('a', [
      { type: 'session', id: '1', value: 'one' },
      { type: 'session', id: '2', value: 'two' },
    ]);
    const [file] = await logs();
    await appendFile(join(dir, 'auth', file!), '{"t":"session","i":"1","v":"tor');
    const again = await EmbeddedAuthStateRepository.open(dir);
    expect(await again.read('a', 'session', ['1', '2'])).toEqual({ 1: 'one', 2: 'two' });
    await again.write('a', [{ type: 'session', id: '3', value: 'three' }]);
    const third = await EmbeddedAuthStateRepository.open(dir);
    expect(await third.read('a', 'session', ['1', '2', '3'])).toEqual({ 1: 'one', 2: 'two', 3: 'three' });
  });

  it('finds values by their byte position, multi-byte characters included', async () => {
    const auth = await EmbeddedAuthStateRepository.open(dir);
    const values = { a: 'ação 😀 "quoted" \\ back', b: 'plain', c: '{"emoji":"🎉🎉","n":1}' };
    await auth.write('x', [{ type: 'session', id: 'a', value: values.a }]);
    await auth.write('x', [
      { type: 'session', id: 'b', value: values.b },
      { type: 'session', id: 'c', value: values.c },
    ]);
    expect(await auth.read('x', 'session', ['a', 'b', 'c'])).toEqual(values);
    const again = await EmbeddedAuthStateRepository.open(dir);
    expect(await again.read('x', 'session', ['c', 'a', 'b'])).toEqual(values);
  });

  it('refuses a damaged line in the middle of a log, or another instance’s log, rather than guess', async () => {
    const auth = await EmbeddedAuthStateRepository.open(dir);
    await auth.write('a', [{ type: 'session', id: '1', value: 'one' }]);
    const [file] = await logs();
    await appendFile(join(dir, 'auth', file!), 'garbage\n{"t":"session","i":"2","v":"two","s":1}\n');
    const again = await EmbeddedAuthStateRepository.open(dir);
    await expect(again.read('a', 'session', ['1'])).rejects.toThrow(/line 3 is not valid JSON/);
    // the log of another instance under this one's name is refused too
    const other = (await logs()).find((f) => f !== file);
    expect(other).toBeUndefined();
    await auth.write('b', [{ type: 'session', id: '1', value: 'b' }]);
    const bFile = (await logs()).find((f) => f !== file)!;
    await rename(join(dir, 'auth', bFile), join(dir, 'auth', file!));
    const third = await EmbeddedAuthStateRepository.open(dir);
    await expect(third.read('a', 'session', ['1'])).rejects.toThrow(/holds the auth keys of b, not a/);
  });

  it('rewrites a log that holds far more lines than live keys, keeping every live key', async () => {
    const auth = await EmbeddedAuthStateRepository.open(dir);
    await auth.write(
      'a',
      Array.from({ length: 100 }, (_, n) => ({ type: 'pre-key', id: String(n), value: `k${n}` })),
    );
    // a session record rewritten on every message: 1,200 lines for one key
    for (let n = 0; n < 1_200; n++) await auth.write('a', [{ type: 'session', id: 's', value: `v${n}` }]);
    const [file] = await logs();
    const lines = (await readFile(join(dir, 'auth', file!), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(1_000); // compacted at least once
    expect(await auth.read('a', 'session', ['s'])).toEqual({ s: 'v1199' });
    expect(await auth.read('a', 'pre-key', ['0', '50', '99'])).toEqual({ 0: 'k0', 50: 'k50', 99: 'k99' });
    const again = await EmbeddedAuthStateRepository.open(dir);
    expect(await again.count('a')).toBe(101);
    expect(await again.read('a', 'session', ['s'])).toEqual({ s: 'v1199' });
    expect(await again.read('a', 'pre-key', ['0', '99'])).toEqual({ 0: 'k0', 99: 'k99' });
  });

  it('moves keys an earlier version stored in auth.db (nedb) into the logs, once', async () => {
    const old = await openCollection<object>(dir, 'auth');
    old.stopAutocompaction();
    await old.insertAsync([
      {
        _id: authDocId('a', 'creds', 'creds'),
        instance: 'a',
        type: 'creds',
        id: 'creds',
        value: '{"me":1}',
        v: 1,
      },
      { _id: authDocId('a', 'pre-key', '1'), instance: 'a', type: 'pre-key', id: '1', value: '"k1"', v: 1 },
      { _id: authDocId('b', 'pre-key', '1'), instance: 'b', type: 'pre-key', id: '1', value: '"b1"', v: 1 },
    ]);
    const auth = await EmbeddedAuthStateRepository.open(dir);
    expect(await auth.read('a', 'creds', ['creds'])).toEqual({ creds: '{"me":1}' });
    expect(await auth.read('a', 'pre-key', ['1'])).toEqual({ 1: '"k1"' });
    expect(await auth.read('b', 'pre-key', ['1'])).toEqual({ 1: '"b1"' });
    const files = await readdir(dir);
    expect(files).not.toContain('auth.db');
    expect(files.some((f) => f.startsWith('auth.db.migrated-'))).toBe(true);
    await auth.write('a', [{ type: 'pre-key', id: '1', value: null }]);
    const again = await EmbeddedAuthStateRepository.open(dir);
    expect(await again.read('a', 'pre-key', ['1'])).toEqual({});
    expect(await again.count('a')).toBe(1);
  });

  it('keeps a busy log open for appends and closes every one it opened on close', async () => {
    const fds = async () => (await readdir('/proc/self/fd')).length;
    const auth = await EmbeddedAuthStateRepository.open(dir);
    const before = await fds();
    for (let n = 0; n < 20; n++)
      await Promise.all(
        ['a', 'b', 'c'].map((i) => auth.write(i, [{ type: 'session', id: 's', value: `${i}${n}` }])),
      );
    expect(await fds()).toBe(before + 3); // one per instance, not one per write
    await auth.close();
    expect(await fds()).toBe(before);
    await auth.write('a', [{ type: 'session', id: 's', value: 'after close' }]);
    const again = await EmbeddedAuthStateRepository.open(dir);
    expect(await again.read('a', 'session', ['s'])).toEqual({ s: 'after close' });
    expect(await again.read('c', 'session', ['s'])).toEqual({ s: 'c19' });
    await auth.close();
  });

  it('removes an instance’s log on clear', async () => {
    const auth = await EmbeddedAuthStateRepository.open(dir);
    await auth.write('a', [{ type: 'creds', id: 'creds', value: '{}' }]);
    await auth.write('b', [{ type: 'creds', id: 'creds', value: '{}' }]);
    expect(await logs()).toHaveLength(2);
    await auth.clear('a');
    expect(await logs()).toHaveLength(1);
    expect(await auth.count('a')).toBe(0);
    await auth.write('a', [{ type: 'creds', id: 'creds', value: '{"new":true}' }]);
    const again = await EmbeddedAuthStateRepository.open(dir);
    expect(await again.read('a', 'creds', ['creds'])).toEqual({ creds: '{"new":true}' });
    expect((await stat(join(dir, 'auth'))).isDirectory()).toBe(true);
  });
});
