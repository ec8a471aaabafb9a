import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subjects } from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore } from '@zapgate/transport';
import { pino } from 'pino';
import { ShardService, type LeaseValue } from './shard.service.js';
import { FakeWhatsAppSessionFactory, type FakeWhatsAppSession } from './whatsapp-session.fake.js';

describe(ShardService.name, () => {
  const TTL = 600;
  let dir: string;
  let storage: EmbeddedStorage;
  let bus: MemoryCommandBus;
  let leases: MemoryLeaseStore;
  let sessions: FakeWhatsAppSessionFactory;
  const shards: ShardService[] = [];

  const shard = (id: string, capacity = 10) => {
    const sut = new ShardService(
      { shardId: id, capacity, tickMs: TTL / 3 },
      {
        bus,
        events: new MemoryEventLog(),
        leases,
        instances: storage.instances,
        sessions,
        logger: pino({ level: 'silent' }),
      },
    );
    shards.push(sut);
    return sut;
  };
  const addInstance = (key: string) =>
    storage.instances.create({
      key,
      dialect: 'mega',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-shard-'));
    storage = await openEmbeddedStorage(dir);
    bus = new MemoryCommandBus();
    leases = new MemoryLeaseStore(TTL);
    sessions = new FakeWhatsAppSessionFactory();
  });
  afterEach(async () => {
    await Promise.all(shards.splice(0).map((s) => s.stop()));
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('adopts registered instances up to its capacity and answers their commands', async () => {
    for (const k of ['a', 'b', 'c']) await addInstance(k);
    const sut = shard('s1', 2);
    await sut.start();
    expect(sut.instances).toHaveLength(2);
    const owned = sut.instances[0]!;
    await expect(
      bus.request(Subjects.command(owned, 'get-status'), { instance: owned }),
    ).resolves.toMatchObject({ instance: owned, state: 'stopped' });
    expect((await leases.get<LeaseValue>(owned))?.value.shard).toBe('s1');
  });

  it('takes an instance on a placement request, and answers with the holder when another shard has it', async () => {
    const s1 = shard('s1');
    await s1.start();
    await addInstance('late');
    await expect(bus.request(Subjects.control('place-instance'), { instance: 'late' })).resolves.toEqual({
      shard: 's1',
    });
    await expect(
      bus.request(Subjects.control('place-instance'), { instance: 'missing' }),
    ).rejects.toMatchObject({ code: 'instance_not_found' });
  });

  it('renews its leases, and another shard takes over a lease its holder stopped renewing', async () => {
    await addInstance('x');
    await leases.create<LeaseValue>('x', {
      shard: 'dead',
      at: new Date(Date.now() - 10 * TTL).toISOString(),
    });
    const sut = shard('s2');
    await sut.start();
    expect(sut.instances).toEqual(['x']);
    const first = await leases.get<LeaseValue>('x');
    await new Promise((r) => setTimeout(r, TTL * 1.5));
    const later = await leases.get<LeaseValue>('x');
    expect(later!.revision).toBeGreaterThan(first!.revision);
    expect(later!.value.shard).toBe('s2');
  });

  it('takes over a lease the moment it lapses, not at its next round', async () => {
    const ttl = 3_000;
    const slow = new MemoryLeaseStore(ttl);
    await addInstance('x');
    const heldAt = Date.now();
    await slow.create<LeaseValue>('x', { shard: 'dead', at: new Date(heldAt).toISOString() });
    // rounds a minute apart: only the wake-up timed for the lapse can adopt it in time (with a tick
    // longer than the TTL the shard's watchdog lets the session go again at once, so the takeover
    // is read from the lease it wrote, not from the instances it holds)
    const sut = new ShardService(
      { shardId: 's2', capacity: 10, tickMs: 60_000 },
      {
        bus,
        events: new MemoryEventLog(),
        leases: slow,
        instances: storage.instances,
        sessions,
        logger: pino({ level: 'silent' }),
      },
    );
    shards.push(sut);
    await sut.start();
    const takenBy = async () => (await slow.get<LeaseValue>('x'))?.value.shard;
    while ((await takenBy()) !== 's2' && Date.now() - heldAt < 4 * ttl)
      await new Promise((r) => setTimeout(r, 20));
    expect(await takenBy()).toBe('s2');
    expect(sessions.sessions.has('x')).toBe(true);
    // not before the lease lapsed, and long before the next round
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(ttl);
    expect(Date.now() - heldAt).toBeLessThan(3 * ttl);
  });

  it('reads a lease another shard holds each round, and never tries to create it', async () => {
    // counts what is asked about 'x': the holder's renewals, creates and reads
    class CountingLeases extends MemoryLeaseStore {
      renewals = 0;
      creates = 0;
      reads = 0;
      override async create<T>(key: string, value: T) {
        if (key === 'x') this.creates++;
        return super.create(key, value);
      }
      override async get<T>(key: string) {
        if (key === 'x') this.reads++;
        return super.get<T>(key);
      }
      override async update<T>(key: string, value: T, revision: number) {
        if (key === 'x') this.renewals++;
        return super.update(key, value, revision);
      }
    }
    const counting = new CountingLeases(TTL);
    leases = counting;
    await addInstance('x');
    const holder = shard('s1');
    await holder.start();
    expect(counting.creates).toBe(1); // the holder's
    const other = shard('s2');
    await other.start();
    // the holder renews every round (TTL / 3): 6 renewals are about 6 of the other shard's rounds
    for (let i = 0; counting.renewals < 6 && i < 400; i++) await new Promise((r) => setTimeout(r, 20));
    expect(holder.instances).toEqual(['x']);
    expect(other.instances).toEqual([]);
    expect(counting.reads).toBeGreaterThanOrEqual(4);
    // a create on a taken key is two requests on JetStream KV, and the read after it a third
    expect(counting.creates).toBe(1);
  });

  it('renews the leases its first round took while that round is still adopting (a cold start)', async () => {
    // each adoption waits 0.6 TTL for the session's credentials: 70 instances, a few dozen at a
    // time, make a first round of more than a TTL, and the first leases' watchdogs (TTL - tick/2
    // after they were taken) fire before it ends unless the rounds' renewals run meanwhile
    const made: FakeWhatsAppSession[] = [];
    sessions = new FakeWhatsAppSessionFactory((s) => {
      made.push(s);
      s.credentials = true;
      s.hasCredentials = () => new Promise((r) => setTimeout(() => r(true), TTL * 0.6));
    });
    const keys = Array.from({ length: 70 }, (_, i) => `cold-${i}`);
    for (const k of keys) await addInstance(k);
    const sut = shard('s1', 100);
    const started = Date.now();
    await sut.start();
    expect(Date.now() - started).toBeGreaterThan(TTL); // the first round outlasted a TTL
    expect(sut.instances.sort()).toEqual([...keys].sort());
    expect(made.filter((s) => s.closed.length)).toEqual([]); // no watchdog closed a session
    expect(made).toHaveLength(70); // none adopted twice
    for (const k of keys) expect(sessions.session(k).status().state).toBe('connected');
  });

  it('counts an adoption still starting its session once against the capacity', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    sessions = new FakeWhatsAppSessionFactory((s) => {
      s.credentials = true;
      if (s.instance !== 'late') s.hasCredentials = () => gate.then(() => true);
    });
    for (const k of ['a', 'b', 'c']) await addInstance(k);
    const sut = shard('s1', 4);
    const starting = sut.start();
    // a, b and c owned, their sessions not started yet: 3 of 4 held, room for one more
    while (sut.instances.length < 3) await new Promise((r) => setTimeout(r, 5));
    await addInstance('late');
    const placed = await bus
      .request(Subjects.control('place-instance'), { instance: 'late' })
      .finally(release);
    expect(placed).toEqual({ shard: 's1' });
    await starting;
    expect(sut.instances.sort()).toEqual(['a', 'b', 'c', 'late']);
  });

  it('drops an instance at once when its lease is lost, and hands leases back on stop', async () => {
    await addInstance('y');
    const s1 = shard('s1');
    await s1.start();
    const lease = await leases.get<LeaseValue>('y');
    await leases.update<LeaseValue>(
      'y',
      { shard: 'intruder', at: new Date().toISOString() },
      lease!.revision,
    );
    await s1.tick();
    expect(s1.instances).toEqual([]);
    expect(sessions.session('y').closed).toEqual(['lease lost']);

    await leases.delete('y');
    await s1.tick();
    expect(s1.instances).toEqual(['y']);
    await s1.stop();
    expect(await leases.get('y')).toBeUndefined();
    expect(sessions.session('y').closed).toEqual(['shard stopping']);
  });

  it('starts the session of an instance that was linked before, and leaves a new one stopped', async () => {
    await addInstance('linked');
    await addInstance('new');
    sessions = new FakeWhatsAppSessionFactory((s) => (s.credentials = s.instance === 'linked'));
    const sut = shard('s1');
    await sut.start();
    expect(sessions.session('linked').status().state).toBe('connected');
    expect(sessions.session('new').status().state).toBe('stopped');
  });
});
