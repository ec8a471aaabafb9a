import { MemoryCommandBus } from './memory-command-bus.js';
import { MemoryEventLog } from './memory-event-log.js';
import { MemoryLeaseStore } from './memory-lease-store.js';
import { describeTransportContract } from '../transport.contract.js';

describeTransportContract('in-memory', async () => {
  const bus = new MemoryCommandBus();
  return {
    bus,
    otherBus: bus,
    events: new MemoryEventLog(),
    leases: new MemoryLeaseStore(300),
    leaseTtlMs: 300,
    eventPrefix: 'zg.evt',
    close: async () => undefined,
  };
});
