import { BufferJSON, proto } from '@whiskeysockets/baileys';
import { AppStateConflict, AppStateStore } from './app-state-store.js';

const patch = (n: number) => proto.SyncdPatch.encode({ keyId: { id: Buffer.from([n]) } }).finish();
const decoded = (b: Buffer) => proto.SyncdPatch.decode(b);

describe('AppStateStore', () => {
  it('numbers pushed patches after the base version and writes the version into each', () => {
    const store = new AppStateStore();
    expect(store.push('551', 'regular_high', 0, [patch(1)])).toBe(1);
    expect(store.push('551', 'regular_high', 1, [patch(2), patch(3)])).toBe(3);
    const { patches, more } = store.since('551', 'regular_high', 1, 10);
    expect(more).toBe(false);
    expect(patches.map((p) => Number(decoded(p).version!.version))).toEqual([2, 3]);
    expect(patches.map((p) => decoded(p).keyId!.id![0])).toEqual([2, 3]);
    expect(store.version('551', 'regular_low')).toBe(0);
    expect(store.version('552', 'regular_high')).toBe(0);
  });

  it('refuses a push on an old version (409 on the wire) and keeps what it had', () => {
    const store = new AppStateStore();
    store.push('551', 'regular', 0, [patch(1)]);
    expect(() => store.push('551', 'regular', 0, [patch(9)])).toThrow(AppStateConflict);
    expect(store.version('551', 'regular')).toBe(1);
  });

  it('pages with has-more and survives a save and restore', () => {
    const store = new AppStateStore();
    store.push('551', 'regular_low', 0, [patch(1), patch(2), patch(3)]);
    store.markKeyShared('551:1:123');
    expect(store.since('551', 'regular_low', 0, 2).more).toBe(true);
    // as the state file keeps it (Buffers through Baileys' BufferJSON)
    const saved = JSON.parse(
      JSON.stringify(store.toState(), BufferJSON.replacer),
      BufferJSON.reviver,
    ) as never;
    const real = new AppStateStore();
    real.restore(saved);
    expect(real.version('551', 'regular_low')).toBe(3);
    expect(Number(decoded(real.since('551', 'regular_low', 2, 5).patches[0]!).version!.version)).toBe(3);
    expect(real.keyShared('551:1:123')).toBe(true);
  });
});
