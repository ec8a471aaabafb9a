import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import type { CommandBus, EventLog, LeaseStore, StoredEvent, Subscription } from './ports.js';

export interface TransportUnderTest {
  bus: CommandBus;
  /** A second bus on its own connection (another process, as far as the transport can tell). */
  otherBus: CommandBus;
  events: EventLog;
  /** Lease store whose TTL is `leaseTtlMs`. */
  leases: LeaseStore;
  leaseTtlMs: number;
  /** Event subjects the test may publish under (`<prefix>.<anything>`), captured by `events`. */
  eventPrefix: string;
  close(): Promise<void>;
}

/** One behaviour, two transports: the in-memory one must act as NATS does. */
export function describeTransportContract(name: string, start: () => Promise<TransportUnderTest>): void {
  describe(`transport contract: ${name}`, () => {
    let t: TransportUnderTest;
    const subs: Subscription[] = [];
    const unique = () => randomUUID().replace(/-/g, '').slice(0, 12);

    beforeEach(async () => {
      t = await start();
    });
    afterEach(async () => {
      await Promise.all(subs.splice(0).map((s) => s.unsubscribe()));
      await t.close();
    });

    describe('commands', () => {
      it('answers a request across connections, with wildcards', async () => {
        const id = unique();
        subs.push(
          await t.otherBus.serve<{ n: number }, { doubled: number }>(
            `zg.cmd.${id}.*`,
            async (p, subject) => ({ doubled: p.n * 2, subject }) as never,
          ),
        );
        await expect(t.bus.request(`zg.cmd.${id}.double`, { n: 21 })).resolves.toEqual({
          doubled: 42,
          subject: `zg.cmd.${id}.double`,
        });
      });

      it('carries a domain error back as the same code, message and details', async () => {
        const id = unique();
        subs.push(
          await t.otherBus.serve(`zg.cmd.${id}.fail`, async () => {
            throw new DomainError(ErrorCode.NotConnected, 'instance is not connected', { instance: id });
          }),
        );
        const err = await t.bus.request(`zg.cmd.${id}.fail`, {}).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect(err).toMatchObject({
          code: ErrorCode.NotConnected,
          message: 'instance is not connected',
          details: { instance: id },
        });
      });

      it('hides unexpected errors behind an internal error', async () => {
        const id = unique();
        subs.push(
          await t.otherBus.serve(`zg.cmd.${id}.crash`, async () => {
            throw new Error('secret stack detail');
          }),
        );
        await expect(t.bus.request(`zg.cmd.${id}.crash`, {})).rejects.toMatchObject({
          code: ErrorCode.Internal,
          message: expect.not.stringContaining('secret'),
        });
      });

      it('says unavailable when nobody listens, and timeout when nobody answers in time', async () => {
        const id = unique();
        await expect(t.bus.request(`zg.cmd.${id}.nobody`, {})).rejects.toMatchObject({
          code: ErrorCode.Unavailable,
        });
        subs.push(
          await t.otherBus.serve(`zg.cmd.${id}.slow`, () => new Promise((r) => setTimeout(r, 2_000))),
        );
        await expect(t.bus.request(`zg.cmd.${id}.slow`, {}, { timeoutMs: 200 })).rejects.toMatchObject({
          code: ErrorCode.Timeout,
        });
      });

      it('gives each request to one member of a queue group', async () => {
        const id = unique();
        const handledBy: string[] = [];
        for (const member of ['a', 'b']) {
          subs.push(
            await t.otherBus.serve(`zg.ctl.${id}`, async () => handledBy.push(member), { queue: `q${id}` }),
          );
        }
        for (let i = 0; i < 20; i++) await t.bus.request(`zg.ctl.${id}`, {});
        expect(handledBy).toHaveLength(20);
        expect(new Set(handledBy).size).toBe(2);
      });

      it('stops delivering after unsubscribe', async () => {
        const id = unique();
        const sub = await t.otherBus.serve(`zg.cmd.${id}.x`, async () => 'ok');
        await expect(t.bus.request(`zg.cmd.${id}.x`, {})).resolves.toBe('ok');
        await sub.unsubscribe();
        await expect(t.bus.request(`zg.cmd.${id}.x`, {}, { timeoutMs: 500 })).rejects.toMatchObject({
          code: ErrorCode.Unavailable,
        });
      });
    });

    describe('events', () => {
      const collect = async (
        durable: string,
        filter: string,
        count: number,
        handler?: (e: StoredEvent<{ n: number }>) => Promise<void>,
      ) => {
        const seen: StoredEvent<{ n: number }>[] = [];
        let done!: () => void;
        const finished = new Promise<void>((r) => (done = r));
        const sub = await t.events.consume<{ n: number }>(
          { durable, filter, redeliverAfterMs: 50 },
          async (e) => {
            await handler?.(e);
            seen.push(e);
            if (seen.length === count) done();
          },
        );
        return { seen, finished, sub };
      };

      it('stores events and delivers them in order; a re-attached durable consumer resumes', async () => {
        const id = unique();
        for (let n = 1; n <= 3; n++)
          await t.events.publish(`${t.eventPrefix}.${id}.tick`, { n }, { id: `${id}-${n}` });
        const first = await collect(`c${id}`, `${t.eventPrefix}.${id}.>`, 3);
        await first.finished;
        await first.sub.unsubscribe();
        expect(first.seen.map((e) => e.data.n)).toEqual([1, 2, 3]);
        expect(first.seen.map((e) => e.id)).toEqual([`${id}-1`, `${id}-2`, `${id}-3`]);

        for (let n = 4; n <= 5; n++)
          await t.events.publish(`${t.eventPrefix}.${id}.tick`, { n }, { id: `${id}-${n}` });
        const again = await collect(`c${id}`, `${t.eventPrefix}.${id}.>`, 2);
        await again.finished;
        subs.push(again.sub);
        expect(again.seen.map((e) => e.data.n)).toEqual([4, 5]);
      });

      it('drops a republished event id as a duplicate', async () => {
        const id = unique();
        const a = await t.events.publish(`${t.eventPrefix}.${id}.x`, { n: 1 }, { id: `${id}-same` });
        const b = await t.events.publish(`${t.eventPrefix}.${id}.x`, { n: 1 }, { id: `${id}-same` });
        expect(a.duplicate).toBe(false);
        expect(b).toEqual({ seq: a.seq, duplicate: true });
      });

      it('redelivers an event whose handler failed, before any later event', async () => {
        const id = unique();
        let failures = 0;
        for (let n = 1; n <= 2; n++)
          await t.events.publish(`${t.eventPrefix}.${id}.x`, { n }, { id: `${id}-${n}` });
        const run = await collect(`r${id}`, `${t.eventPrefix}.${id}.>`, 2, async (e) => {
          if (e.data.n === 1 && failures++ < 2) throw new Error('receiver down');
        });
        subs.push(run.sub);
        await run.finished;
        expect(run.seen.map((e) => [e.data.n, e.deliveries])).toEqual([
          [1, 3],
          [2, 1],
        ]);
      });
    });

    describe('event batches', () => {
      it('hands over available events in ordered batches, retries a failed batch, and resumes', async () => {
        const id = unique();
        const subject = `${t.eventPrefix}.${id}.tick`;
        for (let n = 1; n <= 5; n++) await t.events.publish(subject, { n }, { id: `${id}-${n}` });
        const seen: { n: number; deliveries: number }[] = [];
        const sizes: number[] = [];
        let failures = 0;
        let done!: () => void;
        let finished = new Promise<void>((r) => (done = r));
        let expected = 8;
        const handler = async (events: StoredEvent<{ n: number }>[]) => {
          if (events.some((e) => e.data.n === 2) && failures++ < 2) throw new Error('store down');
          sizes.push(events.length);
          seen.push(...events.map((e) => ({ n: e.data.n, deliveries: e.deliveries })));
          if (seen.length >= expected) done();
        };
        const options = {
          durable: `b${id}`,
          filter: `${t.eventPrefix}.${id}.>`,
          redeliverAfterMs: 50,
          maxBatch: 3,
        };
        let sub = await t.events.consumeBatches<{ n: number }>(options, handler);
        for (let n = 6; n <= 8; n++) await t.events.publish(subject, { n }, { id: `${id}-${n}` });
        await finished;
        await sub.unsubscribe();
        expect(seen.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
        expect(seen.find((e) => e.n === 2)!.deliveries).toBe(3);

        expected = 9;
        finished = new Promise<void>((r) => (done = r));
        await t.events.publish(subject, { n: 9 }, { id: `${id}-9` });
        sub = await t.events.consumeBatches<{ n: number }>(options, handler);
        subs.push(sub);
        await finished;
        expect(seen.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });
    });

    describe('leases', () => {
      it('creates only if absent and updates only at the current revision', async () => {
        const key = `lease-${unique()}`;
        const rev = await t.leases.create(key, { owner: 'shard-a' });
        expect(rev).toEqual(expect.any(Number));
        expect(await t.leases.create(key, { owner: 'shard-b' })).toBeUndefined();
        expect(await t.leases.get(key)).toEqual({ value: { owner: 'shard-a' }, revision: rev });

        const next = await t.leases.update(key, { owner: 'shard-a' }, rev!);
        expect(next).toBeGreaterThan(rev!);
        expect(await t.leases.update(key, { owner: 'shard-b' }, rev!)).toBeUndefined();
        expect(await t.leases.keys()).toContain(key);

        await t.leases.delete(key);
        expect(await t.leases.get(key)).toBeUndefined();
        expect(await t.leases.create(key, { owner: 'shard-b' })).toEqual(expect.any(Number));
      });

      it('expires a lease that is not renewed within the TTL', async () => {
        const key = `lease-${unique()}`;
        await t.leases.create(key, { owner: 'shard-a' });
        const deadline = Date.now() + t.leaseTtlMs * 4;
        while ((await t.leases.get(key)) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        expect(await t.leases.get(key)).toBeUndefined();
        expect(await t.leases.create(key, { owner: 'shard-b' })).toEqual(expect.any(Number));
      });
    });
  });
}
