import type { GroupMetadata, GroupParticipant, ParticipantAction, WASocket } from '@whiskeysockets/baileys';
import { SimError } from '../sim-error.js';

/** How many group events a phone keeps (the latest). */
const EVENTS_KEPT = 500;

/** A group as a phone's Baileys client parsed it from WhatsApp's answer. */
export interface GroupView {
  /** `…@g.us` */
  jid: string;
  subject: string;
  description?: string;
  /** Creator, as a phone-number jid when WhatsApp named it, else its LID. */
  owner?: string;
  /** Seconds since epoch. */
  creation: number;
  /** Only admins send messages. */
  announce: boolean;
  /** Only admins edit the group's info. */
  locked: boolean;
  /** Disappearing messages, seconds (0: off). */
  ephemeral: number;
  /** Every member may add members (`all_member_add`). */
  memberAddAll: boolean;
  /** Joining by link needs an admin's approval. */
  joinApproval: boolean;
  /** A community (parent group). */
  community: boolean;
  /** The community it is linked to. */
  linkedParent?: string;
  addressingMode: 'lid' | 'pn';
  size: number;
  participants: GroupMemberView[];
}

export interface GroupMemberView {
  /** Phone-number jid. */
  jid: string;
  lid?: string;
  admin: 'admin' | 'superadmin' | null;
}

/** A group change a phone saw (what its Baileys client emitted for a `w:gp2` notification). */
export interface PhoneGroupEvent {
  /** ms since epoch, when the phone saw it. */
  at: number;
  group: string;
  /** created: groups.upsert; updated: groups.update; participants: group-participants.update; join-request: group.join-request */
  type: 'created' | 'updated' | 'participants' | 'join-request';
  /** participants: add, remove, promote, demote, modify; join-request: created, revoked, rejected */
  action?: string;
  /** Who did it (phone-number jid when known, else LID). */
  author?: string;
  /** participants / join-request: the members concerned (phone-number jids when known). */
  participants?: string[];
  /** updated: what changed (subject, desc, announce, restrict, inviteCode, memberAddMode, joinApprovalMode). */
  changes?: Record<string, string | boolean | number | null>;
}

export type GroupSetting = 'announcement' | 'not_announcement' | 'locked' | 'unlocked';

const memberJid = (p: { id: string; phoneNumber?: string }): string => p.phoneNumber ?? p.id;

export function groupViewOf(m: GroupMetadata): GroupView {
  return {
    jid: m.id,
    subject: m.subject,
    ...(m.desc ? { description: m.desc } : {}),
    ...(m.owner || m.ownerPn ? { owner: m.ownerPn ?? m.owner } : {}),
    creation: m.creation ?? 0,
    announce: !!m.announce,
    locked: !!m.restrict,
    ephemeral: m.ephemeralDuration ?? 0,
    memberAddAll: !!m.memberAddMode,
    joinApproval: !!m.joinApprovalMode,
    community: !!m.isCommunity,
    ...(m.linkedParent ? { linkedParent: m.linkedParent } : {}),
    addressingMode: m.addressingMode === 'pn' ? 'pn' : 'lid',
    size: m.size ?? m.participants.length,
    participants: m.participants.map((p: GroupParticipant) => ({
      jid: memberJid(p),
      ...(p.phoneNumber ? { lid: p.id } : p.lid ? { lid: p.lid } : {}),
      admin: p.admin ?? null,
    })),
  };
}

/** A Boom from a `w:g2` answer as the control API's error. */
function refused(err: unknown): never {
  if (err instanceof SimError) throw err;
  // Baileys puts the <error code> of an iq answer in the Boom's data (its statusCode stays 500)
  const boom = err as { output?: { statusCode?: number }; data?: unknown; message?: string };
  const code = typeof boom.data === 'number' ? boom.data : boom.output?.statusCode;
  const text = boom.message ?? String(err);
  if (code === 404) throw new SimError('unknown_group', `WhatsApp answered 404 ${text}`);
  throw new SimError('group_refused', `WhatsApp refused: ${code ?? ''} ${text}`.replace(/\s+/g, ' '));
}

/**
 * What a phone does with groups: everything through its own Baileys client (the same `w:g2` iqs
 * any WhatsApp client sends), and the group notifications it received, as events.
 */
export class PhoneGroups {
  private readonly log: PhoneGroupEvent[] = [];

  constructor(
    private readonly socket: () => WASocket,
    private readonly onChange: () => void,
    saved?: PhoneGroupEvent[],
    /** The phone-number jid behind a LID, when the phone knows it. */
    private readonly pnOfLid: (lid: string) => string | undefined = () => undefined,
  ) {
    if (saved) this.log.push(...saved);
  }

  /** Records the group events a (new) socket of the phone emits. */
  attach(socket: WASocket, isCurrent: () => boolean): void {
    socket.ev.on('groups.upsert', (groups) => {
      if (!isCurrent()) return;
      for (const g of groups)
        this.push({
          group: g.id,
          type: 'created',
          author: this.who(g.authorPn ?? g.author),
          changes: { subject: g.subject },
        });
    });
    socket.ev.on('groups.update', (updates) => {
      if (!isCurrent()) return;
      for (const u of updates) {
        // groupFetchAllParticipating emits whole groups here: those are not changes
        if (!u.id || u.participants) continue;
        const changes: Record<string, string | boolean | number | null> = {};
        for (const key of [
          'subject',
          'desc',
          'announce',
          'restrict',
          'inviteCode',
          'memberAddMode',
          'joinApprovalMode',
        ] as const) {
          if (key in u) changes[key] = (u[key] as string | boolean | undefined) ?? null;
        }
        this.push({ group: u.id, type: 'updated', author: this.who(u.authorPn ?? u.author), changes });
      }
    });
    socket.ev.on('group-participants.update', (u) => {
      if (!isCurrent()) return;
      this.push({
        group: u.id,
        type: 'participants',
        action: u.action,
        author: this.who(u.authorPn ?? u.author),
        participants: u.participants.map((p) => this.who(memberJid(p))!),
      });
    });
    socket.ev.on('group.join-request', (u) => {
      if (!isCurrent()) return;
      this.push({
        group: u.id,
        type: 'join-request',
        action: u.action,
        author: this.who(u.authorPn ?? u.author),
        participants: [this.who(u.participantPn ?? u.participant)!],
      });
    });
  }

  events(): PhoneGroupEvent[] {
    return this.log.map((e) => ({ ...e }));
  }

  toState(): PhoneGroupEvent[] {
    return this.events();
  }

  async create(subject: string, participants: string[]): Promise<GroupView> {
    try {
      return groupViewOf(await this.socket().groupCreate(subject, participants));
    } catch (err) {
      refused(err);
    }
  }

  async list(): Promise<GroupView[]> {
    try {
      return Object.values(await this.socket().groupFetchAllParticipating()).map(groupViewOf);
    } catch (err) {
      refused(err);
    }
  }

  async metadata(jid: string): Promise<GroupView> {
    try {
      return groupViewOf(await this.socket().groupMetadata(jid));
    } catch (err) {
      refused(err);
    }
  }

  async participants(
    jid: string,
    jids: string[],
    action: Extract<ParticipantAction, 'add' | 'remove' | 'promote' | 'demote'>,
  ): Promise<{ jid: string; status: string }[]> {
    try {
      const results = await this.socket().groupParticipantsUpdate(jid, jids, action);
      return results.map((r) => ({ jid: r.jid ?? '', status: r.status }));
    } catch (err) {
      refused(err);
    }
  }

  async update(
    jid: string,
    change: { subject?: string; description?: string; announce?: boolean; locked?: boolean },
  ): Promise<GroupView> {
    const socket = this.socket();
    try {
      if (change.subject !== undefined) await socket.groupUpdateSubject(jid, change.subject);
      if (change.description !== undefined)
        await socket.groupUpdateDescription(jid, change.description || undefined);
      if (change.announce !== undefined)
        await socket.groupSettingUpdate(jid, change.announce ? 'announcement' : 'not_announcement');
      if (change.locked !== undefined)
        await socket.groupSettingUpdate(jid, change.locked ? 'locked' : 'unlocked');
      return groupViewOf(await socket.groupMetadata(jid));
    } catch (err) {
      refused(err);
    }
  }

  async inviteCode(jid: string, revoke = false): Promise<string> {
    try {
      const socket = this.socket();
      const code = revoke ? await socket.groupRevokeInvite(jid) : await socket.groupInviteCode(jid);
      if (!code) throw new SimError('group_refused', 'WhatsApp answered without an invite code');
      return code;
    } catch (err) {
      refused(err);
    }
  }

  /** Joins by invite code; answers the group (or, with join approval on, `pending`). */
  async join(code: string): Promise<{ jid?: string; pending: boolean }> {
    try {
      const jid = await this.socket().groupAcceptInvite(code);
      return jid ? { jid, pending: false } : { pending: true };
    } catch (err) {
      refused(err);
    }
  }

  async inviteInfo(code: string): Promise<GroupView> {
    try {
      return groupViewOf(await this.socket().groupGetInviteInfo(code));
    } catch (err) {
      refused(err);
    }
  }

  async leave(jid: string): Promise<void> {
    try {
      await this.socket().groupLeave(jid);
    } catch (err) {
      refused(err);
    }
  }

  /** A LID as the phone-number jid the phone knows for it; anything else as it is. */
  private who(jid: string | undefined): string | undefined {
    return jid?.endsWith('@lid') ? (this.pnOfLid(jid) ?? jid) : jid;
  }

  private push(event: Omit<PhoneGroupEvent, 'at'>): void {
    const clean = Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as Omit<
      PhoneGroupEvent,
      'at'
    >;
    this.log.push({ at: Date.now(), ...clean });
    if (this.log.length > EVENTS_KEPT) this.log.splice(0, this.log.length - EVENTS_KEPT);
    this.onChange();
  }
}
