import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthStateRepository, openEmbeddedStorage, type AuthEntry } from '@zapgate/storage';
import { loadStoredAuthState } from './stored-auth-state.js';

/** The embedded repository, counting calls, and failing writes while `failing` is set. */
class ObservedRepository extends AuthStateRepository {
  reads = 0;
  writes: AuthEntry[][] = [];
  failing = false;

  constructor(private readonly inner: AuthStateRepository) {
    super();
  }

  read(instance: string, type: string, ids: string[]) {
    this.reads++;
    return this.inner.read(instance, type, ids);
  }

  async write(instance: string, entries: AuthEntry[]) {
    if (this.failing) throw new Error('storage is down');
    this.writes.push(entries);
    await this.inner.write(instance, entries);
  }

  clear(instance: string) {
    return this.inner.clear(instance);
  }

  count(instance: string) {
    return this.inner.count(instance);
  }
  entries(instance: string) {
    return this.inner.entries(instance);
  }
}

const session = (n: number) => ({ chain: n, key: Buffer.from([n, n, n]) });

describe(loadStoredAuthState.name, () => {
  let dir: string;
  let repo: ObservedRepository;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-auth-'));
    repo = new ObservedRepository((await openEmbeddedStorage(dir)).auth);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes queued key changes coalesced and in order, readable by a later load', async () => {
    const sut = await loadStoredAuthState('i1', repo);
    for (let n = 1; n <= 5; n++)
      await sut.state.keys.set({ session: { 'a.0': session(n) as never }, 'sender-key': { g: null } });
    await sut.flushed();

    expect(repo.writes).toHaveLength(1); // five sets in one turn of the event loop: one write
    expect(repo.writes[0]!.map((e) => `${e.type}/${e.id}`)).toEqual(['session/a.0', 'sender-key/g']);
    const again = await loadStoredAuthState('i1', repo);
    expect(await again.state.keys.get('session', ['a.0', 'b.0'])).toEqual({ 'a.0': session(5) });
  });

  it('answers reads from memory once loaded, missing keys included', async () => {
    const sut = await loadStoredAuthState('i1', repo);
    const before = repo.reads;
    await sut.state.keys.get('tctoken', ['x']);
    await sut.state.keys.get('tctoken', ['x']);
    await sut.state.keys.set({ session: { 'a.0': session(1) as never } });
    expect(await sut.state.keys.get('session', ['a.0'])).toEqual({ 'a.0': session(1) });
    expect(repo.reads - before).toBe(1);
  });

  it('keeps pre-keys out of memory: queued ones are read from the queue, stored ones from storage', async () => {
    const sut = await loadStoredAuthState('i1', repo);
    const pair = (n: number) => ({ public: Buffer.from([n]), private: Buffer.from([n + 1]) });
    await sut.state.keys.set({ 'pre-key': { '1': pair(1), '2': pair(2) } });
    expect(await sut.state.keys.get('pre-key', ['1', '2'])).toEqual({ '1': pair(1), '2': pair(2) });
    await sut.flushed();
    const before = repo.reads;
    await sut.state.keys.set({ 'pre-key': { '1': null } }); // used up
    expect(await sut.state.keys.get('pre-key', ['1', '2'])).toEqual({ '2': pair(2) });
    expect(repo.reads - before).toBe(1);
    await sut.flushed();
    expect(await sut.state.keys.get('pre-key', ['1', '2'])).toEqual({ '2': pair(2) });
  });

  it('keeps changes that storage refused and writes them once it works again', async () => {
    const errors: unknown[] = [];
    const sut = await loadStoredAuthState('i1', repo, {
      retryDelayMs: 20,
      onWriteError: (e) => errors.push(e),
    });
    repo.failing = true;
    await sut.state.keys.set({ session: { 'a.0': session(1) as never } });
    await expect(sut.flushed()).rejects.toThrow('storage is down');
    await sut.state.keys.set({ session: { 'b.0': session(2) as never } });
    repo.failing = false;
    await sut.flushed();

    expect(errors.length).toBeGreaterThan(0);
    const again = await loadStoredAuthState('i1', repo);
    expect(await again.state.keys.get('session', ['a.0', 'b.0'])).toEqual({
      'a.0': session(1),
      'b.0': session(2),
    });
  });

  it('retries a write its connection dropped half-way with growing, capped waits, ending on the latest values', async () => {
    /** Stores the first half of each write, then fails as a dropped connection does, `drops` times. */
    class DroppingRepository extends ObservedRepository {
      drops = 4;
      readonly tries: number[] = [];
      override async write(instance: string, entries: AuthEntry[]) {
        this.tries.push(performance.now());
        if (this.drops-- > 0) {
          await super.write(instance, entries.slice(0, Math.ceil(entries.length / 2)));
          throw Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
        }
        await super.write(instance, entries);
      }
    }
    const dropping = new DroppingRepository((await openEmbeddedStorage(dir)).auth);
    const failures: number[] = [];
    const sut = await loadStoredAuthState('i1', dropping, {
      retryDelayMs: 20,
      maxRetryDelayMs: 80,
      onWriteError: (_e, n) => failures.push(n),
    });
    await sut.state.keys.set({ session: { 'a.0': session(1) as never, 'b.0': session(1) as never } });
    await expect(sut.flushed()).rejects.toThrow('connection closed');
    // a newer value while the write is failing: it is the one that ends up stored
    await sut.state.keys.set({ session: { 'b.0': session(2) as never }, 'sender-key': { g: null } });
    await new Promise<void>((resolve) => {
      const poll = () => (dropping.drops < 0 ? resolve() : setTimeout(poll, 10));
      poll();
    });
    await sut.flushed();

    expect(failures).toEqual([1, 2, 3, 4]);
    const waits = dropping.tries.slice(1).map((t, i) => t - dropping.tries[i]!);
    // 20, 40, 80, then capped at 80 (a timer never fires early; 2 ms for the clock's rounding)
    [20, 40, 80, 80].forEach((least, i) => expect(waits[i]).toBeGreaterThanOrEqual(least - 2));
    const again = await loadStoredAuthState('i1', dropping);
    expect(await again.state.keys.get('session', ['a.0', 'b.0'])).toEqual({
      'a.0': session(1),
      'b.0': session(2),
    });
    // and after a success the wait starts over from the first step
    dropping.drops = 1;
    await sut.state.keys.set({ session: { 'c.0': session(3) as never } });
    await expect(sut.flushed()).rejects.toThrow('connection closed');
    await new Promise((r) => setTimeout(r, 5));
    expect(failures.at(-1)).toBe(1);
    await new Promise<void>((resolve) => {
      const poll = () => (dropping.drops < 0 ? resolve() : setTimeout(poll, 10));
      poll();
    });
    await sut.flushed();
    expect(await (await loadStoredAuthState('i1', dropping)).state.keys.get('session', ['c.0'])).toEqual({
      'c.0': session(3),
    });
  });

  it('stores creds and forgets everything on clear, ignoring later writes', async () => {
    const sut = await loadStoredAuthState('i1', repo);
    Object.assign(sut.state.creds, { registrationId: 4242 });
    await sut.saveCreds();
    expect((await loadStoredAuthState('i1', repo)).state.creds.registrationId).toBe(4242);

    await sut.state.keys.set({ session: { 'a.0': session(1) as never } });
    await sut.clear();
    await sut.state.keys.set({ session: { 'b.0': session(2) as never } });
    await sut.saveCreds();
    await sut.flushed();
    expect(await repo.count('i1')).toBe(0);
  });

  it('tells whether storage holds creds, from the one read of its load (a session adopted reads them once)', async () => {
    const fresh = await loadStoredAuthState('i1', repo);
    expect(repo.reads).toBe(1);
    expect(fresh.hasStoredCreds()).toBe(false); // new creds, not stored yet
    await fresh.saveCreds();
    expect(fresh.hasStoredCreds()).toBe(true);

    const loaded = await loadStoredAuthState('i1', repo);
    expect(loaded.hasStoredCreds()).toBe(true);
    expect(repo.reads).toBe(2);
    await loaded.clear(); // a logout deletes them, for good
    expect(loaded.hasStoredCreds()).toBe(false);
    await loaded.saveCreds();
    expect(loaded.hasStoredCreds()).toBe(false);
    expect((await loadStoredAuthState('i1', repo)).hasStoredCreds()).toBe(false);
  });
});
