import { randomUUID } from 'node:crypto';
import { createConnection, type Connection } from 'mongoose';
import { describeGroupStoreContract } from '../group-store.contract.js';
import { openMongoGroups } from './mongo-group.repository.js';
import { useFerretDb } from './test/ferret-storage.js';

// A real MongoDB wire-protocol server (FerretDB 1.x over SQLite).
const ferret = useFerretDb();

describeGroupStoreContract('MongoDB via mongoose (FerretDB)', async () => {
  const dbName = `zg_groups_${randomUUID().slice(0, 8)}`;
  const connect = () => createConnection(ferret.uri, { dbName, autoIndex: false }).asPromise();
  const opened: Connection[] = [await connect()];
  return {
    groups: await openMongoGroups(opened[0]!),
    reopen: async () => {
      await opened.at(-1)!.close();
      opened.push(await connect());
      return openMongoGroups(opened.at(-1)!);
    },
    close: async () => {
      await opened
        .at(-1)!
        .dropDatabase()
        .catch(() => undefined);
      await opened.at(-1)!.close();
    },
  };
});
