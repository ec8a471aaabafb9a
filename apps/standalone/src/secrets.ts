import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Secrets {
  adminToken: string;
  secretKey: string;
  /** True when this call generated (and saved) at least one of them. */
  generated: boolean;
}

/**
 * The admin token and SECRET_KEY: from the environment when set; otherwise generated once, kept
 * in `<dataDir>/secrets.json` and reused on every later start. DATA_DIR (which also holds the auth
 * keys) is 0700 and the file 0600, narrowed on every start if an earlier version left them wider.
 */
export async function loadOrCreateSecrets(
  dataDir: string,
  fromEnv: { adminToken?: string; secretKey?: string },
): Promise<Secrets> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await narrow(dataDir, 0o700);
  const file = join(dataDir, 'secrets.json');
  await narrow(file, 0o600);
  const saved = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as Partial<Secrets>,
    () => ({}) as Partial<Secrets>,
  );
  const adminToken = fromEnv.adminToken ?? saved.adminToken ?? randomBytes(32).toString('base64url');
  const secretKey = fromEnv.secretKey ?? saved.secretKey ?? randomBytes(24).toString('base64url');
  const generated = (!fromEnv.adminToken && !saved.adminToken) || (!fromEnv.secretKey && !saved.secretKey);
  if (generated) {
    // what else the file keeps (the data key of data-key.ts) stays
    await writeFile(file, JSON.stringify({ ...saved, adminToken, secretKey }, null, 2), { mode: 0o600 });
  }
  return { adminToken, secretKey, generated };
}

/** Drops the permission bits beyond `mode` (group and others); a missing path is left alone. */
async function narrow(path: string, mode: number): Promise<void> {
  const current = await stat(path).then(
    (s) => s.mode & 0o777,
    () => undefined,
  );
  if (current !== undefined && (current & ~mode) !== 0) await chmod(path, current & mode);
}
