export * from './ports.js';
export { subjectMatches } from './subject-match.js';
export { InstanceCommandClient } from './instance-command-client.js';
export { MemoryCommandBus } from './memory/memory-command-bus.js';
export { MemoryEventLog, type MemoryEventLogOptions } from './memory/memory-event-log.js';
export { MemoryLeaseStore } from './memory/memory-lease-store.js';
export { NatsCommandBus, busUnreachable } from './nats/nats-command-bus.js';
export { NatsEventLog, type NatsEventLogOptions } from './nats/nats-event-log.js';
export { NatsLeaseStore } from './nats/nats-lease-store.js';
