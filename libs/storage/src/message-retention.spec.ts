import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedMessageRepository } from './embedded/embedded-message.repository.js';
import { MessageRetention } from './message-retention.js';
import {
  MessageRepository,
  type MessageStatus,
  type NewStoredMessage,
  type StoredMessage,
} from './messages.ports.js';

// jest's object in native ESM (the global is not injected; @jest/globals is not a dependency of ours)
const jest = (import.meta as ImportMeta & { jest: typeof globalThis.jest }).jest;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

/** Turns of the event loop until `done` (bounded): the sweep yields with setImmediate between batches. */
async function settle(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !done(); turn++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

/** Holds `old` messages to delete; each deleteOlderThan call is recorded and may be held back. */
class FakeMessages extends MessageRepository {
  calls: { cutoff: number; maxBatch?: number }[] = [];
  hold?: Promise<void>;
  failNext = false;

  constructor(public old: number) {
    super();
  }

  async deleteOlderThan(cutoff: number, maxBatch?: number): Promise<number> {
    this.calls.push({ cutoff, maxBatch });
    await this.hold;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store down');
    }
    const n = Math.min(this.old, maxBatch ?? this.old);
    this.old -= n;
    return n;
  }

  save(_: NewStoredMessage[]): Promise<void> {
    throw new Error('not used');
  }
  get(): Promise<StoredMessage | undefined> {
    throw new Error('not used');
  }
  list(): Promise<StoredMessage[]> {
    throw new Error('not used');
  }
  updateStatus(_i: string, _c: string, _id: string, _s: MessageStatus): Promise<boolean> {
    throw new Error('not used');
  }
  clear(): Promise<number> {
    throw new Error('not used');
  }
}

describe(MessageRetention.name, () => {
  let sut: MessageRetention | undefined;
  beforeEach(() => {
    // timers are faked; setImmediate stays real (the turn between batches)
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
  });
  afterEach(async () => {
    await sut?.stop();
    sut = undefined;
    jest.useRealTimers();
  });

  it('sweeps right after start, then every interval, by the cutoff and in bounded batches', async () => {
    const store = new FakeMessages(2_500);
    const swept: number[] = [];
    let clock = NOW;
    sut = new MessageRetention(store, {
      days: 30,
      intervalMs: HOUR,
      batchSize: 1_000,
      now: () => clock,
      onSweep: (n) => swept.push(n),
    });
    sut.start();
    sut.start(); // once is enough
    expect(store.calls).toEqual([]);

    await jest.advanceTimersByTimeAsync(0);
    await settle(() => swept.length === 1);
    expect(store.calls).toEqual(Array(3).fill({ cutoff: NOW - 30 * DAY, maxBatch: 1_000 }));
    expect(swept).toEqual([2_500]);

    clock += HOUR;
    store.old = 10;
    await jest.advanceTimersByTimeAsync(HOUR - 1);
    expect(store.calls).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1);
    await settle(() => swept.length === 2);
    expect(store.calls.slice(3)).toEqual([{ cutoff: NOW + HOUR - 30 * DAY, maxBatch: 1_000 }]);
    expect(swept).toEqual([2_500, 10]);
  });

  it('keeps everything when the retention is 0 days', async () => {
    const store = new FakeMessages(5);
    sut = new MessageRetention(store, { days: 0, intervalMs: HOUR });
    expect(sut.enabled).toBe(false);
    sut.start();
    await jest.advanceTimersByTimeAsync(10 * HOUR);
    expect(await sut.sweep()).toBe(0);
    expect(store.calls).toEqual([]);
  });

  it('stops: a sweep under way ends after its batch, stop waits for it, and none follows', async () => {
    const store = new FakeMessages(5_000);
    let release!: () => void;
    store.hold = new Promise<void>((r) => (release = r));
    sut = new MessageRetention(store, { days: 1, intervalMs: HOUR, batchSize: 100, now: () => NOW });
    sut.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(store.calls).toHaveLength(1); // held in its first batch

    let stopped = false;
    const stopping = sut.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(store.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(24 * HOUR);
    expect(store.calls).toHaveLength(1);
    expect(store.old).toBe(4_900);
  });

  it('reports a failed sweep and runs the next one', async () => {
    const store = new FakeMessages(3);
    const errors: unknown[] = [];
    sut = new MessageRetention(store, {
      days: 7,
      intervalMs: HOUR,
      now: () => NOW,
      onError: (e) => errors.push(e),
    });
    store.failNext = true;
    sut.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([new Error('store down')]);
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(store.old).toBe(0);
    expect(store.calls).toHaveLength(2);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p days', (days) => {
    expect(() => new MessageRetention(new FakeMessages(0), { days })).toThrow(RangeError);
  });
});

describe(`${MessageRetention.name} on the embedded store`, () => {
  let dir: string;
  let store: EmbeddedMessageRepository;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-retention-'));
    store = await EmbeddedMessageRepository.open(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('deletes what is older than the retention, a batch at a time, and keeps the rest', async () => {
    const at = (id: string, ageDays: number): NewStoredMessage => ({
      instance: id.startsWith('a') ? 'a' : 'b',
      id,
      chat: '5511999990001@s.whatsapp.net',
      fromMe: false,
      timestamp: NOW - ageDays * DAY,
      kind: 'text',
      raw: '{}',
    });
    await store.save([
      at('a-old', 31),
      at('a-older', 400),
      at('a-new', 29),
      at('b-old', 30.5),
      at('b-new', 1),
    ]);
    const sut = new MessageRetention(store, { days: 30, batchSize: 2, now: () => NOW });
    expect(await sut.sweep()).toBe(3);
    const left = [...(await store.list('a', { limit: 10 })), ...(await store.list('b', { limit: 10 }))].map(
      (m) => m.id,
    );
    expect(left).toEqual(['a-new', 'b-new']);
    expect(await sut.sweep()).toBe(0);
  });
});
