import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import type { NewStoredMessage } from '../messages.ports.js';
import { EmbeddedMessageRepository } from './embedded-message.repository.js';
import { openEmbeddedStorage } from './embedded-storage.js';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

const message = (id: string): NewStoredMessage => ({
  instance: 'a',
  id,
  chat: '5511999990001@s.whatsapp.net',
  fromMe: true,
  timestamp: Date.UTC(2026, 0, 1),
  kind: 'text',
  text: 'secret text',
  raw: '{}',
});

describe(EmbeddedMessageRepository.name, () => {
  let dir: string;
  let sut: EmbeddedMessageRepository | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-msgdb-'));
  });
  afterEach(async () => {
    sut?.close();
    sut = undefined;
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('keeps its file and the -wal/-shm companions owner-only, in an owner-only folder', async () => {
    const store = join(dir, 'data', 'store');
    sut = await EmbeddedMessageRepository.open(store);
    await sut.save([message('M1')]);
    const files = (await readdir(store)).sort();
    expect(files).toEqual(['messages.sqlite', 'messages.sqlite-shm', 'messages.sqlite-wal']);
    for (const f of files) expect([f, (await modeOf(join(store, f))).toString(8)]).toEqual([f, '600']);
    expect((await modeOf(store)).toString(8)).toBe('700');
  });

  it('narrows a file an earlier run left 0644', async () => {
    sut = await EmbeddedMessageRepository.open(dir);
    await sut.save([message('M1')]);
    sut.close();
    await chmod(join(dir, EmbeddedMessageRepository.FILE), 0o644);
    sut = await EmbeddedMessageRepository.open(dir);
    expect(await modeOf(join(dir, EmbeddedMessageRepository.FILE))).toBe(0o600);
    expect((await sut.get('a', 'M1'))?.text).toBe('secret text');
  });

  it('refuses a file a newer version laid out, rather than guess', async () => {
    sut = await EmbeddedMessageRepository.open(dir);
    sut.close();
    sut = undefined;
    const db = new DatabaseSync(join(dir, EmbeddedMessageRepository.FILE));
    db.exec('PRAGMA user_version = 99');
    db.close();
    await expect(EmbeddedMessageRepository.open(dir)).rejects.toThrow(/schema version 99/);
  });

  it('refuses a file that is not a database', async () => {
    await writeFile(
      join(dir, EmbeddedMessageRepository.FILE),
      'not sqlite at all, just some text here'.repeat(40),
    );
    await expect(EmbeddedMessageRepository.open(dir)).rejects.toThrow(/not a database/);
  });

  it('is closed by the embedded storage’s close()', async () => {
    const storage = await openEmbeddedStorage(dir);
    await storage.messages.save([message('M1')]);
    await storage.close();
    await expect(storage.messages.get('a', 'M1')).rejects.toThrow(/not open/);
    await storage.close(); // twice is fine
    const again = await openEmbeddedStorage(dir);
    expect((await again.messages.get('a', 'M1'))?.id).toBe('M1');
    await again.close();
  });

  it('commits the writes of one turn together, in call order, and refuses only a write that fails', async () => {
    sut = await EmbeddedMessageRepository.open(dir);
    const chat = '5511999990001@s.whatsapp.net';
    const writes = [
      sut.save([message('B1')]),
      sut.updateStatus('a', chat, 'B1', 'delivered'), // after its save, in the same transaction
      sut.save([{ ...message('B2'), raw: null as unknown as string }]), // NOT NULL: refused
      sut.save([message('B3')]),
      sut.updateStatus('a', chat, 'B3', 'read'),
    ];
    const results = await Promise.allSettled(writes);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : undefined))).toEqual([
      undefined,
      true,
      undefined,
      undefined,
      true,
    ]);
    expect((await sut.get('a', 'B1'))?.status).toBe('delivered');
    expect(await sut.get('a', 'B2')).toBeUndefined();
    expect((await sut.get('a', 'B3'))?.status).toBe('read');
  });

  it('takes the writes queued in one turn in one transaction', async () => {
    sut = await EmbeddedMessageRepository.open(dir);
    const db = (sut as unknown as { db: { exec(sql: string): void } }).db;
    const exec = db.exec.bind(db);
    let begun = 0;
    db.exec = (sql: string) => {
      if (sql.startsWith('BEGIN')) begun++;
      exec(sql);
    };
    await Promise.all([
      sut.save([message('T1')]),
      sut.save([message('T2')]),
      sut.updateStatus('a', '5511999990001@s.whatsapp.net', 'T1', 'delivered'),
    ]);
    expect(begun).toBe(1);
    await sut.save([message('T3')]);
    expect(begun).toBe(2);
  });

  it('writes what is queued before closing', async () => {
    sut = await EmbeddedMessageRepository.open(dir);
    const saved = sut.save([message('C1')]);
    sut.close();
    await saved;
    sut = await EmbeddedMessageRepository.open(dir);
    expect((await sut.get('a', 'C1'))?.id).toBe('C1');
  });

  // node:sqlite printed an ExperimentalWarning on earlier Node releases; on the Node the project
  // pins (.nvmrc) it must print nothing, or the warning needs suppressing (for node:sqlite only).
  it('opens node:sqlite without a warning on this Node', async () => {
    const script = `
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(':memory:');
      db.exec('CREATE TABLE t (a); INSERT INTO t VALUES (1)');
      db.close();`;
    const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env['PATH'] },
    });
    expect(stderr).toBe('');
  });
});
