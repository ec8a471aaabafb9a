import type { SendMessageCommand } from '@zapgate/contracts';

/**
 * Where one recipient of a bulk send stands: not tried yet; being sent (its message id recorded
 * before the send, so a crash leaves a state that can be checked against the message store); sent;
 * failed (the error kept); skipped (a job that stops at its first failure, WPPConnect's habit).
 */
export type BulkRecipientState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/** One recipient of a bulk job: its send command and how it went. */
export interface BulkRecipientRecord {
  jobId: string;
  instance: string;
  /** Position in the job (0-based): recipients are sent in this order. */
  index: number;
  /** The `send-message` command, with `options.messageId` already chosen. */
  command: SendMessageCommand;
  state: BulkRecipientState;
  /** `sent`: the message as WhatsApp took it. */
  sent?: { id: string; remoteJid: string; timestamp: number };
  /** `failed`: the error, as the command answered it. */
  error?: { code: string; message: string; details?: Record<string, unknown> };
  /** Attempts made (a resumed `sending` recipient may be sent again under the same id). */
  attempts: number;
  updatedAt: string;
}

/** A bulk job: sends of one instance to many recipients, paced, kept until a retention after it ends. */
export interface BulkJobRecord {
  id: string;
  instance: string;
  /** `each`: every recipient is tried; `until-failure`: the first failure skips the rest. */
  mode: 'each' | 'until-failure';
  /** How many recipients (indexes 0 … count - 1). */
  count: number;
  /** Media store ids the sends share (sent with keepMedia): deleted once the job ends. */
  media: string[];
  /** Who runs it now (a gateway process); absent when nobody does. */
  owner?: string;
  /** When the owner last said it is alive (ms since epoch). */
  heartbeatAt?: number;
  /** ISO time every recipient had an outcome; absent while the job runs. */
  finishedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A recipient's change: its new state and what goes with it. */
export type BulkRecipientPatch = Pick<BulkRecipientRecord, 'state'> &
  Partial<Pick<BulkRecipientRecord, 'sent' | 'error' | 'attempts'>>;

/**
 * Durable bulk sends. A job is run by one owner at a time: `claim` is a compare-and-set on the
 * owner and its heartbeat (a stale heartbeat may be taken over), and every recipient write names
 * the owner, so a process that lost its job cannot write over the one that took it. Every query
 * but the resume scan and the retention sweep is scoped to an instance.
 */
export abstract class BulkJobRepository {
  /** Stores a new job and its recipients (indexes 0 … count - 1, in order), owned by `job.owner`. */
  abstract create(job: BulkJobRecord, recipients: BulkRecipientRecord[]): Promise<void>;
  abstract get(instance: string, id: string): Promise<BulkJobRecord | undefined>;
  /** The instance's jobs, newest first (running and finished within the retention), at most `limit`. */
  abstract list(instance: string, limit: number): Promise<BulkJobRecord[]>;
  /** The job's recipients in order. */
  abstract recipients(instance: string, id: string): Promise<BulkRecipientRecord[]>;
  /**
   * Takes or renews an unfinished job for `owner` (heartbeat `now`) when nobody owns it, `owner`
   * does, or the owner's heartbeat is older than `staleBefore`; false otherwise (and nothing written).
   */
  abstract claim(
    instance: string,
    id: string,
    owner: string,
    now: number,
    staleBefore: number,
  ): Promise<boolean>;
  /** Lets go of a job `owner` holds (a graceful stop), so another process may take it at once. */
  abstract release(instance: string, id: string, owner: string): Promise<void>;
  /** Sets a recipient of an unfinished job `owner` holds; false when it no longer holds it. */
  abstract updateRecipient(
    instance: string,
    id: string,
    index: number,
    owner: string,
    patch: BulkRecipientPatch,
  ): Promise<boolean>;
  /** Marks the job `owner` holds finished (and unowned); false when it no longer holds it. */
  abstract finish(instance: string, id: string, owner: string, finishedAt: string): Promise<boolean>;
  /**
   * Unfinished jobs nobody runs: unowned, or their owner's heartbeat older than `staleBefore`
   * (oldest first, at most `limit`). Across instances: what a starting gateway resumes.
   */
  abstract resumable(staleBefore: number, limit: number): Promise<BulkJobRecord[]>;
  /** Deletes jobs (and their recipients) that finished before `before` (ISO); how many. */
  abstract deleteFinished(before: string): Promise<number>;
}
