import { createConnection, type Connection } from 'mongoose';
import { authEntryModel } from './auth-entry.schema.js';
import { instanceModel } from './instance.schema.js';
import { MongoAuthStateRepository } from './mongo-auth-state.repository.js';
import { MongoInstanceRepository } from './mongo-instance.repository.js';

export interface MongoStorage {
  instances: MongoInstanceRepository;
  auth: MongoAuthStateRepository;
  connection: Connection;
  close(): Promise<void>;
}

/** Connects, builds the indexes every repository relies on, and returns the repositories. */
export async function openMongoStorage(uri: string, dbName?: string): Promise<MongoStorage> {
  const connection = await createConnection(uri, {
    dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: 10_000,
  }).asPromise();
  const instances = instanceModel(connection);
  const auth = authEntryModel(connection);
  await Promise.all([instances.syncIndexes(), auth.syncIndexes()]);
  return {
    instances: new MongoInstanceRepository(instances),
    auth: new MongoAuthStateRepository(auth),
    connection,
    close: () => connection.close(),
  };
}
