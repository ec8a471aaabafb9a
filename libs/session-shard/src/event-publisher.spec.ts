import { EVENTS_STREAM } from '@zapgate/contracts';
import { startNatsServer } from '@zapgate/testing';
import { MemoryEventLog, NatsEventLog, type StoredEvent } from '@zapgate/transport';
import { connect } from '@nats-io/transport-node';
import { EventBufferFullError, EventPublisher, type PendingEvent } from './event-publisher.js';

/** An event log that refuses while `down`, and can hold a publish back until told. */
class FlakyLog extends MemoryEventLog {
  down = false;
  tries = 0;
  override async publish<T>(subject: string, data: T, options: { id: string }) {
    this.tries++;
    if (this.down) throw Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' });
    return super.publish(subject, data, options);
  }
}

const event = (key: string, n: number): PendingEvent => ({
  key,
  subject: `zg.evt.${key}.message-received`,
  id: `${key}-${n}`,
  kind: 'message-received',
  data: { n },
});

async function collect(log: MemoryEventLog | NatsEventLog, durable: string) {
  const seen: StoredEvent<{ n: number }>[] = [];
  const sub = await log.consume<{ n: number }>({ durable }, async (e) => void seen.push(e));
  return { seen, sub };
}

describe(EventPublisher.name, () => {
  it('keeps what the log refuses and stores it, in order per key, once the log is back', async () => {
    const log = new FlakyLog();
    const failures: number[] = [];
    const sut = new EventPublisher(
      log,
      { minBackoffMs: 5, maxBackoffMs: 20 },
      { failed: (_e, _err, attempt) => failures.push(attempt) },
    );
    const { seen, sub } = await collect(log, 'test');
    sut.publish(event('a', 1));
    log.down = true;
    for (let n = 2; n <= 6; n++) sut.publish(event('a', n));
    sut.publish(event('b', 1));
    await until(() => log.tries > 12); // several rounds of retries
    expect(sut.depth).toBe(6);
    expect(sut.blockedKeys).toBe(2);
    log.down = false;
    sut.publish(event('a', 7)); // behind the waiting ones, not before them
    expect(await sut.flush(5_000)).toBe(true);
    await until(() => seen.length === 8);
    expect(seen.filter((e) => e.subject.includes('.a.')).map((e) => e.data.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.filter((e) => e.subject.includes('.b.')).map((e) => e.data.n)).toEqual([1]);
    expect(sut.depth).toBe(0);
    expect(sut.blockedKeys).toBe(0);
    expect(failures.length).toBeGreaterThan(0);
    await sub.unsubscribe();
    sut.close();
  });

  it('refuses past its bound instead of growing, and accepts again once events are stored', async () => {
    const log = new FlakyLog();
    const refused: string[] = [];
    const sut = new EventPublisher(
      log,
      { maxBuffered: 3, minBackoffMs: 5, maxBackoffMs: 10 },
      { refused: (e) => refused.push(e.id) },
    );
    log.down = true;
    for (let n = 1; n <= 3; n++) sut.publish(event('a', n));
    expect(() => sut.publish(event('a', 4))).toThrow(EventBufferFullError);
    expect(refused).toEqual(['a-4']);
    expect(sut.depth).toBe(3);
    log.down = false;
    expect(await sut.flush(5_000)).toBe(true);
    expect(() => sut.publish(event('a', 5))).not.toThrow();
    expect(await sut.flush(5_000)).toBe(true);
    sut.close();
  });

  it('flush gives up after its timeout and close reports what is dropped', async () => {
    const log = new FlakyLog();
    const sut = new EventPublisher(log, { minBackoffMs: 5, maxBackoffMs: 10 });
    log.down = true;
    sut.publish(event('a', 1));
    expect(await sut.flush(100)).toBe(false);
    expect(sut.close()).toBe(1);
    expect(() => sut.publish(event('a', 2))).toThrow(EventBufferFullError);
  });

  it('stores every event published through a NATS restart on JetStream, once each and in order', async () => {
    const nats = await startNatsServer();
    const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    try {
      const log = await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: ['zg.evt.>'] });
      const sut = new EventPublisher(log, { minBackoffMs: 50, maxBackoffMs: 500 });
      for (let n = 1; n <= 5; n++) sut.publish(event('a', n));
      expect(await sut.flush(5_000)).toBe(true);
      await nats.down();
      for (let n = 6; n <= 15; n++) sut.publish(event('a', n));
      await new Promise((r) => setTimeout(r, 300)); // tries fail meanwhile
      expect(sut.depth).toBeGreaterThan(0);
      await nats.up();
      expect(await sut.flush(30_000)).toBe(true);
      const { seen, sub } = await collect(log, 'after-restart');
      await until(() => seen.length >= 15, 10_000);
      await sub.unsubscribe();
      expect(seen.map((e) => e.data.n)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      sut.close();
    } finally {
      await nc.close();
      await nats.stop();
    }
  }, 60_000);
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
