export * from './ports.js';
export { KeyedSerialQueue } from './serial-queue.js';
export { storageUnreachable } from './storage-unreachable.js';
export {
  CachedInstanceRepository,
  InstanceChangeFeed,
  type CachedInstancesOptions,
  type InstanceChangeListener,
} from './cached-instance.repository.js';
export { MemoryInstanceRepository } from './memory/memory-instance.repository.js';
export { openEmbeddedStorage, type EmbeddedStorage } from './embedded/embedded-storage.js';
export { EmbeddedBulkJobRepository } from './embedded/embedded-bulk-job.repository.js';
export { openMongoStorage, type MongoStorage } from './mongo/mongo-storage.js';
export { MessageRetention, type MessageRetentionOptions } from './message-retention.js';
export * from './groups.ports.js';
export { EmbeddedGroupRepository } from './embedded/embedded-group.repository.js';
export { MongoGroupRepository, openMongoGroups } from './mongo/mongo-group.repository.js';
