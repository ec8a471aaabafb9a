import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  clampMessageLimit,
  MessageRepository,
  statusMayMove,
  type MessageCursor,
  type MessageListQuery,
  type MessageStatus,
  type NewStoredMessage,
  type StoredMessage,
} from '../messages.ports.js';
import { ensurePrivateDir, narrowMode, PRIVATE_FILE_MODE } from './embedded-store.js';

/** The layout below; bump it (and migrate in `migrate`) when it changes. */
const SCHEMA_VERSION = 1;

/** Messages written per transaction: a long batch (history sync) yields to the event loop between. */
const SAVE_CHUNK = 250;

const SCHEMA = `
  CREATE TABLE messages (
    instance   TEXT    NOT NULL,
    chat       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    from_me    INTEGER NOT NULL,
    sender     TEXT,
    timestamp  INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    text       TEXT,
    status     TEXT,
    raw        TEXT    NOT NULL,
    created_at TEXT    NOT NULL
  );
  -- the key: serves save's upsert, updateStatus, get with a chat and, by its (instance, id) and
  -- (instance) prefixes, get without a chat and clear(instance)
  CREATE UNIQUE INDEX messages_key ON messages (instance, id, chat);
  -- serves list(instance, {chat, before/after}) newest first
  CREATE INDEX messages_by_chat ON messages (instance, chat, timestamp DESC, id DESC);
  -- serves list(instance, {before/after}) across chats, newest first
  CREATE INDEX messages_by_time ON messages (instance, timestamp DESC, id DESC);
  -- serves deleteOlderThan(cutoff) (retention, across instances)
  CREATE INDEX messages_retention ON messages (timestamp);
`;

interface QueuedWrite {
  /** Rows it may write (a save's messages), for the size of a transaction. */
  rows: number;
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

const COLUMNS = `instance, chat, id, from_me AS fromMe, sender, timestamp, kind, text, status, raw,
  created_at AS createdAt`;

interface MessageRow {
  instance: string;
  chat: string;
  id: string;
  fromMe: number;
  sender: string | null;
  timestamp: number;
  kind: StoredMessage['kind'];
  text: string | null;
  status: MessageStatus | null;
  raw: string;
  createdAt: string;
}

const toMessage = (row: MessageRow): StoredMessage => ({
  instance: row.instance,
  id: row.id,
  chat: row.chat,
  fromMe: row.fromMe === 1,
  ...(row.sender !== null ? { sender: row.sender } : {}),
  timestamp: row.timestamp,
  kind: row.kind,
  ...(row.text !== null ? { text: row.text } : {}),
  ...(row.status !== null ? { status: row.status } : {}),
  raw: row.raw,
  createdAt: row.createdAt,
});

/**
 * The message store of the standalone process: one SQLite file, `<dir>/messages.sqlite`, through
 * Node's built-in `node:sqlite` (no dependency; it prints no ExperimentalWarning on Node 24.22).
 * Messages grow without bound, so unlike the nedb collections nothing is held in memory: rows and
 * indexes are on-disk B-trees and each query reads only the pages it needs.
 *
 * The API is synchronous and runs on the event loop; every call is one short indexed statement.
 * Writes keep their call order and are committed in batches (`write`): at most about 250 rows per
 * transaction with a turn of the event loop between them, and retention deletes in bounded batches. WAL with
 * `synchronous=NORMAL`: a process crash loses nothing; a power cut may lose the last commits,
 * never the file. The file and its -wal/-shm companions (SQLite gives them the file's mode) are 0600.
 */
export class EmbeddedMessageRepository extends MessageRepository {
  static readonly FILE = 'messages.sqlite';

  private readonly statements = new Map<string, StatementSync>();
  /** Writes not yet committed, in call order (see `write`). */
  private queue: QueuedWrite[] = [];
  private flushing = false;

  private constructor(private readonly db: DatabaseSync) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedMessageRepository> {
    await ensurePrivateDir(dir);
    const file = join(dir, EmbeddedMessageRepository.FILE);
    // create it owner-only before SQLite does (SQLite would use 0644 minus the umask)
    await (await open(file, 'a', PRIVATE_FILE_MODE)).close();
    await Promise.all([file, `${file}-wal`, `${file}-shm`].map((f) => narrowMode(f, PRIVATE_FILE_MODE)));
    const db = new DatabaseSync(file, { timeout: 5_000 });
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      // the one rule of statuses (messages.ports.ts), usable inside statements
      db.function('zg_status_may_move', { deterministic: true }, (from, to) =>
        Number(statusMayMove((from ?? undefined) as MessageStatus | undefined, to as MessageStatus)),
      );
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new EmbeddedMessageRepository(db);
  }

  private statement(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  save(messages: NewStoredMessage[]): Promise<void> {
    if (!messages.length) return Promise.resolve();
    const upsert = () =>
      this.statement(`
      INSERT INTO messages (instance, chat, id, from_me, sender, timestamp, kind, text, status, raw, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (instance, id, chat) DO UPDATE SET
        from_me = excluded.from_me, sender = excluded.sender, timestamp = excluded.timestamp,
        kind = excluded.kind, text = excluded.text, raw = excluded.raw,
        status = CASE
          WHEN excluded.status IS NOT NULL AND zg_status_may_move(messages.status, excluded.status)
          THEN excluded.status ELSE messages.status END`);
    // one write per chunk, queued together: nothing queued later comes between them
    const chunks: Promise<void>[] = [];
    for (let start = 0; start < messages.length; start += SAVE_CHUNK) {
      const chunk = messages.slice(start, start + SAVE_CHUNK);
      chunks.push(
        this.write(chunk.length, () => {
          const now = new Date().toISOString();
          const statement = upsert();
          for (const m of chunk)
            statement.run(
              m.instance,
              m.chat,
              m.id,
              m.fromMe ? 1 : 0,
              m.sender ?? null,
              m.timestamp,
              m.kind,
              m.text ?? null,
              m.status ?? null,
              m.raw,
              now,
            );
        }),
      );
    }
    return Promise.all(chunks).then(() => undefined);
  }

  async get(instance: string, id: string, chat?: string): Promise<StoredMessage | undefined> {
    const row =
      chat === undefined
        ? this.statement(
            // without the hint SQLite walks messages_by_time to skip the sort: a scan of the instance
            `SELECT ${COLUMNS} FROM messages INDEXED BY messages_key
             WHERE instance = ? AND id = ? ORDER BY timestamp DESC LIMIT 1`,
          ).get(instance, id)
        : this.statement(`SELECT ${COLUMNS} FROM messages WHERE instance = ? AND id = ? AND chat = ?`).get(
            instance,
            id,
            chat,
          );
    return row ? toMessage(row as unknown as MessageRow) : undefined;
  }

  async list(instance: string, query: MessageListQuery): Promise<StoredMessage[]> {
    const where = ['instance = ?'];
    const params: SQLInputValue[] = [instance];
    if (query.chat !== undefined) {
      where.push('chat = ?');
      params.push(query.chat);
    }
    if (query.fromMe !== undefined) {
      where.push('from_me = ?');
      params.push(query.fromMe ? 1 : 0);
    }
    if (query.before !== undefined) bound(where, params, query.before, '<');
    if (query.after !== undefined) bound(where, params, query.after, '>');
    // with `after`, the messages nearest to it: oldest first, then turned around
    const dir = query.after !== undefined ? 'ASC' : 'DESC';
    const rows = this.statement(
      `SELECT ${COLUMNS} FROM messages WHERE ${where.join(' AND ')}
       ORDER BY timestamp ${dir}, id ${dir} LIMIT ?`,
    ).all(...params, clampMessageLimit(query.limit)) as unknown as MessageRow[];
    const messages = rows.map(toMessage);
    return dir === 'ASC' ? messages.reverse() : messages;
  }

  updateStatus(instance: string, chat: string, id: string, status: MessageStatus): Promise<boolean> {
    return this.write(1, () => {
      const res = this.statement(
        `UPDATE messages SET status = ?
         WHERE instance = ? AND id = ? AND chat = ? AND zg_status_may_move(status, ?)`,
      ).run(status, instance, id, chat, status);
      return Number(res.changes) > 0;
    });
  }

  deleteOlderThan(cutoffMs: number, maxBatch?: number): Promise<number> {
    return this.write(maxBatch ?? SAVE_CHUNK, () => {
      const res =
        maxBatch === undefined
          ? this.statement('DELETE FROM messages WHERE timestamp < ?').run(cutoffMs)
          : this.statement(
              'DELETE FROM messages WHERE rowid IN (SELECT rowid FROM messages WHERE timestamp < ? LIMIT ?)',
            ).run(cutoffMs, Math.max(1, Math.trunc(maxBatch)));
      return Number(res.changes);
    });
  }

  clear(instance: string): Promise<number> {
    return this.write(SAVE_CHUNK, () =>
      Number(this.statement('DELETE FROM messages WHERE instance = ?').run(instance).changes),
    );
  }

  /** Closes the file (the last connection's close also folds the WAL back into it). */
  close(): void {
    if (!this.db.isOpen) return;
    while (this.queue.length) this.flush();
    this.db.close();
  }

  /**
   * Queues a write; writes run in call order. Those queued while the event loop is busy are
   * committed together, up to about `SAVE_CHUNK` rows per transaction (a send's save and the
   * receipts' status moves: one commit instead of one each, which was most of a write's cost),
   * with a turn of the event loop between transactions. Each write resolves once its transaction
   * committed. When a transaction fails, its writes are run again one per transaction, so only the
   * write that fails is refused.
   */
  private write<T>(rows: number, run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ rows, run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.drain());
      }
    });
  }

  private drain(): void {
    this.flush();
    if (this.queue.length) setImmediate(() => this.drain());
    else this.flushing = false;
  }

  /** Commits the writes at the head of the queue in one transaction (at least one). */
  private flush(): void {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || rows + this.queue[n]!.rows <= SAVE_CHUNK))
      rows += this.queue[n++]!.rows;
    const batch = this.queue.splice(0, n);
    const values: unknown[] = [];
    try {
      this.transaction(() => {
        for (const w of batch) values.push(w.run());
      });
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      for (const w of batch) {
        let value: unknown;
        try {
          this.transaction(() => {
            value = w.run();
          });
        } catch (err) {
          w.reject(err);
          continue;
        }
        w.resolve(value);
      }
      return;
    }
    batch.forEach((w, i) => w.resolve(values[i]));
  }

  private transaction(work: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.isOpen && this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }
}

/** `(timestamp, id) <op> cursor`, written so the timestamp range can use the index. */
function bound(where: string[], params: SQLInputValue[], at: number | MessageCursor, op: '<' | '>'): void {
  if (typeof at === 'number') {
    where.push(`timestamp ${op} ?`);
    params.push(at);
    return;
  }
  where.push(`timestamp ${op}= ? AND (timestamp ${op} ? OR id ${op} ?)`);
  params.push(at.timestamp, at.timestamp, at.id);
}

function migrate(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION)
    throw new Error(
      `messages.sqlite has schema version ${version}; this zapgate knows up to ${SCHEMA_VERSION} (a newer version made it)`,
    );
  db.exec('BEGIN IMMEDIATE');
  try {
    // re-read under the write lock: another connection may have created it meanwhile
    const again = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (again === 0) db.exec(`${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION};`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
