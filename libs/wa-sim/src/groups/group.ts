import { randomBytes } from 'node:crypto';

export const GROUP_SERVER = 'g.us';

export type GroupRole = 'member' | 'admin' | 'superadmin';
export type MemberAddMode = 'admin_add' | 'all_member_add';

export interface GroupDescription {
  id: string;
  text: string;
  /** Number of the account that set it. */
  by: string;
  t: number;
}

/** A pending request to join (a group with join approval on). */
export interface JoinRequest {
  number: string;
  t: number;
  method: 'invite_link' | 'linked_group_join' | 'non_admin_add';
}

/** What the simulator keeps of a group across restarts. */
export interface GroupState {
  /** Bare id (`120363…`); the jid is `<id>@g.us`. */
  id: string;
  subject: string;
  subjectBy: string;
  subjectT: number;
  creation: number;
  /** Number of the account that created it. */
  creator: string;
  /** `[number, role]` in the order members joined. */
  participants: [string, GroupRole][];
  description?: GroupDescription;
  announce: boolean;
  locked: boolean;
  /** Disappearing messages, seconds (0 off). */
  ephemeral: number;
  memberAddMode: MemberAddMode;
  joinApproval: boolean;
  joinRequests: JoinRequest[];
  inviteCode: string;
  /** Codes revoked earlier (joining with one answers 410). */
  revokedCodes: string[];
  /** A community (parent group). */
  community: boolean;
  /** Jid of the community this group is linked to. */
  linkedParent?: string;
}

export const newInviteCode = (): string => randomBytes(16).toString('base64url').slice(0, 22);

/** A WhatsApp group: members by account number with their roles, and its settings. */
export class Group {
  readonly participants = new Map<string, GroupRole>();

  constructor(private readonly s: Omit<GroupState, 'participants'>) {}

  static fromState(state: GroupState): Group {
    const { participants, ...rest } = state;
    const group = new Group({
      ...rest,
      joinRequests: rest.joinRequests ?? [],
      revokedCodes: rest.revokedCodes ?? [],
    });
    for (const [number, role] of participants) group.participants.set(number, role);
    return group;
  }

  get id(): string {
    return this.s.id;
  }

  get jid(): string {
    return `${this.s.id}@${GROUP_SERVER}`;
  }

  get info(): Readonly<Omit<GroupState, 'participants'>> {
    return this.s;
  }

  /** Changes settings (the caller checked the actor may). */
  update(change: Partial<Omit<GroupState, 'id' | 'participants' | 'creation' | 'creator'>>): void {
    Object.assign(this.s, change);
  }

  isMember(number: string): boolean {
    return this.participants.has(number);
  }

  isAdmin(number: string): boolean {
    const role = this.participants.get(number);
    return role === 'admin' || role === 'superadmin';
  }

  members(): string[] {
    return [...this.participants.keys()];
  }

  /** A new invite code; the old one answers 410 from now on. */
  revokeInvite(): string {
    this.s.revokedCodes = [...this.s.revokedCodes, this.s.inviteCode].slice(-20);
    this.s.inviteCode = newInviteCode();
    return this.s.inviteCode;
  }

  toState(): GroupState {
    return {
      ...this.s,
      joinRequests: [...this.s.joinRequests],
      revokedCodes: [...this.s.revokedCodes],
      participants: [...this.participants.entries()],
    };
  }
}
