import {
  CachedInstanceRepository,
  InstanceChangeFeed,
  type InstanceChangeListener,
} from './cached-instance.repository.js';
import { MemoryInstanceRepository } from './memory/memory-instance.repository.js';
import type { InstanceRecord } from './ports.js';

/** The notices of several processes in one: what one publishes, every subscriber hears. */
class MemoryFeed extends InstanceChangeFeed {
  connected = true;
  failPublish = false;
  readonly published: string[] = [];
  private readonly listeners = new Set<InstanceChangeListener>();

  async publish(key: string): Promise<void> {
    if (this.failPublish) throw new Error('feed down');
    this.published.push(key);
    for (const l of this.listeners) l.changed(key);
  }
  async subscribe(listener: InstanceChangeListener) {
    this.listeners.add(listener);
    return { unsubscribe: async () => void this.listeners.delete(listener) };
  }
  /** Another process wrote the instance. */
  noticeFrom(key: string): void {
    for (const l of this.listeners) l.changed(key);
  }
  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const l of this.listeners) l.reset();
  }
}

/** The shared store (it counts reads); `hold()` makes the next reads wait until released. */
class GatedInstances extends MemoryInstanceRepository {
  private gate?: Promise<void>;

  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((r) => (release = r));
    return () => {
      this.gate = undefined;
      release();
    };
  }
  override async get(key: string) {
    const snapshot = await super.get(key); // what the store had when asked
    if (this.gate) await this.gate;
    return snapshot;
  }
}

const record = (key: string, tokenHash = 'h1'): InstanceRecord => ({
  key,
  dialect: 'mega',
  tokenHash,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('CachedInstanceRepository', () => {
  let store: GatedInstances;
  let feed: MemoryFeed;
  let clock: number;
  let cache: CachedInstanceRepository;

  beforeEach(async () => {
    store = new GatedInstances();
    feed = new MemoryFeed();
    clock = 1_000;
    cache = await CachedInstanceRepository.open(store, feed, { now: () => clock, maxAgeMs: 5_000 });
    await store.create(record('a'));
  });

  it('serves a second read from memory, absent instances included', async () => {
    expect(await cache.get('a')).toMatchObject({ key: 'a', tokenHash: 'h1' });
    expect(await cache.get('a')).toMatchObject({ key: 'a', tokenHash: 'h1' });
    expect(await cache.get('nobody')).toBeUndefined();
    expect(await cache.get('nobody')).toBeUndefined();
    expect(store.reads).toBe(2);
  });

  it('shares one read between concurrent misses', async () => {
    const [x, y] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect(x).toEqual(y);
    expect(x).not.toBe(y);
    expect(store.reads).toBe(1);
  });

  it("reads again after another process's notice, and sees its write", async () => {
    await cache.get('a');
    await store.update('a', { tokenHash: 'h2' }); // written by another process
    expect((await cache.get('a'))?.tokenHash).toBe('h1');
    feed.noticeFrom('a');
    expect((await cache.get('a'))?.tokenHash).toBe('h2');
    expect(store.reads).toBe(2);
  });

  it('does not keep a read during which a notice arrived', async () => {
    const release = store.hold();
    const slow = cache.get('a'); // the store answers h1 ...
    await store.update('a', { tokenHash: 'h2' }); // ... while another process writes h2
    feed.noticeFrom('a');
    release();
    expect((await slow)?.tokenHash).toBe('h1'); // the caller overlapped the write
    expect((await cache.get('a'))?.tokenHash).toBe('h2'); // the stale h1 was not kept
    expect(store.reads).toBe(2);
  });

  it('does not keep a read during which the feed reset', async () => {
    const release = store.hold();
    const slow = cache.get('a');
    await store.update('a', { tokenHash: 'h2' });
    feed.setConnected(false);
    feed.setConnected(true);
    release();
    await slow;
    expect((await cache.get('a'))?.tokenHash).toBe('h2');
  });

  it('reads again once an entry is older than maxAgeMs', async () => {
    await cache.get('a');
    clock += 4_999;
    await cache.get('a');
    expect(store.reads).toBe(1);
    clock += 1;
    await cache.get('a');
    expect(store.reads).toBe(2);
    await cache.get('a');
    expect(store.reads).toBe(2);
  });

  it('reads through while the feed is disconnected, and starts empty after it reconnects', async () => {
    await cache.get('a');
    feed.setConnected(false);
    expect(cache.size).toBe(0);
    await cache.get('a');
    await cache.get('a');
    expect(store.reads).toBe(3);
    expect(cache.size).toBe(0);
    feed.setConnected(true);
    await cache.get('a');
    await cache.get('a');
    expect(store.reads).toBe(4);
  });

  it('neither serves nor keeps anything once the feed says it is down, before any reset reached it', async () => {
    await cache.get('a');
    const release = store.hold();
    const slow = cache.get('b');
    feed.connected = false; // the status is known, its reset not delivered yet
    release();
    await slow;
    await cache.get('a');
    expect(store.reads).toBe(3);
    feed.connected = true;
    await cache.get('b');
    expect(store.reads).toBe(4); // 'b' was not kept
  });

  it('empties itself when the feed reconnects', async () => {
    await cache.get('a');
    await store.update('a', { tokenHash: 'h2' }); // written while this process missed the notice
    feed.setConnected(true); // a reconnect: notices may have been lost
    expect((await cache.get('a'))?.tokenHash).toBe('h2');
  });

  it('hands every caller its own copy', async () => {
    const first = (await cache.get('a'))!;
    first.tokenHash = 'mutated';
    first.webhook = { url: 'http://x', enabled: true };
    const second = (await cache.get('a'))!;
    expect(second.tokenHash).toBe('h1');
    expect(second.webhook).toBeUndefined();
    expect(store.reads).toBe(1);
  });

  it('publishes a notice for each write that happened, and drops the instance here', async () => {
    await cache.get('a');
    expect((await cache.update('a', { tokenHash: 'h2' }))?.tokenHash).toBe('h2');
    expect((await cache.get('a'))?.tokenHash).toBe('h2');
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.create(record('b'))).toBe(true);
    expect(await cache.get('b')).toMatchObject({ key: 'b' });
    expect(await cache.delete('a')).toBe(true);
    expect(await cache.get('a')).toBeUndefined();
    expect(feed.published).toEqual(['a', 'b', 'a']);

    // nothing written: nothing announced
    expect(await cache.create(record('b'))).toBe(false);
    expect(await cache.update('zz', { tokenHash: 'x' })).toBeUndefined();
    expect(await cache.delete('zz')).toBe(false);
    expect(feed.published).toEqual(['a', 'b', 'a']);
  });

  it('tells other caches on the same feed about its writes', async () => {
    const other = await CachedInstanceRepository.open(store, feed, { now: () => clock });
    expect((await other.get('a'))?.tokenHash).toBe('h1');
    await cache.update('a', { tokenHash: 'h2' });
    expect((await other.get('a'))?.tokenHash).toBe('h2');
    await cache.delete('a');
    expect(await other.get('a')).toBeUndefined();
  });

  it('keeps a write whose notice could not be published (reported, bounded by maxAgeMs)', async () => {
    const failures: string[] = [];
    const reporting = await CachedInstanceRepository.open(store, feed, {
      now: () => clock,
      onPublishError: (_err, key) => failures.push(key),
    });
    feed.failPublish = true;
    expect((await reporting.update('a', { tokenHash: 'h3' }))?.tokenHash).toBe('h3');
    expect(failures).toEqual(['a']);
    expect((await reporting.get('a'))?.tokenHash).toBe('h3');
  });

  it('keeps at most maxEntries instances, dropping the oldest stored', async () => {
    const small = await CachedInstanceRepository.open(store, feed, { now: () => clock, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await small.get(k);
    expect(small.size).toBe(2);
    store.reads = 0;
    await small.get('c');
    await small.get('b');
    expect(store.reads).toBe(0);
    await small.get('a');
    expect(store.reads).toBe(1);
  });

  it('passes list through uncached', async () => {
    await cache.list();
    await store.create(record('b'));
    expect((await cache.list()).map((r) => r.key)).toEqual(['a', 'b']);
  });

  it('reads through once closed', async () => {
    await cache.get('a');
    await cache.close();
    await cache.get('a');
    expect(store.reads).toBe(2);
  });
});
