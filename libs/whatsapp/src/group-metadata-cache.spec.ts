import type { GroupMetadata } from '@whiskeysockets/baileys';
import { GroupMetadataCache } from './group-metadata-cache.js';

const G = '120363042378568057@g.us';
const H = '120363042378568058@g.us';
const meta = (id: string, size: number) => ({ id, size, participants: [] }) as unknown as GroupMetadata;

/** A load that resolves when told to. */
function deferred() {
  let resolve!: (m: GroupMetadata) => void;
  const promise = new Promise<GroupMetadata>((r) => (resolve = r));
  return { promise, resolve };
}

describe(GroupMetadataCache.name, () => {
  it('keeps what it loaded until it expires', async () => {
    let now = 0;
    const sut = new GroupMetadataCache({ ttlMs: 1000, now: () => now });
    let loads = 0;
    const load = async () => meta(G, ++loads);
    expect(sut.peek(G)).toBeUndefined();
    expect((await sut.get(G, load)).size).toBe(1);
    now = 999;
    expect((await sut.get(G, load)).size).toBe(1);
    expect(sut.peek(G)?.size).toBe(1);
    now = 1000;
    expect(sut.peek(G)).toBeUndefined();
    expect((await sut.get(G, load)).size).toBe(2);
  });

  it('shares one load between concurrent misses', async () => {
    const sut = new GroupMetadataCache();
    const pending = deferred();
    let loads = 0;
    const load = () => (loads++, pending.promise);
    const both = Promise.all([sut.get(G, load), sut.get(G, load)]);
    pending.resolve(meta(G, 3));
    expect((await both).map((m) => m.size)).toEqual([3, 3]);
    expect(loads).toBe(1);
  });

  it('does not keep a load that was under way when the group changed', async () => {
    const sut = new GroupMetadataCache();
    const stale = deferred();
    const loading = sut.get(G, () => stale.promise);
    sut.forget(G);
    stale.resolve(meta(G, 1));
    // the caller that asked before the change gets its answer; nothing is kept from it
    expect((await loading).size).toBe(1);
    expect(sut.peek(G)).toBeUndefined();
    expect((await sut.get(G, async () => meta(G, 2))).size).toBe(2);
    expect(sut.peek(G)?.size).toBe(2);
  });

  it('keeps nothing from a failed load', async () => {
    const sut = new GroupMetadataCache();
    await expect(sut.get(G, () => Promise.reject(new Error('forbidden')))).rejects.toThrow('forbidden');
    expect(sut.peek(G)).toBeUndefined();
    expect((await sut.get(G, async () => meta(G, 1))).size).toBe(1);
  });

  it('forgets every group on clear, and the least recently loaded beyond its size', async () => {
    const sut = new GroupMetadataCache({ maxGroups: 1 });
    await sut.get(G, async () => meta(G, 1));
    await sut.get(H, async () => meta(H, 1));
    expect(sut.peek(G)).toBeUndefined();
    expect(sut.peek(H)).toBeDefined();
    sut.clear();
    expect(sut.peek(H)).toBeUndefined();
  });
});
