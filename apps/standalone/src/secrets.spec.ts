import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecrets } from './secrets.js';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe(loadOrCreateSecrets.name, () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'zg-secrets-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));

  it('generates them once into an owner-only DATA_DIR/secrets.json and reuses them', async () => {
    const dataDir = join(root, 'data');
    const sut = await loadOrCreateSecrets(dataDir, {});
    expect(sut.generated).toBe(true);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, 'secrets.json'))).toBe(0o600);
    const again = await loadOrCreateSecrets(dataDir, {});
    expect(again).toEqual({ adminToken: sut.adminToken, secretKey: sut.secretKey, generated: false });
  });

  it('narrows a DATA_DIR and secrets.json an earlier install left readable by others', async () => {
    const dataDir = join(root, 'old');
    await mkdir(dataDir);
    await writeFile(
      join(dataDir, 'secrets.json'),
      JSON.stringify({ adminToken: 'a'.repeat(32), secretKey: 's' }),
    );
    await chmod(join(dataDir, 'secrets.json'), 0o644);
    await chmod(dataDir, 0o755);

    const sut = await loadOrCreateSecrets(dataDir, { secretKey: 'from-env' });
    expect(sut).toEqual({ adminToken: 'a'.repeat(32), secretKey: 'from-env', generated: false });
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, 'secrets.json'))).toBe(0o600);
    expect(JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')).secretKey).toBe('s');
  });
});
