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

describe('MemoryEventLog retention', () => {
  const publishAll = async (log: MemoryEventLog, from: number, count: number) => {
    for (let n = from; n < from + count; n++) await log.publish('zg.evt.a.x', { n }, { id: `e${n}` });
  };
  /** Attaches `durable` and resolves once it has seen `count` events (their `n`s, in order). */
  const read = async (log: MemoryEventLog, durable: string, count: number) => {
    const seen: number[] = [];
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const sub = await log.consumeBatches<{ n: number }>({ durable }, async (events) => {
      seen.push(...events.map((e) => e.data.n));
      if (seen.length >= count) done();
    });
    if (count > 0) await all;
    return { seen, sub };
  };

  it('keeps every event while no consumer has passed it (a consumer attaching late sees them all)', async () => {
    const log = new MemoryEventLog({ keepConsumedMs: 0 });
    await publishAll(log, 0, 3000);
    log.trim();
    expect(log.size).toBe(3000);
    const { seen, sub } = await read(log, 'late', 3000);
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, n) => n));
    await sub.unsubscribe();
  });

  it('drops what every attached consumer passed once it is old enough; a new consumer starts at the oldest kept', async () => {
    let now = 1_000_000;
    const log = new MemoryEventLog({ keepConsumedMs: 60_000 });
    const a = await read(log, 'a', 0);
    const b = await read(log, 'b', 0);
    await publishAll(log, 0, 500);
    // both consumers read everything (bounded poll: their loops run on the event loop)
    for (let i = 0; i < 200 && (a.seen.length < 500 || b.seen.length < 500); i++)
      await new Promise((r) => setImmediate(r));
    expect([a.seen.length, b.seen.length]).toEqual([500, 500]);
    log.trim(now); // storedAt is the real clock: not yet 60 s old
    expect(log.size).toBe(500);
    now = Date.now() + 60_001;
    await b.sub.unsubscribe(); // a detached consumer does not hold events back
    log.trim(now);
    expect(log.size).toBe(0);
    await publishAll(log, 500, 10);
    const c = await read(log, 'c', 10);
    expect(c.seen).toEqual(Array.from({ length: 10 }, (_, n) => 500 + n));
    // b re-attached resumes at the oldest event kept (its next one was dropped)
    const again = await read(log, 'b', 10);
    expect(again.seen).toEqual(c.seen);
    await Promise.all([a.sub.unsubscribe(), c.sub.unsubscribe(), again.sub.unsubscribe()]);
  });

  it('holds at most maxEvents, the oldest dropped first even if a consumer still needs them', async () => {
    const log = new MemoryEventLog({ maxEvents: 100 });
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const stuck = await log.consumeBatches({ durable: 'stuck' }, () => blocked);
    await publishAll(log, 0, 2100); // trims once per 1,024 publishes
    expect(log.size).toBeLessThanOrEqual(100 + 1024);
    log.trim();
    expect(log.size).toBe(100);
    const { seen, sub } = await read(log, 'fresh', 100);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, n) => 2000 + n));
    // a dropped event's id is free again; a kept one is still a duplicate
    expect((await log.publish('zg.evt.a.x', { n: 0 }, { id: 'e0' })).duplicate).toBe(false);
    expect((await log.publish('zg.evt.a.x', { n: 2099 }, { id: 'e2099' })).duplicate).toBe(true);
    release();
    await Promise.all([sub.unsubscribe(), stuck.unsubscribe()]);
  });
});
