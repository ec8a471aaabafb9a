import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Curve, type BinaryNode } from '@whiskeysockets/baileys';
import { SimStateFile, type SimState } from './sim-state-file.js';

describe(SimStateFile.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-sim-state-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const sample = (): SimState => ({
    version: 1,
    rootKeyPair: Curve.generateKeyPair(),
    accounts: [],
    mailboxes: [
      [
        '5511:1',
        [
          {
            tag: 'message',
            attrs: { id: 'm1' },
            content: [{ tag: 'enc', attrs: {}, content: new Uint8Array([1, 2, 3]) }],
          },
        ],
      ],
    ],
  });

  it('loads nothing before the first save', async () => {
    expect(await new SimStateFile(join(dir, 'sandbox')).load()).toBeUndefined();
  });

  it('round-trips keys and binary content as Buffers, owner-only, with no temporary file left', async () => {
    const sut = new SimStateFile(join(dir, 'sandbox'));
    const state = sample();
    await sut.save(state);
    await sut.save(state); // replacing works too

    const loaded = await new SimStateFile(join(dir, 'sandbox')).load();
    expect(Buffer.isBuffer(loaded!.rootKeyPair.private)).toBe(true);
    expect(Buffer.from(loaded!.rootKeyPair.private)).toEqual(Buffer.from(state.rootKeyPair.private));
    const [message] = loaded!.mailboxes[0]![1];
    const [enc] = message!.content as BinaryNode[];
    expect(Buffer.isBuffer(enc!.content)).toBe(true);
    expect([...(enc!.content as Buffer)]).toEqual([1, 2, 3]);
    expect((await stat(join(dir, 'sandbox'))).mode & 0o777).toBe(0o700);
    expect((await stat(sut.path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'sandbox'))).toEqual(['state.json']);
  });

  it('narrows a folder that already existed with wider permissions', async () => {
    const sut = new SimStateFile(dir);
    await chmod(dir, 0o755);
    await sut.save(sample());
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a file it cannot read instead of starting an empty network over it', async () => {
    const sut = new SimStateFile(dir);
    await writeFile(sut.path, '{"version": 1, "accounts": [');
    await expect(sut.load()).rejects.toThrow(/state\.json is not valid JSON/);
    await writeFile(sut.path, '{"version": 99}');
    await expect(sut.load()).rejects.toThrow(/state version 99/);
  });
});
