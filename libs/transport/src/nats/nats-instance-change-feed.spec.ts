import { Subjects } from '@zapgate/contracts';
// the store both processes share (MongoDB in production): in memory, counting its reads
import { CachedInstanceRepository, MemoryInstanceRepository, type InstanceRecord } from '@zapgate/storage';
import { startNatsServer, type RunningNatsServer } from '@zapgate/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsInstanceChangeFeed } from './nats-instance-change-feed.js';

/** An instance record as the gateway writes it (token h1). */
const record = (key: string, dialect: 'mega' | 'wppconnect'): InstanceRecord => ({
  key,
  dialect,
  tokenHash: 'h1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

// Two processes (two connections) caching one store: a write through one reaches the other's
// cache by a `zg.instance.changed` notice; a NATS outage empties the caches.
describe('CachedInstanceRepository over NatsInstanceChangeFeed', () => {
  let nats: RunningNatsServer;
  let ncA: NatsConnection;
  let ncB: NatsConnection;
  let store: MemoryInstanceRepository;
  let feedA: NatsInstanceChangeFeed;
  let feedB: NatsInstanceChangeFeed;
  let a: CachedInstanceRepository;
  let b: CachedInstanceRepository;

  beforeAll(async () => {
    nats = await startNatsServer();
    const options = { servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 };
    [ncA, ncB] = await Promise.all([connect(options), connect(options)]);
    store = new MemoryInstanceRepository();
    // entries never expire within the test: only a notice or a reset can refresh them
    feedA = new NatsInstanceChangeFeed(ncA);
    a = await CachedInstanceRepository.open(store, feedA, { maxAgeMs: 600_000 });
    feedB = new NatsInstanceChangeFeed(ncB);
    b = await CachedInstanceRepository.open(store, feedB, { maxAgeMs: 600_000 });
    await store.create(record('inst1', 'mega'));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([ncA?.close(), ncB?.close()]);
    await nats?.stop();
  });

  it("shows B a write made through A once A's notice arrives", async () => {
    const raw: unknown[] = [];
    const spy = ncB.subscribe(Subjects.instanceChanged, { callback: (_e, m) => void raw.push(m.json()) });
    await ncB.flush();

    expect((await b.get('inst1'))?.tokenHash).toBe('h1');
    const reads = store.reads;
    expect((await b.get('inst1'))?.tokenHash).toBe('h1');
    expect(store.reads).toBe(reads); // served from B's memory

    await a.update('inst1', { tokenHash: 'h2' });
    await until(async () => (await b.get('inst1'))?.tokenHash === 'h2');
    expect(raw).toEqual([{ instance: 'inst1' }]);

    await a.delete('inst1');
    await until(async () => (await b.get('inst1')) === undefined);
    spy.unsubscribe();
  });

  it('reads through while NATS is down and starts afresh once it is back', async () => {
    await store.create(record('inst2', 'wppconnect'));
    expect((await b.get('inst2'))?.tokenHash).toBe('h1');
    expect(b.size).toBeGreaterThan(0);
    // what the feed tells its listeners: a reset as it goes down and another as it comes back
    const resets: boolean[] = [];
    const watching = await feedB.subscribe({
      changed: () => undefined,
      reset: () => resets.push(feedB.connected),
    });

    await nats.down();
    await until(() => !feedB.connected);
    expect(b.size).toBe(0);
    // a write whose notice B cannot hear; A's write does not wait for the absent server
    const started = Date.now();
    await a.update('inst2', { tokenHash: 'h2' });
    expect(Date.now() - started).toBeLessThan(1_000);
    const reads = store.reads;
    expect((await b.get('inst2'))?.tokenHash).toBe('h2');
    expect((await b.get('inst2'))?.tokenHash).toBe('h2');
    expect(store.reads).toBe(reads + 2); // nothing kept while down
    expect(b.size).toBe(0);

    // written behind every cache's back while B is down (as a process cut off from NATS would)
    await store.update('inst2', { tokenHash: 'h3' });
    await nats.up();
    await until(() => feedA.connected && feedB.connected, 20_000);
    // A's notice of the write made while it was down went out on its reconnect: let it land
    await ncA.flush();
    await ncB.flush();
    expect(resets[0]).toBe(false);
    expect(resets.at(-1)).toBe(true);
    await watching.unsubscribe();
    expect((await b.get('inst2'))?.tokenHash).toBe('h3');
    const after = store.reads;
    expect((await b.get('inst2'))?.tokenHash).toBe('h3');
    expect(store.reads).toBe(after); // cached again

    // notices flow again after the reconnect
    await a.update('inst2', { tokenHash: 'h4' });
    await until(async () => (await b.get('inst2'))?.tokenHash === 'h4');
  }, 60_000);

  it('sends a notice published while the writer was cut off once it is back, to those that stayed connected', async () => {
    await store.create(record('inst3', 'mega'));
    expect((await b.get('inst3'))?.tokenHash).toBe('h1');
    await store.update('inst3', { tokenHash: 'h2' });
    let published: Promise<void> | undefined;
    // A's connection alone drops (B stays connected, its cache kept); A writes while it is down
    const watching = await feedA.subscribe({
      changed: () => undefined,
      reset: () => {
        if (!feedA.connected && !published) published = feedA.publish('inst3');
      },
    });
    await ncA.reconnect();
    await until(() => published !== undefined && feedA.connected, 20_000);
    await published;
    await watching.unsubscribe();
    expect(feedB.connected).toBe(true);
    await until(async () => (await b.get('inst3'))?.tokenHash === 'h2');
  }, 60_000);
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
