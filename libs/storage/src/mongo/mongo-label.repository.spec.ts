import { randomUUID } from 'node:crypto';
import { startFerretDb, type RunningFerretDb } from '@zapgate/testing';
import { describeLabelStoreContract, type LabelStoreUnderTest } from '../label-store.contract.js';
import { openMongoStorage, type MongoStorage } from './mongo-storage.js';

// A real MongoDB wire-protocol server (FerretDB 1.x over SQLite); fails, never skips, if it cannot start.
let ferret: RunningFerretDb;
beforeAll(async () => {
  ferret = await startFerretDb();
}, 600_000);
afterAll(() => ferret?.stop());

async function openStore(): Promise<LabelStoreUnderTest> {
  const dbName = `zg_label_${randomUUID().slice(0, 8)}`;
  const opened: MongoStorage[] = [await openMongoStorage(ferret.uri, dbName)];
  return {
    labels: opened[0]!.labels,
    chats: opened[0]!.chats,
    reopen: async () => {
      await opened.at(-1)!.close();
      opened.push(await openMongoStorage(ferret.uri, dbName));
      return opened.at(-1)!;
    },
    close: async () => {
      const last = opened.at(-1)!;
      await last.connection.dropDatabase().catch(() => undefined);
      await last.close();
    },
  };
}

describeLabelStoreContract('MongoDB via mongoose (FerretDB)', openStore);
