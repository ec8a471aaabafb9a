import { randomInt } from 'node:crypto';
import { Group, GROUP_SERVER, newInviteCode, type GroupState } from './group.js';

/** Every group of the simulated network, by id and by invite code. */
export class GroupRegistry {
  private readonly byId = new Map<string, Group>();

  create(input: { subject: string; creator: string; community?: boolean; linkedParent?: string }): Group {
    let id: string;
    do {
      id = `120363${randomInt(100_000_000, 999_999_999)}${randomInt(100, 999)}`;
    } while (this.byId.has(id));
    const t = Math.floor(Date.now() / 1000);
    const group = new Group({
      id,
      subject: input.subject,
      subjectBy: input.creator,
      subjectT: t,
      creation: t,
      creator: input.creator,
      announce: false,
      locked: false,
      ephemeral: 0,
      memberAddMode: 'admin_add',
      joinApproval: false,
      joinRequests: [],
      inviteCode: newInviteCode(),
      revokedCodes: [],
      community: !!input.community,
      ...(input.linkedParent ? { linkedParent: input.linkedParent } : {}),
    });
    group.participants.set(input.creator, 'superadmin');
    this.byId.set(id, group);
    return group;
  }

  /** By bare id or `…@g.us` jid. */
  get(idOrJid: string | undefined): Group | undefined {
    if (!idOrJid) return undefined;
    const [id, server] = idOrJid.split('@');
    if (server !== undefined && server !== GROUP_SERVER) return undefined;
    return this.byId.get(id!);
  }

  delete(group: Group): void {
    this.byId.delete(group.id);
  }

  list(): Group[] {
    return [...this.byId.values()];
  }

  ofMember(number: string): Group[] {
    return this.list().filter((g) => g.isMember(number));
  }

  /** The group whose current invite code this is, or (`revoked`) the one that had it before. */
  byInviteCode(code: string): { group: Group; revoked: boolean } | undefined {
    for (const group of this.byId.values()) {
      if (group.info.inviteCode === code) return { group, revoked: false };
    }
    for (const group of this.byId.values()) {
      if (group.info.revokedCodes.includes(code)) return { group, revoked: true };
    }
    return undefined;
  }

  toState(): GroupState[] {
    return this.list().map((g) => g.toState());
  }

  restore(states: GroupState[] | undefined): void {
    for (const state of states ?? []) this.byId.set(state.id, Group.fromState(state));
  }
}
