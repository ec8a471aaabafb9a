import type { GroupMetadata } from '@whiskeysockets/baileys';

/** How long a group's metadata is trusted without a change reported for it. */
const DEFAULT_TTL_MS = 5 * 60_000;
/** Groups kept per session (the least recently fetched go first). */
const DEFAULT_MAX_GROUPS = 1_000;

/**
 * The metadata of the groups a session sends to, so a group send does not ask WhatsApp for the
 * whole participant list every time (Baileys' `cachedGroupMetadata`, which its docs advise for
 * groups). The session forgets a group when WhatsApp reports a change to it (participants,
 * settings, subject, a new group) and on every new connection; an entry also expires after a
 * while, so a change the session missed is picked up. Concurrent misses for one group share one
 * query, and a query that was under way when the group changed is not kept.
 */
export class GroupMetadataCache {
  private readonly entries = new Map<string, { metadata: GroupMetadata; until: number }>();
  private readonly loading = new Map<string, Promise<GroupMetadata>>();
  /** Bumped by `forget`: a load started before it is answered but not kept. */
  private readonly generations = new Map<string, number>();

  constructor(private readonly options: { ttlMs?: number; maxGroups?: number; now?: () => number } = {}) {}

  /** The cached metadata, if fresh (what Baileys' `cachedGroupMetadata` is given). */
  peek(jid: string): GroupMetadata | undefined {
    const entry = this.entries.get(jid);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.metadata;
    this.entries.delete(jid);
    return undefined;
  }

  /** The cached metadata, or what `load` answers (kept unless the group changed meanwhile). */
  get(jid: string, load: () => Promise<GroupMetadata>): Promise<GroupMetadata> {
    const cached = this.peek(jid);
    if (cached) return Promise.resolve(cached);
    const pending = this.loading.get(jid);
    if (pending) return pending;
    const generation = this.generations.get(jid) ?? 0;
    const loaded = load()
      .then((metadata) => {
        if ((this.generations.get(jid) ?? 0) === generation) this.keep(jid, metadata);
        return metadata;
      })
      .finally(() => {
        if (this.loading.get(jid) === loaded) this.loading.delete(jid);
      });
    this.loading.set(jid, loaded);
    return loaded;
  }

  /** WhatsApp reported a change to the group: the next send asks again. */
  forget(jid: string): void {
    this.entries.delete(jid);
    this.loading.delete(jid);
    this.generations.set(jid, (this.generations.get(jid) ?? 0) + 1);
  }

  /** A new connection: changes made while disconnected were not seen. */
  clear(): void {
    for (const jid of new Set([...this.entries.keys(), ...this.loading.keys()])) this.forget(jid);
  }

  private keep(jid: string, metadata: GroupMetadata): void {
    this.entries.delete(jid);
    this.entries.set(jid, { metadata, until: this.now() + (this.options.ttlMs ?? DEFAULT_TTL_MS) });
    const max = this.options.maxGroups ?? DEFAULT_MAX_GROUPS;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(oldest);
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
