export { ShardService, type ShardOptions, type ShardDeps, type LeaseValue } from './shard.service.js';
export {
  EventPublisher,
  EventBufferFullError,
  type EventPublisherOptions,
  type EventPublisherObserver,
  type PendingEvent,
} from './event-publisher.js';
export { ShardMetrics } from './shard-metrics.js';
