export { ShardService, type ShardOptions, type ShardDeps, type LeaseValue } from './shard.service.js';
