import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  BlocklistRepository,
  chatActivity,
  clampChatLimit,
  ChatRepository,
  ContactRepository,
  mergeChat,
  mergeContact,
  type ChatCursor,
  type ChatListQuery,
  type ChatPatch,
  type ContactListQuery,
  type ContactPatch,
  type StoredChat,
  type StoredContact,
} from '../chats.ports.js';
import { ensurePrivateDir, narrowMode, PRIVATE_FILE_MODE } from './embedded-store.js';

/** The layout below; bump it (and migrate) when it changes. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE chats (
    instance TEXT    NOT NULL,
    id       TEXT    NOT NULL,
    activity INTEGER NOT NULL,
    archived INTEGER NOT NULL,
    unread   INTEGER NOT NULL,
    is_group INTEGER NOT NULL,
    doc      TEXT    NOT NULL,
    PRIMARY KEY (instance, id)
  );
  -- serves list(instance, {...filters, before/after}) newest activity first; the primary key serves
  -- get, apply (read then write one chat), delete and, by its (instance) prefix, clear(instance)
  CREATE INDEX chats_by_activity ON chats (instance, activity DESC, id DESC);

  CREATE TABLE contacts (
    instance TEXT NOT NULL,
    id       TEXT NOT NULL,
    pn       TEXT,
    lid      TEXT,
    doc      TEXT NOT NULL,
    PRIMARY KEY (instance, id)
  );
  -- the primary key serves get by id, list(instance, {after}) in id order and clear(instance)
  -- serves get(instance, pn) and apply's lookup of a contact by its phone number
  CREATE INDEX contacts_by_pn ON contacts (instance, pn) WHERE pn IS NOT NULL;
  -- serves get(instance, lid) and apply's lookup of a contact by its LID
  CREATE INDEX contacts_by_lid ON contacts (instance, lid) WHERE lid IS NOT NULL;

  CREATE TABLE blocklist (
    instance TEXT NOT NULL,
    jid      TEXT NOT NULL,
    PRIMARY KEY (instance, jid)
  );
  -- the primary key serves list(instance) in jid order, add, remove, replace and clear(instance)
`;

/**
 * Chats, contacts and the blocklist of the standalone process: one SQLite file,
 * `<dir>/chats.sqlite` (0600, WAL), beside the message store. Each row keeps the record as JSON
 * (`doc`) plus the columns its queries filter and sort on. Calls are synchronous statements on the
 * event loop; a write reads and writes one row inside a transaction.
 */
export class EmbeddedChatDatabase {
  static readonly FILE = 'chats.sqlite';
  private readonly statements = new Map<string, StatementSync>();

  private constructor(readonly db: DatabaseSync) {}

  static async open(dir: string): Promise<EmbeddedChatDatabase> {
    await ensurePrivateDir(dir);
    const file = join(dir, EmbeddedChatDatabase.FILE);
    await (await open(file, 'a', PRIVATE_FILE_MODE)).close();
    await Promise.all([file, `${file}-wal`, `${file}-shm`].map((f) => narrowMode(f, PRIVATE_FILE_MODE)));
    const db = new DatabaseSync(file, { timeout: 5_000 });
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new EmbeddedChatDatabase(db);
  }

  statement(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

export class EmbeddedChatRepository extends ChatRepository {
  constructor(private readonly d: EmbeddedChatDatabase) {
    super();
  }

  async apply(instance: string, patches: ChatPatch[]): Promise<void> {
    if (!patches.length) return;
    const now = new Date().toISOString();
    this.d.transaction(() => {
      for (const patch of patches) {
        const chat = mergeChat(instance, this.read(instance, patch.id), patch, now);
        this.d
          .statement(
            `INSERT INTO chats (instance, id, activity, archived, unread, is_group, doc)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (instance, id) DO UPDATE SET activity = excluded.activity,
               archived = excluded.archived, unread = excluded.unread, doc = excluded.doc`,
          )
          .run(
            instance,
            chat.id,
            chatActivity(chat),
            chat.archived ? 1 : 0,
            chat.unreadCount,
            chat.id.endsWith('@g.us') ? 1 : 0,
            JSON.stringify(chat),
          );
      }
    });
  }

  async get(instance: string, id: string): Promise<StoredChat | undefined> {
    return this.read(instance, id);
  }

  private read(instance: string, id: string): StoredChat | undefined {
    const row = this.d.statement('SELECT doc FROM chats WHERE instance = ? AND id = ?').get(instance, id) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as StoredChat) : undefined;
  }

  async list(instance: string, query: ChatListQuery): Promise<StoredChat[]> {
    const where = ['instance = ?'];
    const params: SQLInputValue[] = [instance];
    if (query.archived !== undefined) {
      where.push('archived = ?');
      params.push(query.archived ? 1 : 0);
    }
    if (query.kind !== undefined) {
      where.push('is_group = ?');
      params.push(query.kind === 'group' ? 1 : 0);
    }
    if (query.unreadOnly) where.push('unread > 0');
    if (query.withMessages) where.push('activity > 0');
    if (query.labels?.length) {
      where.push(
        `EXISTS (SELECT 1 FROM json_each(doc, '$.labels') WHERE value IN (${query.labels.map(() => '?').join(', ')}))`,
      );
      params.push(...query.labels);
    }
    if (query.after) bound(where, params, query.after, '<');
    if (query.before) bound(where, params, query.before, '>');
    const dir = query.before && !query.after ? 'ASC' : 'DESC';
    const rows = this.d
      .statement(
        `SELECT doc FROM chats WHERE ${where.join(' AND ')} ORDER BY activity ${dir}, id ${dir} LIMIT ?`,
      )
      .all(...params, clampChatLimit(query.limit)) as { doc: string }[];
    const chats = rows.map((r) => JSON.parse(r.doc) as StoredChat);
    return dir === 'ASC' ? chats.reverse() : chats;
  }

  async delete(instance: string, id: string): Promise<boolean> {
    return (
      Number(this.d.statement('DELETE FROM chats WHERE instance = ? AND id = ?').run(instance, id).changes) >
      0
    );
  }

  async clear(instance: string): Promise<number> {
    return Number(this.d.statement('DELETE FROM chats WHERE instance = ?').run(instance).changes);
  }
}

/** `(activity, id) <op> cursor`, written so the activity range can use the index. */
function bound(where: string[], params: SQLInputValue[], at: ChatCursor, op: '<' | '>'): void {
  where.push(`activity ${op}= ? AND (activity ${op} ? OR id ${op} ?)`);
  params.push(at.activity, at.activity, at.id);
}

export class EmbeddedContactRepository extends ContactRepository {
  constructor(private readonly d: EmbeddedChatDatabase) {
    super();
  }

  async apply(instance: string, patches: ContactPatch[]): Promise<void> {
    if (!patches.length) return;
    const now = new Date().toISOString();
    this.d.transaction(() => {
      for (const patch of patches) {
        const stored =
          this.read(instance, patch.id) ??
          (patch.pn ? this.read(instance, patch.pn) : undefined) ??
          (patch.lid ? this.read(instance, patch.lid) : undefined);
        const contact = mergeContact(instance, stored, stored ? { ...patch, id: stored.id } : patch, now);
        this.d
          .statement(
            `INSERT INTO contacts (instance, id, pn, lid, doc) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (instance, id) DO UPDATE SET pn = excluded.pn, lid = excluded.lid, doc = excluded.doc`,
          )
          .run(instance, contact.id, contact.pn ?? null, contact.lid ?? null, JSON.stringify(contact));
      }
    });
  }

  async get(instance: string, jid: string): Promise<StoredContact | undefined> {
    return this.read(instance, jid);
  }

  private read(instance: string, jid: string): StoredContact | undefined {
    const row = (this.d
      .statement('SELECT doc FROM contacts WHERE instance = ? AND id = ?')
      .get(instance, jid) ??
      this.d.statement('SELECT doc FROM contacts WHERE instance = ? AND pn = ? LIMIT 1').get(instance, jid) ??
      this.d
        .statement('SELECT doc FROM contacts WHERE instance = ? AND lid = ? LIMIT 1')
        .get(instance, jid)) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as StoredContact) : undefined;
  }

  async list(instance: string, query: ContactListQuery): Promise<StoredContact[]> {
    const rows = (
      query.after === undefined
        ? this.d
            .statement('SELECT doc FROM contacts WHERE instance = ? ORDER BY id LIMIT ?')
            .all(instance, clampChatLimit(query.limit))
        : this.d
            .statement('SELECT doc FROM contacts WHERE instance = ? AND id > ? ORDER BY id LIMIT ?')
            .all(instance, query.after, clampChatLimit(query.limit))
    ) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as StoredContact);
  }

  async clear(instance: string): Promise<number> {
    return Number(this.d.statement('DELETE FROM contacts WHERE instance = ?').run(instance).changes);
  }
}

export class EmbeddedBlocklistRepository extends BlocklistRepository {
  constructor(private readonly d: EmbeddedChatDatabase) {
    super();
  }

  async replace(instance: string, jids: string[]): Promise<void> {
    this.d.transaction(() => {
      this.d.statement('DELETE FROM blocklist WHERE instance = ?').run(instance);
      this.insert(instance, jids);
    });
  }

  async add(instance: string, jids: string[]): Promise<void> {
    this.d.transaction(() => this.insert(instance, jids));
  }

  private insert(instance: string, jids: string[]): void {
    const stmt = this.d.statement('INSERT OR IGNORE INTO blocklist (instance, jid) VALUES (?, ?)');
    for (const jid of jids) stmt.run(instance, jid);
  }

  async remove(instance: string, jids: string[]): Promise<void> {
    this.d.transaction(() => {
      const stmt = this.d.statement('DELETE FROM blocklist WHERE instance = ? AND jid = ?');
      for (const jid of jids) stmt.run(instance, jid);
    });
  }

  async list(instance: string): Promise<string[]> {
    const rows = this.d
      .statement('SELECT jid FROM blocklist WHERE instance = ? ORDER BY jid')
      .all(instance) as {
      jid: string;
    }[];
    return rows.map((r) => r.jid);
  }

  async clear(instance: string): Promise<number> {
    return Number(this.d.statement('DELETE FROM blocklist WHERE instance = ?').run(instance).changes);
  }
}

function migrate(db: DatabaseSync): void {
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION)
    throw new Error(
      `chats.sqlite has schema version ${version}; this zapgate knows up to ${SCHEMA_VERSION} (a newer version made it)`,
    );
  db.exec('BEGIN IMMEDIATE');
  try {
    const again = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    if (again === 0) db.exec(`${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION};`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
