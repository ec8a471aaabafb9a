import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DomainError, ErrorCode, type SendMessageCommand, type SentMessage } from '@zapgate/contracts';
import { MediaStore } from '@zapgate/media';
import {
  BulkJobRepository,
  MessageRepository,
  type BulkJobRecord,
  type BulkRecipientPatch,
  type BulkRecipientRecord,
} from '@zapgate/storage';
import { BulkPacer, type PacerClock } from './bulk-pacer.js';
import { GatewaySettings } from './gateway-settings.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/** One recipient of a send to many: the message sent, or why not. */
export type BulkSendResult =
  { to: string; ok: true; sent: SentMessage } | { to: string; ok: false; error: DomainError };

export interface BulkSendRequest {
  /** `each` (default): every recipient is tried; `until-failure`: the first failure skips the rest. */
  mode?: BulkJobRecord['mode'];
  /** Media store ids the commands share (sent with keepMedia): deleted once the job ends. */
  media?: string[];
}

/** A job as zapgate's GET routes show it: no owner internals, and `running` until it finished. */
export type BulkJobPublic = Omit<BulkJobRecord, 'owner' | 'heartbeatAt' | 'media'> & { running: boolean };

/** A job in a listing: how many recipients stand where. */
export interface BulkJobSummary extends BulkJobPublic {
  counts: Record<BulkRecipientRecord['state'], number>;
}

/** A job with each recipient's outcome (its message id chosen before the send). */
export type BulkJobView = BulkJobPublic & {
  recipients: (Omit<BulkRecipientRecord, 'jobId' | 'instance' | 'command'> & {
    to: string;
    messageId?: string;
  })[];
};

const publicJob = ({ owner: _o, heartbeatAt: _h, media: _m, ...job }: BulkJobRecord): BulkJobPublic => ({
  ...job,
  running: !job.finishedAt,
});

/** Clock of the service (tests pass a fake): now, waits, and the timers of heartbeats and scans. */
export abstract class BulkClock implements PacerClock {
  abstract now(): number;
  abstract sleep(ms: number): Promise<void>;
  abstract random(): number;
  /** Runs `tick` every `ms` until the returned function is called. */
  abstract every(ms: number, tick: () => void): () => void;
}

const REAL_CLOCK: BulkClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Errors a resumed job waits out (the instance reconnecting after a restart) instead of failing on. */
const TRANSIENT = new Set<string>([ErrorCode.NotConnected, ErrorCode.Unavailable, ErrorCode.Timeout]);
const RESUME_SCAN_LIMIT = 20;

/** A WhatsApp message id like Baileys' own (`3EB0` and 18 hex digits), chosen before the send. */
export const newMessageId = (): string => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;

/** Thrown inside a run when the job was taken over or the gateway is stopping: the run just ends. */
class RunEnded extends Error {}

interface ActiveJob {
  instance: string;
  /** Set when the run must end before its next recipient (stop, or the job was taken over). */
  ended?: 'stopping' | 'lost';
  done: Promise<unknown>;
}

/**
 * Sends to many recipients (mega `textToMany`, `mediaUrlToMany`, WPPConnect sends whose `phone` is
 * a list) as durable jobs. A job and its recipients are stored before the first send; each
 * recipient is sent in order through the per-instance BulkPacer, and recorded as `sending` with
 * its message id (chosen here, sent as `options.messageId`) before the send and `sent` or `failed`
 * after. The caller's request waits for the job as long as this process lives. A job whose process
 * died is resumed by a gateway (the standalone process on start; a replica once the owner's
 * heartbeat is stale): a `sending` recipient found in the message store under its id is marked
 * sent, else sent again under the same id (WhatsApp clients show one message per id), so no
 * recipient gets it twice and none is lost. Finished jobs are kept for a retention, then deleted.
 */
@Injectable()
export class BulkSendService implements OnApplicationBootstrap, OnModuleDestroy {
  /** This process, as a job owner. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger('BulkSend');
  private readonly clock: BulkClock;
  private readonly staleMs: number;
  private readonly retentionMs: number;
  private readonly resumeWaitMs: number;
  private readonly active = new Map<string, ActiveJob>();
  private stopTimers: (() => void)[] = [];
  private stopping = false;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly jobs: BulkJobRepository,
    private readonly messages: MessageRepository,
    private readonly settings: GatewaySettings,
    private readonly pacer: BulkPacer,
    @Optional() private readonly media?: MediaStore,
    @Optional() clock?: BulkClock,
  ) {
    this.clock = clock ?? REAL_CLOCK;
    // a job's owner is gone when it has not renewed for this long: longer than one send may take
    this.staleMs = settings.bulkJobStaleMs ?? Math.max(30_000, settings.commandTimeoutMs + 10_000);
    this.retentionMs = settings.bulkJobRetentionMs ?? 24 * 3_600_000;
    this.resumeWaitMs = settings.bulkResumeWaitMs ?? 5 * 60_000;
  }

  /** Resumes unfinished jobs, then keeps heartbeats, takeovers and the retention going. */
  async onApplicationBootstrap(): Promise<void> {
    const heartbeatMs = Math.max(1, Math.floor(this.staleMs / 3));
    this.stopTimers.push(this.clock.every(heartbeatMs, () => void this.tick()));
    this.stopTimers.push(this.clock.every(Math.min(3_600_000, this.retentionMs), () => void this.sweep()));
    // the only gateway on its store (standalone): every unfinished job was a predecessor's
    await this.resume(this.settings.bulkJobsOwnedAlone ? Number.MAX_SAFE_INTEGER : undefined);
    await this.sweep();
  }

  /** Ends the runs after their current send and lets go of their jobs, for the next start to resume. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const stop of this.stopTimers.splice(0)) stop();
    for (const job of this.active.values()) job.ended ??= 'stopping';
    await Promise.all([...this.active.values()].map((j) => j.done.catch(() => undefined)));
  }

  /**
   * Sends the commands (one instance) as a durable job, paced per instance, and answers each tried
   * recipient's result in order (with `until-failure`, up to the first failure). Only an unknown
   * instance refuses the whole, before anything is stored or sent.
   */
  async sendToMany(
    commands: readonly SendMessageCommand[],
    request: BulkSendRequest = {},
  ): Promise<BulkSendResult[]> {
    try {
      const instances = new Set(commands.map((c) => c.instance));
      if (instances.size !== 1) throw new Error('sendToMany: commands of exactly one instance');
      if (this.stopping) throw new DomainError(ErrorCode.Unavailable, 'the gateway is stopping');
      const [instance] = instances as unknown as [string];
      await this.registry.get(instance);
      const now = this.clock.now();
      const job: BulkJobRecord = {
        id: randomUUID(),
        instance,
        mode: request.mode ?? 'each',
        count: commands.length,
        media: request.media ?? [],
        owner: this.owner,
        heartbeatAt: now,
        createdAt: new Date(now).toISOString(),
        updatedAt: new Date(now).toISOString(),
      };
      const recipients = commands.map((command, index): BulkRecipientRecord => ({
        jobId: job.id,
        instance,
        index,
        command: { ...command, options: { ...command.options, messageId: newMessageId() } },
        state: 'pending',
        attempts: 0,
        updatedAt: job.createdAt,
      }));
      await this.jobs.create(job, recipients);
      request = { ...request, media: [] }; // the job deletes them from here on
      return await this.start(job, recipients, true);
    } finally {
      // a request refused before its job was stored: nothing will delete its files otherwise
      for (const id of request.media ?? []) await this.media?.delete({ id }).catch(() => undefined);
    }
  }

  /**
   * WPPConnect's way with a list of recipients: in order, the first failure ends the request (it is
   * thrown, the rest skipped). Several distinct recipients go as a paced durable job; commands to
   * one recipient (several cards to one chat, say) are sent at once with `sendOne`.
   */
  async sendEachUntilFailure(
    commands: readonly SendMessageCommand[],
    sendOne: (command: SendMessageCommand) => Promise<SentMessage>,
    media: string[] = [],
  ): Promise<SentMessage[]> {
    if (new Set(commands.map((c) => c.to)).size < 2) {
      const sent: SentMessage[] = [];
      for (const command of commands) sent.push(await sendOne(command));
      return sent;
    }
    const results = await this.sendToMany(commands, { mode: 'until-failure', media });
    return results.map((r) => {
      if (!r.ok) throw r.error;
      return r.sent;
    });
  }

  /** The instance's jobs, newest first, with how many recipients stand where (zapgate's GET route). */
  async listJobs(instance: string, limit = 50): Promise<BulkJobSummary[]> {
    await this.registry.get(instance);
    const jobs = await this.jobs.list(instance, limit);
    return Promise.all(
      jobs.map(async (job) => {
        const counts: Record<BulkRecipientRecord['state'], number> = {
          pending: 0,
          sending: 0,
          sent: 0,
          failed: 0,
          skipped: 0,
        };
        for (const r of await this.jobs.recipients(instance, job.id)) counts[r.state]++;
        return { ...publicJob(job), counts };
      }),
    );
  }

  /** A job of the instance with each recipient's outcome; bulk_job_not_found when it has none such. */
  async job(instance: string, id: string): Promise<BulkJobView> {
    await this.registry.get(instance);
    const job = await this.jobs.get(instance, id);
    if (!job)
      throw new DomainError(
        ErrorCode.BulkJobNotFound,
        `bulk job ${id} not found for ${instance}: it was never made, or finished longer ago than the retention`,
      );
    const recipients = await this.jobs.recipients(instance, id);
    return {
      ...publicJob(job),
      recipients: recipients.map(({ jobId: _j, instance: _i, command, ...r }) => ({
        ...r,
        to: command.to,
        ...(command.options?.messageId ? { messageId: command.options.messageId } : {}),
      })),
    };
  }

  /** Claims and runs, in the background, unfinished jobs nobody runs (stale before `staleBefore`). */
  async resume(staleBefore = this.clock.now() - this.staleMs): Promise<number> {
    let started = 0;
    const found = await this.jobs.resumable(staleBefore, RESUME_SCAN_LIMIT).catch((err: unknown) => {
      this.logger.error(`looking for bulk jobs to resume failed: ${String(err)}`);
      return [];
    });
    for (const job of found) {
      if (this.stopping || this.active.has(job.id)) continue;
      let recipients: BulkRecipientRecord[];
      try {
        if (!(await this.jobs.claim(job.instance, job.id, this.owner, this.clock.now(), staleBefore)))
          continue;
        recipients = await this.jobs.recipients(job.instance, job.id);
      } catch (err) {
        this.logger.error(`claiming bulk job ${job.id} of ${job.instance} failed: ${String(err)}`);
        continue;
      }
      const left = recipients.filter((r) => r.state === 'pending' || r.state === 'sending').length;
      this.logger.log(
        `resuming bulk job ${job.id} of ${job.instance}: ${left} of ${job.count} recipients left${job.owner ? ` (was ${job.owner}'s)` : ''}`,
      );
      started++;
      void this.start(job, recipients, false).catch((err: unknown) =>
        this.logger.error(`bulk job ${job.id} of ${job.instance} stopped: ${String(err)}`),
      );
    }
    return started;
  }

  /** Waits for the runs in this process (tests). */
  async idle(): Promise<void> {
    while (this.active.size)
      await Promise.all([...this.active.values()].map((j) => j.done.catch(() => undefined)));
  }

  /** Renews the heartbeat of every job run here (a job taken over ends its run), then looks for stale ones. */
  private async tick(): Promise<void> {
    if (this.stopping) return;
    const now = this.clock.now();
    for (const [id, job] of this.active) {
      const held = await this.jobs
        .claim(job.instance, id, this.owner, now, now - this.staleMs)
        .catch(() => true);
      if (!held) job.ended ??= 'lost';
    }
    await this.resume();
  }

  /** Deletes jobs finished longer than the retention ago. */
  private async sweep(): Promise<void> {
    try {
      const deleted = await this.jobs.deleteFinished(
        new Date(this.clock.now() - this.retentionMs).toISOString(),
      );
      if (deleted) this.logger.log(`bulk job retention: ${deleted} finished jobs deleted`);
    } catch (err) {
      this.logger.error(`bulk job retention sweep failed: ${String(err)}`);
    }
  }

  private start(
    job: BulkJobRecord,
    recipients: BulkRecipientRecord[],
    live: boolean,
  ): Promise<BulkSendResult[]> {
    const active: ActiveJob = { instance: job.instance, done: Promise.resolve() };
    const run = this.run(job, recipients, live, active);
    active.done = run;
    this.active.set(job.id, active);
    return run.finally(() => this.active.delete(job.id));
  }

  private async run(
    job: BulkJobRecord,
    recipients: BulkRecipientRecord[],
    live: boolean,
    active: ActiveJob,
  ): Promise<BulkSendResult[]> {
    const results: BulkSendResult[] = [];
    let failed = recipients.some((r) => r.state === 'failed');
    for (const r of recipients) {
      if (active.ended) return this.ended(job, active);
      if (r.state === 'sent' || r.state === 'failed' || r.state === 'skipped') continue;
      if (failed && job.mode === 'until-failure') {
        await this.write(job, r, active, { state: 'skipped' });
        continue;
      }
      const result = await this.recipient(job, r, live, active);
      if (!result) return this.ended(job, active);
      results.push(result);
      if (!result.ok) failed = true;
    }
    if (!(await this.jobs.finish(job.instance, job.id, this.owner, new Date(this.clock.now()).toISOString())))
      return this.ended(job, { ...active, ended: 'lost' });
    // a send that timed out may still be reading the file on the shard: the store's age limit
    // deletes it then (as for a single send)
    const timedOut = recipients.some((r) => r.error?.code === ErrorCode.Timeout);
    if (!timedOut) for (const id of job.media) await this.media?.delete({ id }).catch(() => undefined);
    if (!live) await this.report(job);
    return results;
  }

  /** One recipient: checked against the message store when a crash left it `sending`, else sent. */
  private async recipient(
    job: BulkJobRecord,
    r: BulkRecipientRecord,
    live: boolean,
    active: ActiveJob,
  ): Promise<BulkSendResult | undefined> {
    const messageId = r.command.options?.messageId;
    if (r.state === 'sending' && messageId) {
      const stored = await this.messages.get(job.instance, messageId);
      if (stored) {
        const sent = {
          id: stored.id,
          remoteJid: stored.chat,
          timestamp: Math.floor(stored.timestamp / 1000),
        };
        if (!(await this.write(job, r, active, { state: 'sent', sent }))) return undefined;
        return { to: r.command.to, ok: true, sent: { ...sent, fromMe: true, raw: undefined } };
      }
    }
    try {
      return await this.pacer.run(job.instance, () => this.send(job, r, live, active));
    } catch (err) {
      if (err instanceof RunEnded) return undefined;
      throw err;
    }
  }

  private async send(
    job: BulkJobRecord,
    r: BulkRecipientRecord,
    live: boolean,
    active: ActiveJob,
  ): Promise<BulkSendResult> {
    const giveUpAt = this.clock.now() + this.resumeWaitMs;
    for (let wait = 1_000; ; wait = Math.min(wait * 2, 15_000)) {
      if (active.ended) throw new RunEnded();
      r.attempts++;
      if (!(await this.write(job, r, active, { state: 'sending', attempts: r.attempts })))
        throw new RunEnded();
      try {
        const sent = await this.client.send('send-message', r.command);
        const kept = { id: sent.id, remoteJid: sent.remoteJid, timestamp: sent.timestamp };
        if (!(await this.write(job, r, active, { state: 'sent', sent: kept }))) throw new RunEnded();
        return { to: r.command.to, ok: true, sent };
      } catch (err) {
        if (err instanceof RunEnded) throw err;
        const error = asDomainError(err);
        // a resumed job waits for the instance to come back (same message id: a retry is safe)
        if (!live && TRANSIENT.has(error.code) && this.clock.now() + wait < giveUpAt && !active.ended) {
          await this.clock.sleep(wait);
          continue;
        }
        const kept = {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        };
        if (!(await this.write(job, r, active, { state: 'failed', error: kept }))) throw new RunEnded();
        return { to: r.command.to, ok: false, error };
      }
    }
  }

  /** Records a recipient's state; false (and the run ends) when the job is no longer this process's. */
  private async write(
    job: BulkJobRecord,
    r: BulkRecipientRecord,
    active: ActiveJob,
    patch: BulkRecipientPatch,
  ): Promise<boolean> {
    const held = await this.jobs.updateRecipient(job.instance, job.id, r.index, this.owner, patch);
    if (!held) active.ended ??= 'lost';
    else Object.assign(r, patch);
    return held;
  }

  /** A run that ends early: a stop lets go of the job (the next start resumes it); the caller is told. */
  private async ended(job: BulkJobRecord, active: ActiveJob): Promise<never> {
    if (active.ended === 'stopping') {
      await this.jobs.release(job.instance, job.id, this.owner).catch(() => undefined);
      this.logger.log(`bulk job ${job.id} of ${job.instance} paused by the stop; the next start resumes it`);
    } else {
      this.logger.warn(`bulk job ${job.id} of ${job.instance} was taken over by another gateway`);
    }
    throw new DomainError(
      ErrorCode.Unavailable,
      'the send to many was interrupted (the gateway is stopping); the remaining recipients are sent when it runs again',
      { job: job.id },
    );
  }

  /** Logs a resumed job's outcome (kept in the job too, until the retention). */
  private async report(job: BulkJobRecord): Promise<void> {
    const recipients = await this.jobs.recipients(job.instance, job.id);
    const count = (state: string) => recipients.filter((r) => r.state === state).length;
    this.logger.log(
      `bulk job ${job.id} of ${job.instance} finished after a resume: ${count('sent')} sent, ${count('failed')} failed, ${count('skipped')} skipped`,
    );
  }
}

/** A failure as one recipient's result: domain errors as they are, anything else as internal (no details). */
function asDomainError(err: unknown): DomainError {
  return err instanceof DomainError
    ? err
    : new DomainError(ErrorCode.Internal, 'the message could not be sent');
}
