import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Secrets {
  adminToken: string;
  secretKey: string;
  /** True when this call generated (and saved) at least one of them. */
  generated: boolean;
}

/**
 * The admin token and SECRET_KEY: from the environment when set; otherwise generated once, kept
 * in `<dataDir>/secrets.json` (readable by the owner only) and reused on every later start.
 */
export async function loadOrCreateSecrets(
  dataDir: string,
  fromEnv: { adminToken?: string; secretKey?: string },
): Promise<Secrets> {
  const file = join(dataDir, 'secrets.json');
  const saved = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as Partial<Secrets>,
    () => ({}) as Partial<Secrets>,
  );
  const adminToken = fromEnv.adminToken ?? saved.adminToken ?? randomBytes(32).toString('base64url');
  const secretKey = fromEnv.secretKey ?? saved.secretKey ?? randomBytes(24).toString('base64url');
  const generated = (!fromEnv.adminToken && !saved.adminToken) || (!fromEnv.secretKey && !saved.secretKey);
  if (generated) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify({ adminToken, secretKey }, null, 2), { mode: 0o600 });
  }
  return { adminToken, secretKey, generated };
}
