import { randomUUID } from 'node:crypto';
import { startFerretDb, type RunningFerretDb } from '@zapgate/testing';
import { openMongoStorage, type MongoStorage } from '../mongo-storage.js';

/** MongoDB storage on a database of its own, as the contract suites take it. */
export interface ReopenableMongoStorage extends MongoStorage {
  /** Closes the storage and opens it again on the same database (a restart). */
  reopen(): Promise<MongoStorage>;
  /** Drops the database and closes the storage last opened. */
  close(): Promise<void>;
}

export interface FerretDbForSpecs {
  /** The server's connection string (inside tests and hooks). */
  readonly uri: string;
  /** Storage on a fresh database named `<prefix>_<random>`. */
  storage(prefix: string): Promise<ReopenableMongoStorage>;
}

/**
 * A real MongoDB wire-protocol server (FerretDB 1.x over SQLite) for the spec file that calls
 * this at its top level: started before its tests, stopped after them. It fails, never skips, if
 * it cannot start.
 */
export function useFerretDb(): FerretDbForSpecs {
  let ferret: RunningFerretDb | undefined;
  beforeAll(async () => {
    ferret = await startFerretDb();
  }, 600_000);
  afterAll(() => ferret?.stop());
  const uri = (): string => {
    if (!ferret) throw new Error('FerretDB is not running: use it in tests and hooks');
    return ferret.uri;
  };
  return {
    get uri() {
      return uri();
    },
    async storage(prefix) {
      const dbName = `${prefix}_${randomUUID().slice(0, 8)}`;
      const opened: MongoStorage[] = [await openMongoStorage(uri(), dbName)];
      return {
        ...opened[0]!,
        reopen: async () => {
          await opened.at(-1)!.close();
          opened.push(await openMongoStorage(uri(), dbName));
          return opened.at(-1)!;
        },
        close: async () => {
          const last = opened.at(-1)!;
          await last.connection.dropDatabase().catch(() => undefined);
          await last.close();
        },
      };
    },
  };
}
