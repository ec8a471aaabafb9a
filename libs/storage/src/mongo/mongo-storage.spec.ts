import { randomUUID } from 'node:crypto';
import { startFerretDb, type RunningFerretDb } from '@zapgate/testing';
import { describeStorageContract } from '../storage.contract.js';
import { describeMessageStoreContract } from '../message-store.contract.js';
import { describeBulkJobContract } from '../bulk-job.contract.js';
import { openMongoStorage, type MongoStorage } from './mongo-storage.js';

// A real MongoDB wire-protocol server (FerretDB 1.x over SQLite); fails, never skips, if it cannot start.
let ferret: RunningFerretDb;
beforeAll(async () => {
  ferret = await startFerretDb();
}, 600_000);
afterAll(() => ferret?.stop());

describeStorageContract('MongoDB via mongoose (FerretDB)', async () => {
  const dbName = `zg_test_${randomUUID().slice(0, 8)}`;
  const opened: MongoStorage[] = [await openMongoStorage(ferret.uri, dbName)];
  return {
    ...opened[0]!,
    reopen: async () => {
      await opened[opened.length - 1]!.close();
      const next = await openMongoStorage(ferret.uri, dbName);
      opened.push(next);
      return next;
    },
    close: async () => {
      const last = opened[opened.length - 1]!;
      await last.connection.dropDatabase().catch(() => undefined);
      await last.close();
    },
  };
});

describeMessageStoreContract('MongoDB via mongoose (FerretDB)', async () => {
  const dbName = `zg_msg_${randomUUID().slice(0, 8)}`;
  const opened: MongoStorage[] = [await openMongoStorage(ferret.uri, dbName)];
  return {
    messages: opened[0]!.messages,
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
});

describeBulkJobContract('MongoDB via mongoose (FerretDB)', async () => {
  const dbName = `zg_bulk_${randomUUID().slice(0, 8)}`;
  const opened: MongoStorage[] = [await openMongoStorage(ferret.uri, dbName)];
  return {
    bulkJobs: opened[0]!.bulkJobs,
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
});
