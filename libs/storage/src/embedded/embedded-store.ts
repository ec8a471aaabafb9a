import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import nedb from '@seald-io/nedb';

// @seald-io/nedb is CommonJS typed with an ES default export: under NodeNext the types put the
// class on `.default`, while at run time the default import is the class itself.
const Datastore = nedb as unknown as typeof nedb.default;
export type Collection<T> = nedb.default<T>;

/**
 * The embedded files hold auth keys and webhook secrets: readable by the owner only. Modes are set
 * when a file or folder is created (the umask can only narrow them) and tightened on open when an
 * earlier version left them wider (0644 files in 0755 folders).
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) owner-only, or narrows it to owner-only if it exists. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await narrowMode(dir, PRIVATE_DIR_MODE);
}

/** Narrows every file directly in `dir` to owner-only (what an earlier version wrote 0644). */
export async function narrowFilesIn(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => narrowMode(join(dir, e.name), PRIVATE_FILE_MODE)),
  );
}

/** Removes the group and other bits `mode` does not grant; a missing path is left alone. */
export async function narrowMode(path: string, mode: number): Promise<void> {
  const current = await stat(path).then(
    (s) => s.mode & 0o777,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    },
  );
  if (current !== undefined && (current & ~mode) !== 0) await chmod(path, current & mode);
}

/** Opens (creating the directory) one append-only nedb file per collection under `dir`. */
export async function openCollection<T>(dir: string, name: string): Promise<Collection<T>> {
  await ensurePrivateDir(dir);
  const filename = join(dir, `${name}.db`);
  // nedb's crash-safe rewrite leaves `<file>~` behind when interrupted
  await Promise.all([filename, `${filename}~`].map((f) => narrowMode(f, PRIVATE_FILE_MODE)));
  const store = new Datastore<T>({
    filename,
    // every file nedb creates or rewrites (compaction writes a new one and renames it)
    modes: { fileMode: PRIVATE_FILE_MODE, dirMode: PRIVATE_DIR_MODE },
  });
  await store.loadDatabaseAsync();
  // nedb appends every write; compact the file now and then so it does not grow forever
  store.setAutocompactionInterval(10 * 60_000);
  return store;
}

/** A collection that lives in memory only (no file): for a process without DATA_DIR, and tests. */
export async function memoryCollection<T>(): Promise<Collection<T>> {
  const store = new Datastore<T>({ inMemoryOnly: true });
  await store.loadDatabaseAsync();
  return store;
}
