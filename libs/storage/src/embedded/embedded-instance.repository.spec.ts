import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStorage, type EmbeddedStorage } from './embedded-storage.js';

const record = (key: string) => ({
  key,
  dialect: 'mega' as const,
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
});

// reads are served from the records kept beside nedb: they must always be what the file holds
describe('EmbeddedInstanceRepository', () => {
  let dir: string;
  const opened: EmbeddedStorage[] = [];
  const open = async () => {
    const storage = await openEmbeddedStorage(dir);
    opened.push(storage);
    return storage.instances;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-instances-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('reads what was created, updated and deleted, in this process and after a reopen', async () => {
    const repo = await open();
    expect(await repo.create(record('a'))).toBe(true);
    expect(await repo.create(record('b'))).toBe(true);
    expect(await repo.create(record('a'))).toBe(false); // a taken key
    expect(await repo.get('a')).toEqual(record('a'));

    await repo.update('a', { webhook: { url: 'http://example.com/hook', enabled: true } });
    expect((await repo.get('a'))?.webhook).toEqual({ url: 'http://example.com/hook', enabled: true });
    await repo.update('a', { webhook: undefined });
    expect(await repo.get('a')).not.toHaveProperty('webhook');
    expect(await repo.update('nope', { webhook: undefined })).toBeUndefined();
    expect(await repo.get('nope')).toBeUndefined();

    expect(await repo.delete('b')).toBe(true);
    expect(await repo.get('b')).toBeUndefined();
    expect(await repo.delete('b')).toBe(false);

    const reopened = await open();
    expect(await reopened.get('a')).toEqual(await repo.get('a'));
    expect(await reopened.get('b')).toBeUndefined();
    expect((await reopened.list()).map((r) => r.key)).toEqual(['a']);
  });

  it('gives every caller its own copy', async () => {
    const repo = await open();
    const created = { ...record('a'), webhook: { url: 'http://example.com/hook', enabled: true } };
    await repo.create(created);
    created.webhook.url = 'http://changed.example.com/';
    const first = await repo.get('a');
    first!.webhook!.url = 'http://mutated.example.com/';
    expect((await repo.get('a'))?.webhook?.url).toBe('http://example.com/hook');
    const updated = await repo.update('a', { webhook: { url: 'http://example.com/new', enabled: true } });
    updated!.webhook!.url = 'http://mutated.example.com/';
    expect((await repo.get('a'))?.webhook?.url).toBe('http://example.com/new');
  });
});
