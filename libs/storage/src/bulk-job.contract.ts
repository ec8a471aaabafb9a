import { randomUUID } from 'node:crypto';
import type { BulkJobRecord, BulkJobRepository, BulkRecipientRecord } from './bulk-jobs.ports.js';

export interface BulkJobStoreUnderTest {
  bulkJobs: BulkJobRepository;
  /** Closes and opens the same store again (a process restart). */
  reopen(): Promise<{ bulkJobs: BulkJobRepository }>;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();

function job(instance: string, over: Partial<BulkJobRecord> = {}): BulkJobRecord {
  return {
    id: randomUUID(),
    instance,
    mode: 'each',
    count: 3,
    media: [],
    owner: 'gw-a',
    heartbeatAt: T0,
    createdAt: iso(T0),
    updatedAt: iso(T0),
    ...over,
  };
}

function recipients(j: BulkJobRecord): BulkRecipientRecord[] {
  return Array.from({ length: j.count }, (_, index) => ({
    jobId: j.id,
    instance: j.instance,
    index,
    command: {
      instance: j.instance,
      to: `55119999900${index.toString().padStart(2, '0')}@s.whatsapp.net`,
      content: { kind: 'text', text: `hello ${index}` },
      options: { messageId: `3EB0${index.toString().padStart(18, '0')}` },
    },
    state: 'pending',
    attempts: 0,
    updatedAt: iso(T0),
  }));
}

/** One behaviour, two adapters: the embedded files must act as MongoDB does. */
export function describeBulkJobContract(name: string, open: () => Promise<BulkJobStoreUnderTest>): void {
  describe(`bulk job store contract: ${name}`, () => {
    let s: BulkJobStoreUnderTest;
    const key = () => `i${randomUUID().slice(0, 8)}`;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    it('stores a job with its recipients in order, scoped to its instance, and keeps them across a reopen', async () => {
      const instance = key();
      const j = job(instance, { media: ['m1'] });
      await s.bulkJobs.create(j, recipients(j).reverse());
      expect(await s.bulkJobs.get(instance, j.id)).toEqual(j);
      expect(await s.bulkJobs.recipients(instance, j.id)).toEqual(recipients(j));
      // another instance's key finds nothing
      expect(await s.bulkJobs.get('other', j.id)).toBeUndefined();
      expect(await s.bulkJobs.recipients('other', j.id)).toEqual([]);
      const again = await s.reopen();
      expect(await again.bulkJobs.get(instance, j.id)).toEqual(j);
      expect(await again.bulkJobs.list(instance, 10)).toEqual([j]);
      expect((await again.bulkJobs.recipients(instance, j.id)).map((r) => r.command.to)).toEqual(
        recipients(j).map((r) => r.command.to),
      );
    });

    it("lists an instance's jobs newest first, up to the limit, and no other instance's", async () => {
      const instance = key();
      const jobs = [0, 1, 2].map((n) => job(instance, { createdAt: iso(T0 + n) }));
      for (const j of jobs) await s.bulkJobs.create(j, recipients(j));
      const other = job(key());
      await s.bulkJobs.create(other, recipients(other));
      expect((await s.bulkJobs.list(instance, 10)).map((j) => j.id)).toEqual(jobs.map((j) => j.id).reverse());
      expect((await s.bulkJobs.list(instance, 2)).map((j) => j.id)).toEqual([jobs[2]!.id, jobs[1]!.id]);
      expect(await s.bulkJobs.list('nobody', 10)).toEqual([]);
    });

    it('lets only the owner write recipients; sending, sent and failed are kept as written', async () => {
      const instance = key();
      const j = job(instance);
      await s.bulkJobs.create(j, recipients(j));
      expect(await s.bulkJobs.updateRecipient(instance, j.id, 0, 'gw-b', { state: 'sending' })).toBe(false);
      expect(
        await s.bulkJobs.updateRecipient(instance, j.id, 0, 'gw-a', { state: 'sending', attempts: 1 }),
      ).toBe(true);
      const sent = { id: '3EB0000000000000000000', remoteJid: '5511999990000@s.whatsapp.net', timestamp: 1 };
      expect(await s.bulkJobs.updateRecipient(instance, j.id, 0, 'gw-a', { state: 'sent', sent })).toBe(true);
      const error = { code: 'number_not_on_whatsapp', message: 'no', details: { number: '5511999990001' } };
      expect(await s.bulkJobs.updateRecipient(instance, j.id, 1, 'gw-a', { state: 'failed', error })).toBe(
        true,
      );
      const [first, second, third] = await s.bulkJobs.recipients(instance, j.id);
      expect(first).toMatchObject({ state: 'sent', sent, attempts: 1 });
      expect(second).toMatchObject({ state: 'failed', error, attempts: 0 });
      expect(third).toMatchObject({ state: 'pending' });
      expect(Date.parse(first!.updatedAt)).toBeGreaterThan(T0);
    });

    it('claims by compare-and-set: the owner renews, a stale heartbeat is taken over, a live one is not', async () => {
      const instance = key();
      const j = job(instance, { heartbeatAt: T0 });
      await s.bulkJobs.create(j, recipients(j));
      // gw-a's heartbeat (T0) is not older than T0 - 1: gw-b cannot take it
      expect(await s.bulkJobs.claim(instance, j.id, 'gw-b', T0 + 10, T0 - 1)).toBe(false);
      expect(await s.bulkJobs.claim(instance, j.id, 'gw-a', T0 + 10, T0 - 1)).toBe(true);
      expect(await s.bulkJobs.get(instance, j.id)).toMatchObject({ owner: 'gw-a', heartbeatAt: T0 + 10 });
      // stale now: gw-b takes over, and gw-a may no longer write
      expect(await s.bulkJobs.claim(instance, j.id, 'gw-b', T0 + 100, T0 + 50)).toBe(true);
      expect(await s.bulkJobs.get(instance, j.id)).toMatchObject({ owner: 'gw-b', heartbeatAt: T0 + 100 });
      expect(await s.bulkJobs.updateRecipient(instance, j.id, 0, 'gw-a', { state: 'sending' })).toBe(false);
      expect(await s.bulkJobs.finish(instance, j.id, 'gw-a', iso(T0 + 200))).toBe(false);
      expect(await s.bulkJobs.claim('other', j.id, 'gw-c', T0 + 100, T0 + 1_000)).toBe(false);
    });

    it('lists resumable jobs (unowned or stale, unfinished) oldest first, and lets a released job be claimed at once', async () => {
      const instance = key();
      const stale = job(instance, { heartbeatAt: T0, createdAt: iso(T0 + 2) });
      const live = job(instance, { heartbeatAt: T0 + 1_000, createdAt: iso(T0 + 1) });
      const unowned = job(instance, { owner: undefined, heartbeatAt: undefined, createdAt: iso(T0) });
      const done = job(instance, { heartbeatAt: T0, createdAt: iso(T0 + 3) });
      delete unowned.owner;
      delete unowned.heartbeatAt;
      for (const j of [stale, live, unowned, done]) await s.bulkJobs.create(j, recipients(j));
      expect(await s.bulkJobs.finish(instance, done.id, 'gw-a', iso(T0 + 5))).toBe(true);
      const ids = (await s.bulkJobs.resumable(T0 + 500, 10))
        .filter((j) => j.instance === instance)
        .map((j) => j.id);
      expect(ids).toEqual([unowned.id, stale.id]);

      await s.bulkJobs.release(instance, live.id, 'gw-b'); // not gw-b's: nothing happens
      expect((await s.bulkJobs.get(instance, live.id))!.owner).toBe('gw-a');
      await s.bulkJobs.release(instance, live.id, 'gw-a');
      const released = (await s.bulkJobs.get(instance, live.id))!;
      expect(released.owner).toBeUndefined();
      expect(released.heartbeatAt).toBeUndefined();
      expect(await s.bulkJobs.claim(instance, live.id, 'gw-b', T0 + 2_000, T0)).toBe(true);
      // a finished job is never claimed again
      expect(await s.bulkJobs.claim(instance, done.id, 'gw-b', T0 + 2_000, T0 + 10_000)).toBe(false);
    });

    it('finishes a job (unowned after) and deletes finished jobs and their recipients after the retention', async () => {
      const instance = key();
      const old = job(instance);
      const recent = job(instance);
      const running = job(instance);
      for (const j of [old, recent, running]) await s.bulkJobs.create(j, recipients(j));
      expect(await s.bulkJobs.finish(instance, old.id, 'gw-a', iso(T0 + 10))).toBe(true);
      expect(await s.bulkJobs.finish(instance, old.id, 'gw-a', iso(T0 + 11))).toBe(false); // once
      expect(await s.bulkJobs.finish(instance, recent.id, 'gw-a', iso(T0 + 1_000))).toBe(true);
      const finished = (await s.bulkJobs.get(instance, old.id))!;
      expect(finished).toMatchObject({ finishedAt: iso(T0 + 10) });
      expect(finished.owner).toBeUndefined();

      expect(await s.bulkJobs.deleteFinished(iso(T0 + 500))).toBe(1);
      expect(await s.bulkJobs.get(instance, old.id)).toBeUndefined();
      expect(await s.bulkJobs.recipients(instance, old.id)).toEqual([]);
      expect(await s.bulkJobs.get(instance, recent.id)).toBeDefined();
      expect(await s.bulkJobs.recipients(instance, recent.id)).toHaveLength(3);
      expect(await s.bulkJobs.get(instance, running.id)).toBeDefined();
      const again = await s.reopen();
      expect(await again.bulkJobs.get(instance, old.id)).toBeUndefined();
      expect(await again.bulkJobs.recipients(instance, recent.id)).toHaveLength(3);
    });
  });
}
