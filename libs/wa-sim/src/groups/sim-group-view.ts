import type { AccountRegistry } from '../accounts/account-registry.js';
import type { Group, GroupRole, MemberAddMode } from './group.js';

/** A group as the simulated server holds it (the control API's network-wide view). */
export interface SimGroupView {
  jid: string;
  subject: string;
  description?: string;
  /** Phone-number jid of its creator. */
  creator: string;
  /** Seconds since epoch. */
  creation: number;
  announce: boolean;
  locked: boolean;
  ephemeral: number;
  memberAddMode: MemberAddMode;
  joinApproval: boolean;
  community: boolean;
  linkedParent?: string;
  inviteCode: string;
  participants: { jid: string; lid: string; role: GroupRole }[];
  /** Phone-number jids waiting for an admin's approval. */
  joinRequests: string[];
}

export function simGroupView(group: Group, accounts: AccountRegistry): SimGroupView {
  const g = group.info;
  const pn = (n: string) => accounts.get(n)?.pnJid ?? `${n}@s.whatsapp.net`;
  return {
    jid: group.jid,
    subject: g.subject,
    ...(g.description ? { description: g.description.text } : {}),
    creator: pn(g.creator),
    creation: g.creation,
    announce: g.announce,
    locked: g.locked,
    ephemeral: g.ephemeral,
    memberAddMode: g.memberAddMode,
    joinApproval: g.joinApproval,
    community: g.community,
    ...(g.linkedParent ? { linkedParent: g.linkedParent } : {}),
    inviteCode: g.inviteCode,
    participants: [...group.participants].map(([n, role]) => ({
      jid: pn(n),
      lid: accounts.get(n)?.lidJid ?? '',
      role,
    })),
    joinRequests: g.joinRequests.map((r) => pn(r.number)),
  };
}
