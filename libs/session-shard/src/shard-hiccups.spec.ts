import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Subjects, type EventEnvelope, type InstanceStatus } from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore, type StoredEvent } from '@zapgate/transport';
import { TempFileMediaStore } from '@zapgate/media';
import { WaSimulator } from '@zapgate/wa-sim';
import { BaileysSessionFactory } from '@zapgate/whatsapp';
import { pino } from 'pino';
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

    it("keeps the session up through a phone's message it cannot publish, and logs the loss", async () => {
      const bus = new MemoryCommandBus();
      const events = new FlakyEventLog();
      const { lines, logger } = capturingLogger();
      const media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
      const sut = new ShardService(
        { shardId: 's1', capacity: 10, tickMs: 5_000 },
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
      await addInstance('shop');
      await sut.start();
      await sim.createPhone({ number: '5511960000001' });
      await sim.createPhone({ number: '5511960000002' });
      const { qr } = await command<InstanceStatus>('connect');
      await sim.scanQr('5511960000001', qr!);
      await until(async () => (await command<InstanceStatus>('get-status')).state === 'connected');

      events.down = true;
      await sim.sendFromPhone('5511960000002', '5511960000001', 'while NATS is down');
      const lost = () =>
        lines.find((l) => l.event === 'message-received' && l.msg.startsWith('publishing the event failed'));
      await until(async () => !!lost());
      expect(events.failed).toContain(Subjects.event('shop', 'message-received'));
      expect(lost()).toMatchObject({ level: 50, instance: 'shop', err: { message: 'TIMEOUT' } });
      expect((await command<InstanceStatus>('get-status')).state).toBe('connected');

      // back up: the same session goes on publishing
      events.down = false;
      await sim.sendFromPhone('5511960000002', '5511960000001', 'NATS is back');
      await until(async () =>
        seen.some(
          (e) =>
            e.data.event === 'message-received' && (e.data.data as { text?: string }).text === 'NATS is back',
        ),
      );
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
