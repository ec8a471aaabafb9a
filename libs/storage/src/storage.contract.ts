import { randomUUID } from 'node:crypto';
import type { AuthStateRepository, InstanceRecord, InstanceRepository } from './ports.js';

export interface StorageUnderTest {
  instances: InstanceRepository;
  auth: AuthStateRepository;
  /** Closes and opens the same store again (a process restart). */
  reopen(): Promise<{ instances: InstanceRepository; auth: AuthStateRepository }>;
  close(): Promise<void>;
}

const record = (key: string, over: Partial<InstanceRecord> = {}): InstanceRecord => ({
  key,
  dialect: 'mega',
  tokenHash: 'a'.repeat(64),
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...over,
});

/** One behaviour, two adapters: the embedded files must act as MongoDB does. */
export function describeStorageContract(name: string, open: () => Promise<StorageUnderTest>): void {
  describe(`storage contract: ${name}`, () => {
    let s: StorageUnderTest;
    const key = () => `i${randomUUID().slice(0, 8)}`;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    describe('instances', () => {
      it('creates once per key, reads, lists in creation order, updates and deletes', async () => {
        const [a, b] = [key(), key()];
        expect(await s.instances.create(record(a))).toBe(true);
        expect(await s.instances.create(record(a, { dialect: 'wppconnect' }))).toBe(false);
        expect(await s.instances.get(a)).toEqual(
          record(a, { createdAt: expect.any(String), updatedAt: expect.any(String) }),
        );
        expect(
          await s.instances.create(
            record(b, { dialect: 'wppconnect', createdAt: new Date(Date.now() + 1000).toISOString() }),
          ),
        ).toBe(true);
        expect((await s.instances.list()).map((i) => i.key).filter((k) => k === a || k === b)).toEqual([
          a,
          b,
        ]);

        const updated = await s.instances.update(a, {
          webhook: { url: 'https://example.test/hook?x=1', enabled: true, events: ['message'] },
          tokenHash: undefined,
        });
        expect(updated).toMatchObject({
          key: a,
          webhook: { url: 'https://example.test/hook?x=1', enabled: true, events: ['message'] },
        });
        expect(updated).not.toHaveProperty('tokenHash');
        expect(await s.instances.update(key(), { dialect: 'mega' })).toBeUndefined();

        expect(await s.instances.delete(a)).toBe(true);
        expect(await s.instances.delete(a)).toBe(false);
        expect(await s.instances.get(a)).toBeUndefined();
      });

      it('keeps instances across a restart', async () => {
        const a = key();
        await s.instances.create(record(a, { dialect: 'wppconnect' }));
        const again = await s.reopen();
        expect(await again.instances.get(a)).toMatchObject({ key: a, dialect: 'wppconnect' });
      });
    });

    describe('auth state', () => {
      it('stores one entry per key, reads what exists, deletes with null, scoped by instance', async () => {
        const [a, b] = [key(), key()];
        await s.auth.write(a, [
          { type: 'creds', id: 'creds', value: '{"me":1}' },
          { type: 'pre-key', id: '1', value: '"k1"' },
          { type: 'pre-key', id: '2', value: '"k2"' },
        ]);
        await s.auth.write(b, [{ type: 'pre-key', id: '1', value: '"other"' }]);
        expect(await s.auth.read(a, 'pre-key', ['1', '2', '3'])).toEqual({ 1: '"k1"', 2: '"k2"' });
        expect(await s.auth.read(b, 'pre-key', ['1'])).toEqual({ 1: '"other"' });
        expect(await s.auth.count(a)).toBe(3);

        await s.auth.write(a, [
          { type: 'pre-key', id: '1', value: null },
          { type: 'pre-key', id: '2', value: '"k2b"' },
        ]);
        expect(await s.auth.read(a, 'pre-key', ['1', '2'])).toEqual({ 2: '"k2b"' });

        await s.auth.clear(a);
        expect(await s.auth.count(a)).toBe(0);
        expect(await s.auth.count(b)).toBe(1);
      });

      it('applies the writes of one instance in the order they were made', async () => {
        const a = key();
        await Promise.all(
          Array.from({ length: 50 }, (_, n) =>
            s.auth.write(a, [{ type: 'session', id: 'x', value: String(n) }]),
          ),
        );
        expect(await s.auth.read(a, 'session', ['x'])).toEqual({ x: '49' });
      });

      it('keeps auth state across a restart', async () => {
        const a = key();
        await s.auth.write(a, [{ type: 'creds', id: 'creds', value: '{"registered":true}' }]);
        const again = await s.reopen();
        expect(await again.auth.read(a, 'creds', ['creds'])).toEqual({ creds: '{"registered":true}' });
      });
    });
  });
}
