import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAuthStateRepository } from './embedded-auth-state.repository.js';
import { openEmbeddedStorage } from './embedded-storage.js';
import { openCollection } from './embedded-store.js';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Every folder and file under `dir` with its permission bits, as `relative path: mode`. */
async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { '.': (await modeOf(dir)).toString(8) };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = (await modeOf(path)).toString(8);
  }
  return out;
}
const only = (m: Record<string, string>, mode: string) =>
  Object.fromEntries(Object.entries(m).filter(([, v]) => v !== mode));

// The embedded files hold the accounts' private keys and the webhook secrets.
describe('embedded storage file modes', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'zg-modes-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));

  it('creates folders 0700 and files 0600, and keeps them so through compaction', async () => {
    const dir = join(root, 'data', 'store');
    const sut = await openEmbeddedStorage(dir);
    await sut.instances.create({ key: 'a', dialect: 'mega', createdAt: 'x', updatedAt: 'x' });
    await sut.instances.update('a', { webhook: { url: 'http://example.com', enabled: true } });
    for (let i = 0; i < 1_001; i++) await sut.auth.write('a', [{ type: 'session', id: '1', value: `v${i}` }]);
    const extra = await openCollection<{ n: number }>(dir, 'extra');
    await extra.insertAsync({ n: 1 });
    await extra.compactDatafileAsync();

    const found = await modes(dir);
    expect(Object.keys(found)).toEqual(
      expect.arrayContaining(['.', 'auth', 'instances.db', 'webhook-deliveries.db', 'extra.db']),
    );
    expect(Object.keys(found).filter((p) => p.endsWith('.jsonl'))).toHaveLength(1);
    const folders = ['.', 'auth'];
    expect(Object.fromEntries(folders.map((f) => [f, found[f]]))).toEqual({ '.': '700', auth: '700' });
    for (const f of folders) delete found[f];
    expect(only(found, '600')).toEqual({});
    expect(await modeOf(join(root, 'data'))).toBe(0o700); // created by us: owner-only as well
  });

  it('narrows what an earlier version left 0644 in 0755 folders when it opens them', async () => {
    const dir = join(root, 'store');
    await mkdir(join(dir, 'auth'), { recursive: true });
    const files = {
      'instances.db': '{"key":"a","dialect":"mega","createdAt":"x","updatedAt":"x","_id":"1"}\n',
      'webhook-deliveries.db': '',
      'auth.db.migrated-1700000000000': '{"instance":"a","type":"creds","id":"creds","value":"k"}\n',
      [join('auth', '0123456789abcdef0123456789abcdef01234567.jsonl')]: '{"instance":"z","layout":1}\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, name), text);
      await chmod(join(dir, name), 0o644);
    }
    await chmod(join(dir, 'auth'), 0o755);
    await chmod(dir, 0o755);
    expect(await modes(dir)).toMatchObject({ '.': '755', auth: '755', 'instances.db': '644' });

    const sut = await openEmbeddedStorage(dir);
    expect((await sut.instances.get('a'))?.key).toBe('a');
    const found = await modes(dir);
    expect(found).toMatchObject({ '.': '700', auth: '700' });
    for (const name of Object.keys(files)) expect([name, found[name]]).toEqual([name, '600']);
  });

  it('opens the auth logs alone with the same modes', async () => {
    const dir = join(root, 'only-auth');
    const sut = await EmbeddedAuthStateRepository.open(dir);
    await sut.write('b', [{ type: 'creds', id: 'creds', value: 'secret' }]);
    const found = await modes(dir);
    expect(found).toMatchObject({ '.': '700', auth: '700' });
    const logs = Object.entries(found).filter(([p]) => p.endsWith('.jsonl'));
    expect(logs).toEqual([[expect.stringMatching(/^auth\//), '600']]);
  });
});
