import { randomUUID } from 'node:crypto';
import { startFerretDb, type RunningFerretDb } from '@zapgate/testing';
import {
  describeBlocklistContract,
  describeChatStoreContract,
  describeContactStoreContract,
  type ChatStoreUnderTest,
} from '../chat-store.contract.js';
import { openMongoStorage, type MongoStorage } from './mongo-storage.js';

// A real MongoDB wire-protocol server (FerretDB 1.x over SQLite); fails, never skips, if it cannot start.
let ferret: RunningFerretDb;
beforeAll(async () => {
  ferret = await startFerretDb();
}, 600_000);
afterAll(() => ferret?.stop());

async function openStore(): Promise<ChatStoreUnderTest> {
  const dbName = `zg_chat_${randomUUID().slice(0, 8)}`;
  const opened: MongoStorage[] = [await openMongoStorage(ferret.uri, dbName)];
  return {
    ...opened[0]!,
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

describeChatStoreContract('MongoDB via mongoose (FerretDB)', openStore);
describeContactStoreContract('MongoDB via mongoose (FerretDB)', openStore);
describeBlocklistContract('MongoDB via mongoose (FerretDB)', openStore);
