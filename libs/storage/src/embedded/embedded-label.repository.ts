import {
  LabelRepository,
  labelOrder,
  mergeLabel,
  type LabelListQuery,
  type LabelPatch,
  type StoredLabel,
} from '../labels.ports.js';
import type { EmbeddedChatDatabase } from './embedded-chat-store.js';

/**
 * Its own table in `chats.sqlite`, created when missing (an older file simply gains it); the
 * record as JSON (`doc`) plus the columns its queries use.
 */
const LABELS_TABLE = `
  CREATE TABLE IF NOT EXISTS labels (
    instance TEXT    NOT NULL,
    id       TEXT    NOT NULL,
    deleted  INTEGER NOT NULL,
    doc      TEXT    NOT NULL,
    PRIMARY KEY (instance, id)
  );
  -- the primary key serves get, apply (read then write one label), list(instance) and, by its
  -- (instance) prefix, clear(instance); an account has a few dozen labels, sorted in memory
`;

/** The labels of the standalone process, beside its chats (`chats.sqlite`). */
export class EmbeddedLabelRepository extends LabelRepository {
  constructor(private readonly d: EmbeddedChatDatabase) {
    super();
    d.db.exec(LABELS_TABLE);
  }

  async apply(instance: string, patches: LabelPatch[]): Promise<void> {
    if (!patches.length) return;
    const now = new Date().toISOString();
    this.d.transaction(() => {
      for (const patch of patches) {
        const label = mergeLabel(instance, this.read(instance, patch.id), patch, now);
        this.d
          .statement(
            `INSERT INTO labels (instance, id, deleted, doc) VALUES (?, ?, ?, ?)
             ON CONFLICT (instance, id) DO UPDATE SET deleted = excluded.deleted, doc = excluded.doc`,
          )
          .run(instance, label.id, label.deleted ? 1 : 0, JSON.stringify(label));
      }
    });
  }

  async get(instance: string, id: string): Promise<StoredLabel | undefined> {
    return this.read(instance, id);
  }

  private read(instance: string, id: string): StoredLabel | undefined {
    const row = this.d.statement('SELECT doc FROM labels WHERE instance = ? AND id = ?').get(instance, id) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as StoredLabel) : undefined;
  }

  async list(instance: string, query: LabelListQuery = {}): Promise<StoredLabel[]> {
    const rows = (
      query.includeDeleted
        ? this.d.statement('SELECT doc FROM labels WHERE instance = ?').all(instance)
        : this.d.statement('SELECT doc FROM labels WHERE instance = ? AND deleted = 0').all(instance)
    ) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as StoredLabel).sort((a, b) => labelOrder(a.id, b.id));
  }

  async clear(instance: string): Promise<number> {
    return Number(this.d.statement('DELETE FROM labels WHERE instance = ?').run(instance).changes);
  }
}
