import { createConnection, type Connection } from 'mongoose';
import { authEntryModel } from './auth-entry.schema.js';
import { chatModels } from './chat.schema.js';
import { bulkJobModels } from './bulk-job.schema.js';
import { instanceModel } from './instance.schema.js';
import { labelModel } from './label.schema.js';
import { messageModel } from './message.schema.js';
import { MongoAuthStateRepository } from './mongo-auth-state.repository.js';
import {
  MongoBlocklistRepository,
  MongoChatRepository,
  MongoContactRepository,
} from './mongo-chat.repository.js';
import { MongoBulkJobRepository } from './mongo-bulk-job.repository.js';
import { MongoInstanceRepository } from './mongo-instance.repository.js';
import { MongoLabelRepository } from './mongo-label.repository.js';
import { MongoMessageRepository } from './mongo-message.repository.js';
import { MongoWebhookDeliveryRepository } from './mongo-webhook-delivery.repository.js';
import { deliveryModels } from './webhook-delivery.schema.js';

export interface MongoStorage {
  instances: MongoInstanceRepository;
  auth: MongoAuthStateRepository;
  deliveries: MongoWebhookDeliveryRepository;
  messages: MongoMessageRepository;
  bulkJobs: MongoBulkJobRepository;
  chats: MongoChatRepository;
  contacts: MongoContactRepository;
  blocklist: MongoBlocklistRepository;
  labels: MongoLabelRepository;
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
  const webhooks = deliveryModels(connection);
  const messages = messageModel(connection);
  const chat = chatModels(connection);
  const bulk = bulkJobModels(connection);
  const labels = labelModel(connection);
  await Promise.all([
    instances.syncIndexes(),
    auth.syncIndexes(),
    webhooks.deliveries.syncIndexes(),
    webhooks.attempts.syncIndexes(),
    messages.syncIndexes(),
    chat.chats.syncIndexes(),
    chat.contacts.syncIndexes(),
    chat.blocklist.syncIndexes(),
    bulk.jobs.syncIndexes(),
    bulk.recipients.syncIndexes(),
    labels.syncIndexes(),
  ]);
  const authState = new MongoAuthStateRepository(auth);
  // auth ids of earlier versions held NUL, which FerretDB over PostgreSQL cannot store
  await authState.migrateLegacyIds();
  return {
    instances: new MongoInstanceRepository(instances),
    auth: authState,
    deliveries: new MongoWebhookDeliveryRepository(webhooks),
    messages: new MongoMessageRepository(messages),
    chats: new MongoChatRepository(chat.chats),
    contacts: new MongoContactRepository(chat.contacts),
    blocklist: new MongoBlocklistRepository(chat.blocklist),
    labels: new MongoLabelRepository(labels),
    bulkJobs: new MongoBulkJobRepository(bulk),
    connection,
    close: () => connection.close(),
  };
}
