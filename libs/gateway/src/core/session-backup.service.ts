import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type ConnectionState } from '@zapgate/contracts';
import {
  AuthStateRepository,
  InstanceRepository,
  type AuthEntry,
  type Dialect,
  type InstancePatch,
  type InstanceRecord,
} from '@zapgate/storage';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import {
  packSessionArchive,
  SessionArchiveError,
  unpackSessionArchive,
  type ArchivedSession,
} from './session-archive.js';
import { WebhookGatewaySettings } from './webhook-config.service.js';

/** States with no socket and no auth state held in memory: a restore may replace what is stored. */
const RESTORABLE_STATES: ReadonlySet<ConnectionState> = new Set(['stopped', 'logged-out']);

/** One session a restore writes, with what to put back if a later write fails. */
interface RestorePlan {
  session: ArchivedSession;
  existing?: InstanceRecord;
  previousAuth?: AuthEntry[];
  /** set once this restore created the record (undone by deleting it) */
  created?: boolean;
}

/**
 * A dialect's sessions as one archive (see session-archive.ts): backed up from storage, restored
 * into storage on this or another zapgate (another DATA_DIR, another database, another
 * ZG_DATA_KEY), and a session's stored data cleared. Reads and writes go through the storage
 * ports, so the embedded store and MongoDB both serve it.
 */
@Injectable()
export class SessionBackupService {
  private readonly logger = new Logger('SessionBackup');

  constructor(
    private readonly instances: InstanceRepository,
    private readonly auth: AuthStateRepository,
    private readonly client: InstanceClient,
    private readonly webhooks: WebhookGatewaySettings,
  ) {}

  /**
   * Every instance of the dialect with its auth state, as a zip. A connected session keeps
   * writing keys after this moment: restore a backup of a live session only once it stopped
   * running where it was taken (one account, one socket).
   */
  async backup(dialect: Dialect): Promise<Uint8Array> {
    const records = (await this.instances.list()).filter((r) => r.dialect === dialect);
    const sessions: ArchivedSession[] = [];
    for (const r of records) {
      sessions.push({ record: this.archived(r), auth: await this.auth.entries(r.key) });
    }
    return packSessionArchive(sessions);
  }

  /**
   * Restores every session of the archive: all of it is read and checked first (a bad archive,
   * a session of another dialect, a name held by another dialect, a session open here), then
   * each session's auth state and record are written; if a write fails, what was written is put
   * back as it was. Paired sessions are started (they log in without a QR). Answers
   * the names restored.
   */
  async restore(dialect: Dialect, zip: Uint8Array): Promise<string[]> {
    let sessions: ArchivedSession[];
    try {
      sessions = unpackSessionArchive(zip).sessions;
    } catch (err) {
      if (err instanceof SessionArchiveError) throw new DomainError(ErrorCode.ValidationFailed, err.message);
      throw err;
    }
    const plans: RestorePlan[] = [];
    for (const session of sessions) {
      const { key } = session.record;
      if (session.record.dialect !== dialect)
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `session ${key} in the archive is a ${session.record.dialect} instance; this route restores ${dialect} sessions`,
        );
      const existing = await this.instances.get(key);
      if (existing) {
        if (existing.dialect !== dialect)
          throw new DomainError(
            ErrorCode.InstanceExists,
            `the name ${key} belongs to a ${existing.dialect} instance here: nothing was restored`,
          );
        const { state } = await this.client.send('get-status', { instance: key });
        if (!RESTORABLE_STATES.has(state))
          throw new DomainError(
            ErrorCode.InstanceExists,
            `session ${key} exists here and is ${state}: close it (close-session) before restoring over it; nothing was restored`,
            { state },
          );
      }
      plans.push({
        session,
        ...(existing ? { existing, previousAuth: await this.auth.entries(key) } : {}),
      });
    }
    const written: RestorePlan[] = [];
    try {
      for (const plan of plans) {
        written.push(plan);
        await this.write(plan);
      }
    } catch (err) {
      for (const plan of written.reverse())
        await this.undo(plan).catch((undoErr: unknown) =>
          this.logger.error(`putting back ${plan.session.record.key} failed: ${String(undoErr)}`),
        );
      throw err;
    }
    for (const { session } of plans) {
      if (!isPaired(session.auth)) continue;
      const key = session.record.key;
      void this.client
        .send('connect', { instance: key })
        .catch((err: unknown) => this.logger.warn(`starting restored ${key}: ${String(err)}`));
    }
    return plans.map((p) => p.session.record.key);
  }

  /**
   * Forgets a session's stored data: logged out (the device unlinked when connected; its auth
   * state, messages and chats deleted) and its record (webhook settings, token hash) deleted, so
   * the next start asks for a QR. A session that does not exist has nothing to clear.
   */
  async clear(dialect: Dialect, key: string): Promise<void> {
    const record = await this.instances.get(key);
    if (!record) return;
    InstanceRegistry.requireDialect(record, dialect);
    await this.client.send('logout', { instance: key });
    await this.auth.clear(key);
    await this.instances.delete(key);
  }

  private archived(r: InstanceRecord): ArchivedSession['record'] {
    let webhookSecret: string | undefined;
    if (r.webhookSecret) {
      try {
        webhookSecret = this.webhooks.secrets.open(r.key, r.webhookSecret);
      } catch (err) {
        this.logger.warn(`the webhook secret of ${r.key} is left out of the backup: ${String(err)}`);
      }
    }
    return {
      key: r.key,
      dialect: r.dialect,
      ...(r.tokenHash ? { tokenHash: r.tokenHash } : {}),
      ...(r.webhook ? { webhook: r.webhook } : {}),
      ...(webhookSecret !== undefined ? { webhookSecret } : {}),
      ...(r.account ? { account: r.account } : {}),
      createdAt: r.createdAt,
    };
  }

  private async write(plan: RestorePlan): Promise<void> {
    const { session, existing } = plan;
    const { record, auth } = session;
    // the auth state first: a shard adopts a new instance once its record exists
    await this.auth.clear(record.key);
    if (auth.length) await this.auth.write(record.key, auth);
    const fields: InstancePatch = {
      tokenHash: record.tokenHash,
      webhook: record.webhook,
      webhookSecret:
        record.webhookSecret === undefined
          ? undefined
          : this.webhooks.secrets.seal(record.key, record.webhookSecret),
      account: record.account,
    };
    if (existing) {
      await this.instances.update(record.key, fields);
      return;
    }
    const created = await this.instances.create({
      key: record.key,
      dialect: record.dialect,
      ...definedOnly(fields),
      createdAt: record.createdAt,
      updatedAt: new Date().toISOString(),
    });
    if (!created)
      throw new DomainError(ErrorCode.InstanceExists, `session ${record.key} was created meanwhile`);
    plan.created = true;
  }

  private async undo({ session, existing, previousAuth, created }: RestorePlan): Promise<void> {
    const { key } = session.record;
    await this.auth.clear(key);
    if (previousAuth?.length) await this.auth.write(key, previousAuth);
    if (!existing) {
      if (created) await this.instances.delete(key);
      return;
    }
    await this.instances.update(key, {
      tokenHash: existing.tokenHash,
      webhook: existing.webhook,
      webhookSecret: existing.webhookSecret,
      account: existing.account,
    });
  }
}

/** Whether the auth state is of a linked device (its creds name the account): it logs in without a QR. */
function isPaired(auth: AuthEntry[]): boolean {
  const creds = auth.find((e) => e.type === 'creds' && e.id === 'creds')?.value;
  try {
    return !!creds && !!(JSON.parse(creds) as { me?: unknown }).me;
  } catch {
    return false;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
