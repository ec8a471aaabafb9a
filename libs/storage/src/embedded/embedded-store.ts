import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import nedb from '@seald-io/nedb';

// @seald-io/nedb is CommonJS typed with an ES default export: under NodeNext the types put the
// class on `.default`, while at run time the default import is the class itself.
const Datastore = nedb as unknown as typeof nedb.default;
export type Collection<T> = nedb.default<T>;

/** Opens (creating the directory) one append-only nedb file per collection under `dir`. */
export async function openCollection<T>(dir: string, name: string): Promise<Collection<T>> {
  await mkdir(dir, { recursive: true });
  const store = new Datastore<T>({ filename: join(dir, `${name}.db`) });
  await store.loadDatabaseAsync();
  // nedb appends every write; compact the file now and then so it does not grow forever
  store.setAutocompactionInterval(10 * 60_000);
  return store;
}
