import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * ZG_DATA_KEY, the key webhook secrets are encrypted with at rest: from the environment when set;
 * otherwise generated once (32 random bytes, base64) and kept as `dataKey` in
 * `<dataDir>/secrets.json` next to the generated tokens (the file stays 0600), so secrets stored
 * by one start open on the next. Losing it means setting the webhook secrets again.
 */
export async function loadOrCreateDataKey(dataDir: string, fromEnv?: string): Promise<string> {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'secrets.json');
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  // a file that does not parse is not overwritten (it holds the tokens too): the start fails
  const saved = text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (typeof saved['dataKey'] === 'string') return saved['dataKey'];
  const dataKey = randomBytes(32).toString('base64');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify({ ...saved, dataKey }, null, 2), { mode: 0o600 });
  return dataKey;
}
