import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebhookSecretBox } from '@zapgate/webhook-core';
import { loadOrCreateDataKey } from './data-key.js';
import { loadOrCreateSecrets } from './secrets.js';

describe(loadOrCreateDataKey.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-data-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));
  const file = () => join(dir, 'data', 'secrets.json');

  it('generates a key once, keeps it in secrets.json with the tokens, and reuses it', async () => {
    const tokens = await loadOrCreateSecrets(join(dir, 'data'), {});
    const sut = await loadOrCreateDataKey(join(dir, 'data'));
    expect(() => new WebhookSecretBox(sut)).not.toThrow();
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      adminToken: tokens.adminToken,
      secretKey: tokens.secretKey,
      dataKey: sut,
    });
    expect((await stat(file())).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateDataKey(join(dir, 'data'))).toBe(sut);
    // and a later generation of the tokens keeps it
    await writeFile(file(), JSON.stringify({ dataKey: sut }));
    await loadOrCreateSecrets(join(dir, 'data'), {});
    expect(JSON.parse(await readFile(file(), 'utf8')).dataKey).toBe(sut);
  });

  it('takes ZG_DATA_KEY from the environment without writing it', async () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(await loadOrCreateDataKey(join(dir, 'data'), key)).toBe(key);
    await expect(readFile(file())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a secrets.json it cannot read rather than overwrite the tokens in it', async () => {
    await loadOrCreateSecrets(join(dir, 'data'), {});
    await writeFile(file(), '{"adminToken": "cut sh');
    await expect(loadOrCreateDataKey(join(dir, 'data'))).rejects.toThrow(SyntaxError);
    expect(await readFile(file(), 'utf8')).toBe('{"adminToken": "cut sh');
  });
});
