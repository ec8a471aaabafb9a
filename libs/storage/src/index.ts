export * from './ports.js';
export { KeyedSerialQueue } from './serial-queue.js';
export { openEmbeddedStorage, type EmbeddedStorage } from './embedded/embedded-storage.js';
export { openMongoStorage, type MongoStorage } from './mongo/mongo-storage.js';
export { MessageRetention, type MessageRetentionOptions } from './message-retention.js';
