import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Subjects, type EventEnvelope, type InstanceStatus } from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import {
  MemoryCommandBus,
  MemoryEventLog,
  MemoryLeaseStore,
  type CommandHandler,
  type ServeOptions,
  type StoredEvent,
  type Subscription,
} from '@zapgate/transport';
import { TempFileMediaStore } from '@zapgate/media';
import { WaSimulator } from '@zapgate/wa-sim';
import { BaileysSessionFactory } from '@zapgate/whatsapp';
import { pino } from 'pino';
import { ShardMetrics } from './shard-metrics.js';
import { ShardService, type LeaseValue } from './shard.service.js';
import { FakeWhatsAppSessionFactory } from './whatsapp-session.fake.js';

/** An event log whose publish times out while `down`, as JetStream's does with NATS unreachable. */
class FlakyEventLog extends MemoryEventLog {
  down = false;
  readonly failed: string[] = [];
  override async publish<T>(subject: string, data: T, options: { id: string }) {
    if (this.down) {
      this.failed.push(subject);
      throw Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' });
    }
    return super.publish(subject, data, options);
  }
}

/** A lease store that does not answer while `down` (a NATS KV request timing out). */
class FlakyLeaseStore extends MemoryLeaseStore {
  down = false;
  private check() {
    if (this.down) throw Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' });
  }
  override async create<T>(key: string, value: T) {
    this.check();
    return super.create(key, value);
  }
  override async update<T>(key: string, value: T, revision: number) {
    this.check();
    return super.update(key, value, revision);
  }
  override async get<T>(key: string) {
    this.check();
    return super.get<T>(key);
  }
  override async delete(key: string) {
    this.check();
    return super.delete(key);
  }
  /** What the store holds, even while it does not answer. */
  peek<T>(key: string) {
    return super.get<T>(key);
  }
}

/** A lease store whose renewals never answer while `hanging` (a request stuck while NATS reconnects). */
class HangingLeaseStore extends MemoryLeaseStore {
  hanging = false;
  override async update<T>(key: string, value: T, revision: number) {
    if (this.hanging) return new Promise<number | undefined>(() => undefined);
    return super.update(key, value, revision);
  }
}

/** A bus whose unsubscribes wait until `unblock` (a flush while NATS is unreachable). */
class StuckUnsubscribeBus extends MemoryCommandBus {
  private release?: () => void;
  private readonly gate = new Promise<void>((r) => (this.release = r));
  unblock() {
    this.release!();
  }
  override async serve<Req, Res>(
    subject: string,
    handler: CommandHandler<Req, Res>,
    options?: ServeOptions,
  ): Promise<Subscription> {
    const sub = await super.serve(subject, handler, options);
    return {
      unsubscribe: async () => {
        await this.gate;
        await sub.unsubscribe();
      },
    };
  }
}

interface LogLine {
  level: number;
  msg: string;
  instance?: string;
  event?: string;
  err?: { message: string };
}

/** A pino logger that keeps its lines. */
function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as LogLine);
        done();
      },
    }),
  );
  return { lines, logger };
}

// Jest 30 fails a test on any unhandled rejection raised while it runs (a listener on
// process 'unhandledRejection' inside a test file never sees them: jest takes them first), so
// each test below would fail on a fire-and-forget promise that rejects.
describe(`${ShardService.name} when a dependency hiccups`, () => {
  let dir: string;
  let storage: EmbeddedStorage;
  const shards: ShardService[] = [];
  const addInstance = (key: string) =>
    storage.instances.create({
      key,
      dialect: 'mega',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-hiccup-'));
    storage = await openEmbeddedStorage(dir);
  });
  afterEach(async () => {
    await Promise.all(shards.splice(0).map((s) => s.stop()));
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  describe('an event log that cannot publish', () => {
    let sim: WaSimulator;
    beforeAll(async () => {
      sim = await WaSimulator.start();
    });
    afterAll(() => sim.stop());

    it("keeps the session up through a phone's message it cannot publish, and publishes it once the log is back", async () => {
      const bus = new MemoryCommandBus();
      const events = new FlakyEventLog();
      const { lines, logger } = capturingLogger();
      const media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
      const sut = new ShardService(
        { shardId: 's1', capacity: 10, tickMs: 5_000, eventBuffer: { minBackoffMs: 20, maxBackoffMs: 200 } },
        {
          bus,
          events,
          leases: new MemoryLeaseStore(15_000),
          instances: storage.instances,
          sessions: new BaileysSessionFactory({
            auth: storage.auth,
            messages: storage.messages,
            media,
            waWebSocketUrl: sim.url,
          }),
          logger,
        },
      );
      shards.push(sut);
      const seen: StoredEvent<EventEnvelope>[] = [];
      await events.consume<EventEnvelope>({ durable: 'test' }, async (e) => void seen.push(e));
      const command = <T>(verb: Parameters<typeof Subjects.command>[1], extra = {}) =>
        bus.request<T, object>(Subjects.command('shop', verb), { instance: 'shop', ...extra });
      const texts = () =>
        seen
          .filter((e) => e.data.event === 'message-received')
          .map((e) => (e.data.data as { text?: string }).text);
      await addInstance('shop');
      await sut.start();
      await sim.createPhone({ number: '5511960000001' });
      await sim.createPhone({ number: '5511960000002' });
      const { qr } = await command<InstanceStatus>('connect');
      await sim.scanQr('5511960000001', qr!);
      await until(async () => (await command<InstanceStatus>('get-status')).state === 'connected');

      events.down = true;
      await sim.sendFromPhone('5511960000002', '5511960000001', 'while NATS is down');
      const retrying = () =>
        lines.find(
          (l) =>
            l.event === 'message-received' && l.msg.startsWith('publishing the event failed; it is kept'),
        );
      await until(async () => !!retrying());
      expect(events.failed).toContain(Subjects.event('shop', 'message-received'));
      expect(retrying()).toMatchObject({ level: 40, instance: 'shop', err: { message: 'TIMEOUT' } });
      expect(sut.bufferedEvents).toBeGreaterThan(0);
      expect((await command<InstanceStatus>('get-status')).state).toBe('connected');
      await sim.sendFromPhone('5511960000002', '5511960000001', 'still down');

      // back up: what waited goes out first, in order, then what comes next
      events.down = false;
      await sim.sendFromPhone('5511960000002', '5511960000001', 'NATS is back');
      await until(async () => texts().includes('NATS is back'));
      expect(texts()).toEqual(['while NATS is down', 'still down', 'NATS is back']);
      expect(lines.some((l) => l.msg.includes('it is not delivered'))).toBe(false);
      expect(sut.bufferedEvents).toBe(0);
    });
  });

  describe('a lease it no longer holds', () => {
    it('closes the session first, while the commands are still being unsubscribed', async () => {
      const leases = new MemoryLeaseStore(3_000);
      const bus = new StuckUnsubscribeBus();
      const sessions = new FakeWhatsAppSessionFactory((s) => (s.credentials = true));
      const metrics = new ShardMetrics({ defaultMetrics: false });
      const { logger } = capturingLogger();
      const sut = new ShardService(
        { shardId: 's1', capacity: 10, tickMs: 200 },
        {
          bus,
          events: new MemoryEventLog(),
          leases,
          instances: storage.instances,
          sessions,
          logger,
          metrics,
        },
      );
      shards.push(sut);
      await addInstance('x');
      await sut.start();
      await until(async () => sessions.session('x').status().state === 'connected');
      // another shard took it over (this one missed its renewals)
      const lease = (await leases.get<LeaseValue>('x'))!;
      await leases.update<LeaseValue>('x', { shard: 's2', at: new Date().toISOString() }, lease.revision);
      await until(async () => sessions.session('x').closed.length > 0);
      expect(sessions.session('x').closed).toEqual(['lease lost']);
      expect(sessions.session('x').status().state).toBe('stopped');
      expect(sut.instances).toEqual([]);
      bus.unblock();
      const scraped = await metrics.scrape();
      expect(scraped).toContain('zg_shard_lease_renewals_total{outcome="lost"} 1');
      expect(scraped).toContain('zg_shard_releases_total{reason="lease lost"} 1');
      expect(scraped).toContain('zg_shard_adoptions_total 1');
      expect(scraped).toContain('zg_shard_instances 0');
    });

    it('closes the session before the lease could lapse even when the renewal never answers', async () => {
      const TICK = 300;
      const TTL = 3 * TICK;
      const leases = new HangingLeaseStore(TTL);
      const sessions = new FakeWhatsAppSessionFactory((s) => (s.credentials = true));
      const { lines, logger } = capturingLogger();
      const sut = new ShardService(
        { shardId: 's1', capacity: 10, tickMs: TICK },
        {
          bus: new MemoryCommandBus(),
          events: new MemoryEventLog(),
          leases,
          instances: storage.instances,
          sessions,
          logger,
        },
      );
      shards.push(sut);
      await addInstance('x');
      await sut.start();
      await until(async () => sessions.session('x').status().state === 'connected');
      leases.hanging = true;
      const leasedAt = Date.parse((await leases.get<LeaseValue>('x'))!.value.at);
      await until(async () => sessions.session('x').closed.length > 0);
      const closedAt = Date.now();
      expect(closedAt).toBeLessThan(leasedAt + TTL); // before another shard may take it over
      expect(sessions.session('x').closed).toEqual(['lease not renewed']);
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 50,
          instance: 'x',
          msg: expect.stringMatching(/not renewed in time/),
        }),
      );
      leases.hanging = false;
    });
  });

  describe('a lease store that does not answer', () => {
    const TICK = 600;
    const TTL = 3 * TICK; // as the session-shard app plans it

    it('keeps its sessions while their leases stand, and closes them before the leases lapse', async () => {
      const leases = new FlakyLeaseStore(TTL);
      const { lines, logger } = capturingLogger();
      const sut = new ShardService(
        { shardId: 's1', capacity: 10, tickMs: TICK },
        {
          bus: new MemoryCommandBus(),
          events: new MemoryEventLog(),
          leases,
          instances: storage.instances,
          sessions: new FakeWhatsAppSessionFactory(),
          logger,
        },
      );
      shards.push(sut);
      await addInstance('x');
      await sut.start();
      expect(sut.instances).toEqual(['x']);

      leases.down = true;
      const leasedAt = Date.parse((await leases.peek<LeaseValue>('x'))!.value.at);
      const failedRenewal = (l: LogLine) =>
        l.level === 40 && l.instance === 'x' && l.msg.startsWith('renewing the lease failed');
      await until(async () => lines.some(failedRenewal));
      expect(sut.instances).toEqual(['x']); // the lease still stands: the session stays

      await until(async () => sut.instances.length === 0);
      const releasedAt = Date.now();
      expect(releasedAt).toBeGreaterThanOrEqual(leasedAt + TTL - TICK);
      expect(releasedAt).toBeLessThan(leasedAt + TTL); // before another shard may take it
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 50,
          instance: 'x',
          msg: expect.stringMatching(/not renewed in time/),
        }),
      );

      // a stop while the store does not answer hands nothing over, and says so without failing
      await addInstance('y');
      leases.down = false;
      await until(async () => sut.instances.length === 2);
      leases.down = true;
      await expect(sut.stop()).resolves.toBeUndefined();
      expect(sut.instances).toEqual([]);
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          instance: 'y',
          msg: expect.stringMatching(/deleting the lease failed/),
        }),
      );
    });
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
