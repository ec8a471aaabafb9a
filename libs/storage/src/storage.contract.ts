import { randomUUID } from 'node:crypto';
import type {
  AuthEntry,
  AuthStateRepository,
  DeliveryRecord,
  InstanceRecord,
  InstanceRepository,
  WebhookDeliveryRepository,
} from './ports.js';

export interface StorageUnderTest {
  instances: InstanceRepository;
  auth: AuthStateRepository;
  deliveries: WebhookDeliveryRepository;
  /** Closes and opens the same store again (a process restart). */
  reopen(): Promise<{
    instances: InstanceRepository;
    auth: AuthStateRepository;
    deliveries: WebhookDeliveryRepository;
  }>;
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

const delivery = (instance: string, seq: number, over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  id: `${instance}-${seq}`,
  instance,
  seq,
  part: 0,
  eventId: `ev-${seq}`,
  eventName: 'message-received',
  event: 'message',
  url: 'http://127.0.0.1:9/hook?x=1',
  body: JSON.stringify({ n: seq }),
  status: 'pending',
  attempts: 0,
  nextAt: 0,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
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

      it('stores a whole pre-key upload at once and replaces keys that already exist in it', async () => {
        const a = key();
        const upload = Array.from({ length: 812 }, (_, n) => ({
          type: 'pre-key',
          id: String(n + 1),
          value: `"k${n + 1}"`,
        }));
        await s.auth.write(a, upload);
        expect(await s.auth.count(a)).toBe(812);
        // an upload that repeats ids (new values) next to new ones and a deletion
        await s.auth.write(a, [
          { type: 'pre-key', id: '5', value: '"k5b"' },
          { type: 'pre-key', id: '813', value: '"k813"' },
          { type: 'pre-key', id: '700', value: '"k700b"' },
          { type: 'pre-key', id: '6', value: null },
        ]);
        expect(await s.auth.read(a, 'pre-key', ['5', '6', '700', '812', '813'])).toEqual({
          5: '"k5b"',
          700: '"k700b"',
          812: '"k812"',
          813: '"k813"',
        });
        expect(await s.auth.count(a)).toBe(812);
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

      it('applies one write as its last value per key: repeats, deletes of new and absent keys', async () => {
        const a = key();
        await s.auth.write(a, [{ type: 'session', id: 'kept', value: 'old' }]);
        await s.auth.write(a, [
          { type: 'session', id: 'kept', value: 'first' },
          { type: 'session', id: 'fresh', value: 'one' },
          { type: 'session', id: 'kept', value: 'second' },
          { type: 'session', id: 'fresh', value: null },
          { type: 'session', id: 'never', value: null },
          { type: 'session', id: 'new', value: 'a' },
          { type: 'session', id: 'new', value: 'b' },
        ]);
        expect(await s.auth.read(a, 'session', ['kept', 'fresh', 'never', 'new'])).toEqual({
          kept: 'second',
          new: 'b',
        });
        expect(await s.auth.count(a)).toBe(2);
        const again = await s.reopen();
        expect(await again.auth.read(a, 'session', ['kept', 'fresh', 'new'])).toEqual({
          kept: 'second',
          new: 'b',
        });
      });

      it('lists every live entry of one instance, after the writes made before, also after a restart', async () => {
        const [a, b] = [key(), key()];
        const byKey = (x: AuthEntry, y: AuthEntry) => `${x.type}/${x.id}`.localeCompare(`${y.type}/${y.id}`);
        expect(await s.auth.entries(a)).toEqual([]);
        await s.auth.write(a, [
          { type: 'creds', id: 'creds', value: '{"me":1}' },
          { type: 'session', id: 'x', value: 'old' },
          { type: 'pre-key', id: '1', value: '"k1"' },
        ]);
        await s.auth.write(b, [{ type: 'pre-key', id: '9', value: '"other"' }]);
        // not awaited: entries() still sees it (writes of an instance apply in order)
        void s.auth.write(a, [
          { type: 'session', id: 'x', value: 'new' },
          { type: 'pre-key', id: '1', value: null },
        ]);
        const expected = [
          { type: 'creds', id: 'creds', value: '{"me":1}' },
          { type: 'session', id: 'x', value: 'new' },
        ];
        expect((await s.auth.entries(a)).sort(byKey)).toEqual(expected);
        const again = await s.reopen();
        expect((await again.auth.entries(a)).sort(byKey)).toEqual(expected);
        await again.auth.clear(a);
        expect(await again.auth.entries(a)).toEqual([]);
        expect(await again.auth.entries(b)).toEqual([{ type: 'pre-key', id: '9', value: '"other"' }]);
      });

      it('keeps auth state across a restart', async () => {
        const a = key();
        await s.auth.write(a, [{ type: 'creds', id: 'creds', value: '{"registered":true}' }]);
        const again = await s.reopen();
        expect(await again.auth.read(a, 'creds', ['creds'])).toEqual({ creds: '{"registered":true}' });
      });
    });

    describe('webhook deliveries', () => {
      it('enqueues idempotently and hands out pending deliveries of an instance in order', async () => {
        const [a, b] = [key(), key()];
        await s.deliveries.enqueue([delivery(a, 3), delivery(a, 1), delivery(b, 2)]);
        // a redelivered event (same ids) is stored once; a new one next to it is stored
        await s.deliveries.enqueue([
          delivery(a, 1, { body: 'changed' }),
          delivery(a, 2),
          delivery(a, 2, { part: 1, id: `${a}-2b` }),
        ]);
        expect((await s.deliveries.nextFor(a, 10)).map((d) => [d.seq, d.part])).toEqual([
          [1, 0],
          [2, 0],
          [2, 1],
          [3, 0],
        ]);
        expect((await s.deliveries.nextFor(a, 2)).map((d) => d.id)).toEqual([`${a}-1`, `${a}-2`]);
        expect((await s.deliveries.get(a, `${a}-1`))?.body).toBe(JSON.stringify({ n: 1 }));
        expect(await s.deliveries.get(b, `${a}-1`)).toBeUndefined();
        expect((await s.deliveries.pendingInstances()).filter((i) => i === a || i === b).sort()).toEqual(
          [a, b].sort(),
        );
      });

      it('records outcomes in a batch: delivered, retry later, dead; with the attempt log', async () => {
        const a = key();
        await s.deliveries.enqueue([delivery(a, 1), delivery(a, 2), delivery(a, 3), delivery(a, 4)]);
        const at = new Date().toISOString();
        const attempt = (seq: number, statusCode?: number, error?: string) => ({
          deliveryId: `${a}-${seq}`,
          instance: a,
          at,
          latencyMs: 3,
          ...(statusCode !== undefined ? { statusCode } : {}),
          ...(error ? { error } : {}),
        });
        await s.deliveries.record([
          { attempt: attempt(1, 200), status: 'delivered' },
          { attempt: attempt(2, 204), status: 'delivered' },
          { attempt: attempt(3, 503), status: 'pending', nextAt: 12345 },
          { attempt: attempt(4, undefined, 'ECONNREFUSED'), status: 'dead' },
        ]);
        expect((await s.deliveries.nextFor(a, 10)).map((d) => [d.seq, d.attempts, d.nextAt])).toEqual([
          [3, 1, 12345],
        ]);
        expect(await s.deliveries.get(a, `${a}-1`)).toMatchObject({
          status: 'delivered',
          attempts: 1,
          lastStatusCode: 200,
          deliveredAt: expect.any(String),
        });
        expect(await s.deliveries.get(a, `${a}-4`)).toMatchObject({
          status: 'dead',
          lastError: 'ECONNREFUSED',
        });
        expect((await s.deliveries.list(a, { status: 'dead' })).map((d) => d.id)).toEqual([`${a}-4`]);
        expect((await s.deliveries.list(a)).map((d) => d.seq)).toEqual([4, 3, 2, 1]);
        expect((await s.deliveries.list(a, { limit: 2 })).map((d) => d.seq)).toEqual([4, 3]);
        await s.deliveries.record([{ attempt: attempt(3, 200), status: 'delivered' }]);
        expect(await s.deliveries.attempts(a, [`${a}-3`])).toEqual([
          expect.objectContaining({ statusCode: 503, latencyMs: 3 }),
          expect.objectContaining({ statusCode: 200 }),
        ]);
        expect(await s.deliveries.pendingInstances()).not.toContain(a);
      });

      it('records a batch of outcomes written again (a retry after a lost answer) only once', async () => {
        const a = key();
        await s.deliveries.enqueue([delivery(a, 1), delivery(a, 2)]);
        const at = new Date().toISOString();
        const batch = [
          {
            attempt: { deliveryId: `${a}-1`, instance: a, at, latencyMs: 1, statusCode: 200 },
            status: 'delivered' as const,
          },
          {
            attempt: { deliveryId: `${a}-2`, instance: a, at, latencyMs: 1, statusCode: 503 },
            status: 'pending' as const,
            nextAt: 777,
          },
        ];
        await s.deliveries.record(batch);
        await s.deliveries.record(batch);
        expect(await s.deliveries.get(a, `${a}-1`)).toMatchObject({ status: 'delivered', attempts: 1 });
        expect(await s.deliveries.get(a, `${a}-2`)).toMatchObject({
          status: 'pending',
          attempts: 1,
          nextAt: 777,
        });
        expect(await s.deliveries.attempts(a, [`${a}-1`, `${a}-2`])).toHaveLength(2);
        // the next attempt of the pending one counts
        await s.deliveries.record([
          {
            attempt: { deliveryId: `${a}-2`, instance: a, at, latencyMs: 1, statusCode: 200 },
            status: 'delivered',
          },
        ]);
        expect(await s.deliveries.get(a, `${a}-2`)).toMatchObject({ status: 'delivered', attempts: 2 });
      });

      it('moves a delivery to the URL its attempt went to; an attempt with no answer has no latency', async () => {
        const a = key();
        await s.deliveries.enqueue([delivery(a, 1), delivery(a, 2)]);
        const at = new Date().toISOString();
        await s.deliveries.record([
          {
            attempt: { deliveryId: `${a}-1`, instance: a, at, error: 'connection failed' },
            status: 'pending',
            nextAt: 5,
            url: 'https://new.example.test/hook',
          },
          {
            attempt: { deliveryId: `${a}-2`, instance: a, at, latencyMs: 2, statusCode: 200 },
            status: 'delivered',
          },
        ]);
        expect(await s.deliveries.get(a, `${a}-1`)).toMatchObject({
          url: 'https://new.example.test/hook',
          status: 'pending',
          nextAt: 5,
          lastError: 'connection failed',
        });
        expect((await s.deliveries.get(a, `${a}-2`))?.url).toBe(delivery(a, 2).url);
        expect(await s.deliveries.attempts(a, [`${a}-1`])).toEqual([
          { deliveryId: `${a}-1`, instance: a, at, error: 'connection failed' },
        ]);
        const again = await s.reopen();
        expect((await again.deliveries.nextFor(a, 10)).map((d) => d.url)).toEqual([
          'https://new.example.test/hook',
        ]);
      });

      it('replays one delivery or a time range with the same ids, and purges old delivered ones', async () => {
        const a = key();
        await s.deliveries.enqueue([1, 2, 3].map((n) => delivery(a, n)));
        const at = new Date().toISOString();
        await s.deliveries.record(
          [1, 2, 3].map((n) => ({
            attempt: { deliveryId: `${a}-${n}`, instance: a, at, latencyMs: 1, statusCode: 200 },
            status: 'delivered' as const,
          })),
        );
        expect(await s.deliveries.replay(a, { id: `${a}-2` })).toBe(1);
        expect(await s.deliveries.replay(key(), { id: `${a}-2` })).toBe(0);
        expect(await s.deliveries.nextFor(a, 10)).toEqual([
          expect.objectContaining({ id: `${a}-2`, status: 'pending', attempts: 0 }),
        ]);
        const range = await s.deliveries.replay(a, {
          from: delivery(a, 1).createdAt,
          to: delivery(a, 2).createdAt,
        });
        expect(range).toBeGreaterThanOrEqual(1);
        expect((await s.deliveries.nextFor(a, 10)).map((d) => d.id)).toEqual([`${a}-1`, `${a}-2`]);
        expect(await s.deliveries.purgeDelivered(delivery(a, 4).createdAt)).toBeGreaterThanOrEqual(1);
        expect(await s.deliveries.get(a, `${a}-3`)).toBeUndefined();
        expect(await s.deliveries.attempts(a, [`${a}-3`])).toEqual([]);
        expect(await s.deliveries.get(a, `${a}-1`)).toBeDefined();
      });

      it('gives an instance claim to one owner at a time until it expires or is released', async () => {
        const a = key();
        expect(await s.deliveries.claim(a, 'one', 60_000)).toBe(true);
        expect(await s.deliveries.claim(a, 'two', 60_000)).toBe(false);
        expect(await s.deliveries.claim(a, 'one', 60_000)).toBe(true);
        await s.deliveries.release(a, 'one');
        expect(await s.deliveries.claim(a, 'two', 1)).toBe(true);
        await new Promise((r) => setTimeout(r, 20));
        expect(await s.deliveries.claim(a, 'one', 60_000)).toBe(true);
      });

      it('keeps the outbox across a restart', async () => {
        const a = key();
        await s.deliveries.enqueue([delivery(a, 1)]);
        const again = await s.reopen();
        expect((await again.deliveries.nextFor(a, 10)).map((d) => d.id)).toEqual([`${a}-1`]);
      });
    });
  });
}
