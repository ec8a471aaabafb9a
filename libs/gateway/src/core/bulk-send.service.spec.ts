import type { Readable } from 'node:stream';
import { DomainError, ErrorCode, type SendMessageCommand, type SentMessage } from '@zapgate/contracts';
import { MediaStore, type MediaMeta, type MediaRef } from '@zapgate/media';
import {
  EmbeddedBulkJobRepository,
  MessageRepository,
  type BulkJobRecord,
  type BulkRecipientRecord,
  type StoredMessage,
  MemoryInstanceRepository,
} from '@zapgate/storage';
import { BulkPacer } from './bulk-pacer.js';
import { BulkClock, BulkSendService } from './bulk-send.service.js';
import { FakeShard } from './fake-shard.fixture.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/** A clock that moves only when something sleeps or the test says so; timers fire on demand. */
class FakeClock extends BulkClock {
  at = Date.UTC(2026, 0, 1);
  readonly timers: { ms: number; tick: () => void }[] = [];
  now() {
    return this.at;
  }
  async sleep(ms: number) {
    this.at += ms;
  }
  random() {
    return 0.5;
  }
  every(ms: number, tick: () => void) {
    const timer = { ms, tick };
    this.timers.push(timer);
    return () => this.timers.splice(this.timers.indexOf(timer), 1);
  }
  /** Moves time on and fires every timer once. */
  async advance(ms: number) {
    this.at += ms;
    for (const t of [...this.timers]) t.tick();
    await new Promise((r) => setImmediate(r));
  }
}

/** The message store, as far as the service reads it: which ids a shard stored. */
class FakeMessages extends MessageRepository {
  readonly stored = new Map<string, StoredMessage>();
  async get(instance: string, id: string) {
    return this.stored.get(`${instance} ${id}`);
  }
  put(instance: string, id: string, chat: string) {
    this.stored.set(`${instance} ${id}`, {
      instance,
      id,
      chat,
      fromMe: true,
      timestamp: 1_767_225_600_000,
      kind: 'text',
      raw: '{}',
      createdAt: new Date(0).toISOString(),
    });
  }
  save = () => Promise.reject(new Error('not used'));
  list = () => Promise.reject(new Error('not used'));
  updateStatus = () => Promise.reject(new Error('not used'));
  deleteOlderThan = () => Promise.reject(new Error('not used'));
  clear = () => Promise.reject(new Error('not used'));
}

/** Remembers which files were deleted. */
class FakeMedia extends MediaStore {
  readonly deleted: string[] = [];
  put(_s: Readable, _m: MediaMeta): Promise<MediaRef> {
    return Promise.reject(new Error('not used'));
  }
  open(): Promise<Readable> {
    return Promise.reject(new Error('not used'));
  }
  async delete(ref: Pick<MediaRef, 'id'>) {
    this.deleted.push(ref.id);
  }
  async close() {}
}

const TO = ['5511999990001', '5511999990002', '5511999990003', '5511999990004'].map(
  (n) => `${n}@s.whatsapp.net`,
);
const text = (to: string, t = 'sale today'): SendMessageCommand => ({
  instance: 'shop',
  to,
  content: { kind: 'text', text: t },
});
const sentOf = (r: { to: string; options?: { messageId?: string } }, at: number): SentMessage => ({
  id: r.options?.messageId ?? 'none',
  remoteJid: r.to,
  fromMe: true,
  timestamp: Math.floor(at / 1000),
  raw: { key: { id: r.options?.messageId } },
});

describe(BulkSendService.name, () => {
  let shard: FakeShard;
  let registry: InstanceRegistry;
  let jobs: EmbeddedBulkJobRepository;
  let messages: FakeMessages;
  let media: FakeMedia;
  let clock: FakeClock;
  let sut: BulkSendService;
  /** When each send-message reached the shard (the fake clock), and its command. */
  let sends: { at: number; command: SendMessageCommand }[];
  /** Ids of the jobs the service stored, in order. */
  let created: string[];

  const make = (settings: Partial<FakeShard['settings']> & Record<string, unknown> = {}) =>
    new BulkSendService(
      registry,
      new InstanceClient(shard.bus, shard.settings),
      jobs,
      messages,
      { ...shard.settings, bulkJobStaleMs: 30_000, ...settings },
      new BulkPacer(1_000, 0, clock),
      media,
      clock,
    );

  beforeEach(async () => {
    shard = await FakeShard.start();
    registry = new InstanceRegistry(new MemoryInstanceRepository());
    await registry.create('shop', 'mega');
    jobs = await EmbeddedBulkJobRepository.inMemory();
    created = [];
    const create = jobs.create.bind(jobs);
    jobs.create = (job, recipients) => (created.push(job.id), create(job, recipients));
    messages = new FakeMessages();
    media = new FakeMedia();
    clock = new FakeClock();
    sends = [];
    shard.answer('send-message', (r) => {
      sends.push({ at: clock.at, command: r });
      clock.at += 100; // a send takes a while
      if (r.to === TO[1])
        throw new DomainError(ErrorCode.NumberNotOnWhatsApp, 'the number 5511999990002 is not on WhatsApp', {
          number: '5511999990002',
        });
      messages.put(r.instance, r.options!.messageId!, r.to);
      return sentOf(r, clock.at);
    });
    sut = make();
  });
  afterEach(() => sut.onModuleDestroy());

  /** A job as a process that died mid-way left it: owned by `owner`, heartbeat at `heartbeatAt`. */
  async function leftBehind(
    states: BulkRecipientRecord['state'][],
    { owner = 'dead-gateway', heartbeatAt = clock.at }: { owner?: string; heartbeatAt?: number } = {},
  ): Promise<BulkJobRecord> {
    const job: BulkJobRecord = {
      id: `job-${Math.random().toString(36).slice(2)}`,
      instance: 'shop',
      mode: 'each',
      count: states.length,
      media: ['file-1'],
      owner,
      heartbeatAt,
      createdAt: new Date(clock.at).toISOString(),
      updatedAt: new Date(clock.at).toISOString(),
    };
    await jobs.create(
      job,
      states.map((state, index) => ({
        jobId: job.id,
        instance: 'shop',
        index,
        command: { ...text(TO[index]!), options: { messageId: `3EB0OLD${index}ABCDEF0123456` } },
        state,
        attempts: state === 'pending' ? 0 : 1,
        updatedAt: job.createdAt,
        ...(state === 'sent'
          ? { sent: { id: `3EB0OLD${index}ABCDEF0123456`, remoteJid: TO[index]!, timestamp: 1 } }
          : {}),
      })),
    );
    return job;
  }

  it('sends to each recipient in order, paced per instance, with one result each; a refusal does not stop the rest', async () => {
    const results = await sut.sendToMany(TO.slice(0, 3).map((to) => text(to)));
    expect(results.map((r) => [r.to, r.ok])).toEqual([
      [TO[0], true],
      [TO[1], false],
      [TO[2], true],
    ]);
    expect(results[1]).toMatchObject({ ok: false, error: { code: ErrorCode.NumberNotOnWhatsApp } });
    expect(sends.map((s) => s.command.to)).toEqual(TO.slice(0, 3));
    // each send starts the delay after the previous one ended (each takes 100 ms here)
    expect(sends[1]!.at - sends[0]!.at).toBe(1_100);
    expect(sends[2]!.at - sends[1]!.at).toBe(1_100);
    // a message id chosen before the send, a different one per recipient, sent as options.messageId
    const ids = sends.map((s) => s.command.options?.messageId);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(results[0]).toMatchObject({ ok: true, sent: { id: ids[0] } });
  });

  it('keeps the job: each recipient sent (with its id) or failed (with the error), the job finished and its files deleted', async () => {
    await sut.sendToMany(
      TO.slice(0, 2).map((to) => text(to)),
      { media: ['file-1'] },
    );
    const [job] = await jobs.resumable(Number.MAX_SAFE_INTEGER, 10);
    expect(job).toBeUndefined(); // nothing left to resume
    expect(created).toHaveLength(1);
    const view = (await sut.job('shop', created[0]!))!;
    expect(view.finishedAt).toBeDefined();
    expect(view.recipients).toEqual([
      expect.objectContaining({
        index: 0,
        to: TO[0],
        state: 'sent',
        attempts: 1,
        sent: expect.objectContaining({ id: view.recipients[0]!.messageId }),
      }),
      expect.objectContaining({
        index: 1,
        to: TO[1],
        state: 'failed',
        error: {
          code: ErrorCode.NumberNotOnWhatsApp,
          message: expect.any(String),
          details: { number: '5511999990002' },
        },
      }),
    ]);
    expect(view).not.toHaveProperty('owner');
    expect(view.running).toBe(false);
    await expect(sut.job('shop', 'no-such-job')).rejects.toMatchObject({ code: ErrorCode.BulkJobNotFound });
    expect(await sut.listJobs('shop')).toEqual([
      expect.objectContaining({
        id: created[0],
        running: false,
        counts: { pending: 0, sending: 0, sent: 1, failed: 1, skipped: 0 },
      }),
    ]);
    await registry.create('other', 'mega');
    await expect(sut.job('other', created[0]!)).rejects.toMatchObject({ code: ErrorCode.BulkJobNotFound });
    expect(await sut.listJobs('other')).toEqual([]);
    expect(media.deleted).toEqual(['file-1']);
  });

  it('leaves the files to the media store when a send timed out (the shard may still read them)', async () => {
    shard.answer('send-message', (r) => {
      if (r.to === TO[0]) throw new DomainError(ErrorCode.Timeout, 'the command timed out');
      return sentOf(r, clock.at);
    });
    const results = await sut.sendToMany(
      TO.slice(0, 2).map((to) => text(to)),
      { media: ['file-1'] },
    );
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(media.deleted).toEqual([]);
  });

  it("records 'sending' with the message id before the shard is asked", async () => {
    const seen: string[] = [];
    shard.answer('send-message', async (r) => {
      const recipients = await jobs.recipients('shop', created.at(-1)!);
      const mine = recipients.find((x) => x.command.to === r.to)!;
      seen.push(`${mine.state} ${mine.command.options?.messageId === r.options?.messageId}`);
      return sentOf(r, clock.at);
    });
    await sut.sendToMany([text(TO[0]!), text(TO[2]!)]);
    expect(seen).toEqual(['sending true', 'sending true']);
  });

  it('refuses an unknown instance before storing or sending anything, and deletes its files', async () => {
    await expect(
      sut.sendToMany([{ ...text(TO[0]!), instance: 'nope' }], { media: ['file-9'] }),
    ).rejects.toMatchObject({ code: ErrorCode.InstanceNotFound });
    expect(sends).toEqual([]);
    expect(await jobs.resumable(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(media.deleted).toEqual(['file-9']);
  });

  it('until-failure: the first failure ends the request and the rest are skipped, never sent', async () => {
    await expect(
      sut.sendEachUntilFailure(
        TO.slice(0, 4).map((to) => text(to)),
        () => Promise.reject(new Error('one recipient only')),
      ),
    ).rejects.toMatchObject({ code: ErrorCode.NumberNotOnWhatsApp });
    expect(sends.map((s) => s.command.to)).toEqual(TO.slice(0, 2));
    const states = (await jobs.recipients('shop', created[0]!)).map((r) => r.state);
    expect(states).toEqual(['sent', 'failed', 'skipped', 'skipped']);
  });

  it('sends commands to one recipient at once, without a job', async () => {
    const direct: SendMessageCommand[] = [];
    const sent = await sut.sendEachUntilFailure([text(TO[0]!, 'a'), text(TO[0]!, 'b')], async (c) => {
      direct.push(c);
      return sentOf({ to: c.to, options: { messageId: 'X' } }, 0);
    });
    expect(sent).toHaveLength(2);
    expect(direct.map((c) => c.content)).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'text', text: 'b' },
    ]);
    expect(sends).toEqual([]);
  });

  it('resumes on start what a dead process left: a sending recipient in the message store is marked sent, one not in it is sent again under the same id', async () => {
    const job = await leftBehind(['sent', 'sending', 'sending', 'pending'], {
      heartbeatAt: clock.at - 60_000,
    });
    messages.put('shop', '3EB0OLD1ABCDEF0123456', TO[1]!); // it went out before the crash
    await sut.onApplicationBootstrap();
    await sut.idle();
    expect(sends.map((s) => [s.command.to, s.command.options?.messageId])).toEqual([
      [TO[2], '3EB0OLD2ABCDEF0123456'],
      [TO[3], '3EB0OLD3ABCDEF0123456'],
    ]);
    const recipients = await jobs.recipients('shop', job.id);
    expect(recipients.map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(recipients[1]!.sent).toEqual({
      id: '3EB0OLD1ABCDEF0123456',
      remoteJid: TO[1],
      timestamp: 1_767_225_600,
    });
    expect(recipients[2]!.attempts).toBe(2);
    expect((await jobs.get('shop', job.id))!.finishedAt).toBeDefined();
    expect(media.deleted).toEqual(['file-1']);
  });

  it("leaves a job whose owner's heartbeat is fresh, and takes it over once it is stale", async () => {
    const job = await leftBehind(['pending', 'pending'], { owner: 'other-replica', heartbeatAt: clock.at });
    await sut.onApplicationBootstrap();
    await sut.idle();
    expect(sends).toEqual([]);
    expect((await jobs.get('shop', job.id))!.owner).toBe('other-replica');
    await clock.advance(31_000); // the heartbeat timer runs; the other replica did not renew
    await sut.idle();
    expect(sends.map((s) => s.command.to)).toEqual([TO[0], TO[1]]);
    expect((await jobs.get('shop', job.id))!.finishedAt).toBeDefined();
  });

  it('the standalone (alone on its store) resumes every unfinished job on start, stale or not', async () => {
    sut = make({ bulkJobsOwnedAlone: true });
    await leftBehind(['pending'], { owner: 'previous-run', heartbeatAt: clock.at });
    await sut.onApplicationBootstrap();
    await sut.idle();
    expect(sends.map((s) => s.command.to)).toEqual([TO[0]]);
  });

  it('a resumed job waits out a disconnected instance (same id) instead of failing, up to a limit', async () => {
    let refusals = 2;
    shard.answer('send-message', (r) => {
      sends.push({ at: clock.at, command: r });
      if (refusals-- > 0) throw new DomainError(ErrorCode.NotConnected, 'not connected');
      return sentOf(r, clock.at);
    });
    const job = await leftBehind(['pending'], { heartbeatAt: clock.at - 60_000 });
    await sut.onApplicationBootstrap();
    await sut.idle();
    expect(sends.map((s) => s.command.options?.messageId)).toEqual(Array(3).fill('3EB0OLD0ABCDEF0123456'));
    expect((await jobs.recipients('shop', job.id))[0]).toMatchObject({ state: 'sent', attempts: 3 });

    // past the limit it fails, with the error kept
    sut = make({ bulkResumeWaitMs: 5_000 });
    refusals = 1_000;
    const other = await leftBehind(['pending'], { heartbeatAt: clock.at - 60_000 });
    await sut.onApplicationBootstrap();
    await sut.idle();
    expect((await jobs.recipients('shop', other.id))[0]).toMatchObject({
      state: 'failed',
      error: { code: ErrorCode.NotConnected },
    });
  });

  it('a live request fails at once on a disconnected instance (as a single send would)', async () => {
    shard.answer('send-message', () => {
      throw new DomainError(ErrorCode.NotConnected, 'not connected');
    });
    const results = await sut.sendToMany([text(TO[0]!), text(TO[2]!)]);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
  });

  it('stops when another gateway took the job over: no further send, the caller is told', async () => {
    shard.answer('send-message', async (r) => {
      sends.push({ at: clock.at, command: r });
      // another replica takes the job (as if this one had stopped renewing)
      await jobs.claim('shop', created[0]!, 'thief', clock.at, Number.MAX_SAFE_INTEGER);
      return sentOf(r, clock.at);
    });
    await expect(sut.sendToMany(TO.slice(0, 3).map((to) => text(to)))).rejects.toMatchObject({
      code: ErrorCode.Unavailable,
    });
    expect(sends).toHaveLength(1);
  });

  it('a graceful stop ends the run after the current send and lets go of the job for the next start', async () => {
    let stopped: Promise<void> | undefined;
    shard.answer('send-message', (r) => {
      sends.push({ at: clock.at, command: r });
      stopped ??= sut.onModuleDestroy();
      return sentOf(r, clock.at);
    });
    await expect(sut.sendToMany(TO.slice(0, 3).map((to) => text(to)))).rejects.toMatchObject({
      code: ErrorCode.Unavailable,
    });
    await stopped;
    expect(sends).toHaveLength(1);
    const [job] = await jobs.resumable(clock.at, 10); // unowned: resumable at once
    expect(job!.owner).toBeUndefined();
    expect((await jobs.recipients('shop', job!.id)).map((r) => r.state)).toEqual([
      'sent',
      'pending',
      'pending',
    ]);

    // the next start sends the rest, and only the rest
    sut = make();
    await sut.onApplicationBootstrap();
    await sut.idle();
    expect(sends.map((s) => s.command.to)).toEqual(TO.slice(0, 3));
  });

  it('deletes finished jobs after the retention', async () => {
    sut = make({ bulkJobRetentionMs: 60_000 });
    const done = await leftBehind(['sent'], { owner: 'x' });
    await jobs.finish('shop', done.id, 'x', new Date(clock.at).toISOString());
    await sut.onApplicationBootstrap();
    expect(await jobs.get('shop', done.id)).toBeDefined();
    clock.at += 61_000;
    await (sut as unknown as { sweep(): Promise<void> }).sweep();
    expect(await jobs.get('shop', done.id)).toBeUndefined();
  });
});
