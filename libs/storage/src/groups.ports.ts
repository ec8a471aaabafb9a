import type { GroupInfo, GroupParticipantAction, GroupUpdate } from '@zapgate/contracts';

/** A group of the read model: the group as last known, and when WhatsApp last described it whole. */
export interface StoredGroup extends GroupInfo {
  instance: string;
  /** ms since epoch: the last time the whole metadata came from WhatsApp (a fetch, or an upsert event). */
  fetchedAt: number;
  /** ISO time of the last write (an event applied counts). */
  updatedAt: string;
}

/** What a `group-updated` event changes (everything but the group and its author). */
export type GroupPatch = Omit<GroupUpdate, 'group' | 'author' | 'authorAlt' | 'metadata'>;

/**
 * The groups service's read model: one record per instance and group, always scoped to an
 * instance. Adapters store and find whole records; patches and participant changes are applied
 * here (read, change, write), which is safe because one groups-service consumer applies an
 * instance's events in order.
 */
export abstract class GroupRepository {
  abstract get(instance: string, group: string): Promise<StoredGroup | undefined>;
  /** The instance's groups, by id. */
  abstract list(instance: string): Promise<StoredGroup[]>;
  /** The instance's groups that have this member (either of its forms). */
  abstract withParticipant(instance: string, participant: string): Promise<StoredGroup[]>;
  /** Writes the record (insert or replace). */
  protected abstract write(record: StoredGroup): Promise<void>;
  abstract delete(instance: string, group: string): Promise<boolean>;
  /** Removes the instance's groups whose ids are not in `keep`. */
  protected abstract deleteOthers(instance: string, keep: string[]): Promise<void>;
  /** When the whole list of the instance's groups was last fetched (ms), if ever. */
  abstract listedAt(instance: string): Promise<number | undefined>;
  protected abstract setListedAt(instance: string, at: number): Promise<void>;
  /** Forgets every group of the instance (a logout, a deleted instance). */
  abstract clear(instance: string): Promise<void>;

  /** Stores a group WhatsApp described whole, at `fetchedAt` (ms). */
  async put(instance: string, group: GroupInfo, fetchedAt: number): Promise<StoredGroup> {
    const previous = await this.get(instance, group.id);
    const record: StoredGroup = {
      ...group,
      // WhatsApp sends the invite code only to who asks for it: keep the one we had
      ...(group.inviteCode === undefined && previous?.inviteCode ? { inviteCode: previous.inviteCode } : {}),
      instance,
      fetchedAt,
      updatedAt: new Date().toISOString(),
    };
    await this.write(record);
    return record;
  }

  /** Replaces the instance's groups with the whole list WhatsApp gave (others are gone). */
  async putAll(instance: string, groups: GroupInfo[], fetchedAt: number): Promise<StoredGroup[]> {
    const stored = [];
    for (const g of groups) stored.push(await this.put(instance, g, fetchedAt));
    await this.deleteOthers(
      instance,
      groups.map((g) => g.id),
    );
    await this.setListedAt(instance, fetchedAt);
    return stored;
  }

  /** Applies a `group-updated` change to a stored group; undefined when the group is not stored. */
  async patch(instance: string, group: string, patch: GroupPatch): Promise<StoredGroup | undefined> {
    const current = await this.get(instance, group);
    if (!current) return undefined;
    const next: StoredGroup = { ...current, updatedAt: new Date().toISOString() };
    for (const [k, v] of Object.entries(patch))
      if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    if (patch.description === '') delete next.description;
    if (patch.ephemeralDuration === 0) delete next.ephemeralDuration;
    await this.write(next);
    return next;
  }

  /** Applies a participants change to a stored group; undefined when the group is not stored. */
  async applyParticipants(
    instance: string,
    group: string,
    action: GroupParticipantAction,
    participants: { id: string; alt?: string }[],
  ): Promise<StoredGroup | undefined> {
    const current = await this.get(instance, group);
    if (!current) return undefined;
    const next: StoredGroup = {
      ...current,
      participants: applyParticipantChange(current.participants, action, participants),
      updatedAt: new Date().toISOString(),
    };
    next.size = next.participants.length;
    await this.write(next);
    return next;
  }
}

/** A member list after an add, remove, promote or demote (members matched by either form). */
export function applyParticipantChange(
  members: GroupInfo['participants'],
  action: GroupParticipantAction,
  changed: { id: string; alt?: string }[],
): GroupInfo['participants'] {
  const forms = (p: { id: string; alt?: string }) => [p.id, ...(p.alt ? [p.alt] : [])];
  const isChanged = (m: { id: string; alt?: string }) =>
    changed.some((c) => forms(c).some((f) => forms(m).includes(f)));
  switch (action) {
    case 'add': {
      const added = changed
        .filter((c) => !members.some((m) => forms(c).some((f) => forms(m).includes(f))))
        .map((c) => ({ id: c.id, ...(c.alt ? { alt: c.alt } : {}), role: 'member' as const }));
      return [...members, ...added];
    }
    case 'remove':
      return members.filter((m) => !isChanged(m));
    case 'promote':
      return members.map((m) => (isChanged(m) && m.role === 'member' ? { ...m, role: 'admin' as const } : m));
    case 'demote':
      return members.map((m) => (isChanged(m) ? { ...m, role: 'member' as const } : m));
  }
}
