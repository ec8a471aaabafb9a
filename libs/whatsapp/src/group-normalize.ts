import type { GroupMetadata, GroupParticipant as BaileysParticipant } from '@whiskeysockets/baileys';
import type {
  GroupInfo,
  GroupJoinRequest,
  GroupParticipant,
  GroupParticipantAction,
  GroupParticipantsChange,
  GroupUpdate,
} from '@zapgate/contracts';

/** A user jid without its device part (`5511...:3@s.whatsapp.net` → `5511...@s.whatsapp.net`). */
function user(jid: string | undefined | null): string | undefined {
  if (!jid) return undefined;
  const at = jid.indexOf('@');
  if (at < 0) return undefined;
  const server = jid.slice(at + 1);
  if (server !== 's.whatsapp.net' && server !== 'lid') return undefined;
  const digits = jid.slice(0, at).split(':')[0]!;
  return /^[0-9]+$/.test(digits) ? `${digits}@${server}` : undefined;
}

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** A member's two forms: the id the group uses, and the other (PN or LID) when Baileys knows it. */
function member(p: Pick<BaileysParticipant, 'id' | 'lid' | 'phoneNumber'>): { id: string; alt?: string } {
  const id = user(p.id) ?? p.id;
  const alt = id.endsWith('@lid') ? user(p.phoneNumber) : user(p.lid);
  return { id, ...opt('alt', alt && alt !== id ? alt : undefined) };
}

function role(p: BaileysParticipant): GroupParticipant['role'] {
  if (p.admin === 'superadmin' || p.isSuperAdmin) return 'superadmin';
  if (p.admin === 'admin' || p.isAdmin) return 'admin';
  return 'member';
}

const seconds = (n: number | undefined): number | undefined =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;

/** Baileys' GroupMetadata as the canonical GroupInfo. */
export function normalizeGroup(g: GroupMetadata): GroupInfo {
  const owner = user(g.owner);
  const ownerAlt = user(g.ownerPn);
  const participants = (g.participants ?? []).map((p) => ({ ...member(p), role: role(p) }));
  return {
    id: g.id,
    subject: g.subject ?? '',
    ...opt('owner', owner),
    ...opt('ownerAlt', ownerAlt && ownerAlt !== owner ? ownerAlt : undefined),
    ...opt('subjectOwner', user(g.subjectOwner)),
    ...opt('subjectTime', seconds(g.subjectTime)),
    ...opt('creation', seconds(g.creation)),
    ...opt('description', g.desc),
    ...opt('descriptionOwner', user(g.descOwner)),
    ...opt('descriptionTime', seconds(g.descTime)),
    announce: !!g.announce,
    restrict: !!g.restrict,
    ...opt('memberAddMode', g.memberAddMode),
    ...opt('joinApprovalMode', g.joinApprovalMode),
    ...opt('ephemeralDuration', seconds(g.ephemeralDuration) || undefined),
    ...opt('isCommunity', g.isCommunity || undefined),
    ...opt('linkedParent', g.linkedParent),
    ...opt(
      'addressingMode',
      g.addressingMode === 'lid' || g.addressingMode === 'pn' ? g.addressingMode : undefined,
    ),
    size: typeof g.size === 'number' ? g.size : participants.length,
    participants,
    ...opt('inviteCode', g.inviteCode),
  };
}

function authorOf(author?: string, authorPn?: string): { author?: string; authorAlt?: string } {
  const a = user(author);
  const alt = user(authorPn);
  return { ...opt('author', a), ...opt('authorAlt', alt && alt !== a ? alt : undefined) };
}

/** Baileys' `groups.upsert`: groups this account created, joined or was added to (whole metadata). */
export function normalizeGroupUpsert(groups: GroupMetadata[]): GroupUpdate[] {
  return groups
    .filter((g) => g.id?.endsWith('@g.us'))
    .map((g) => ({ group: g.id, ...authorOf(g.author, g.authorPn), metadata: normalizeGroup(g) }));
}

/** Baileys' `groups.update`: what changed in a group (subject, description, settings, invite code). */
export function normalizeGroupUpdate(update: Partial<GroupMetadata>): GroupUpdate | undefined {
  if (!update.id?.endsWith('@g.us')) return undefined;
  const changes: GroupUpdate = {
    group: update.id,
    ...authorOf(update.author, update.authorPn),
    ...opt('subject', update.subject),
    ...opt('description', 'desc' in update ? (update.desc ?? '') : undefined),
    ...opt('announce', update.announce),
    ...opt('restrict', update.restrict),
    ...opt('memberAddMode', update.memberAddMode),
    ...opt('joinApprovalMode', update.joinApprovalMode),
    ...opt(
      'ephemeralDuration',
      'ephemeralDuration' in update ? (seconds(update.ephemeralDuration) ?? 0) : undefined,
    ),
    ...opt('inviteCode', update.inviteCode),
  };
  const { group, author, authorAlt, ...rest } = changes;
  void group;
  void author;
  void authorAlt;
  // an update that says nothing the contract carries (a `modify`, a picture) is not published
  return Object.keys(rest).length ? changes : undefined;
}

/** Baileys' `group-participants.update`; `modify` (a member's number changed) is not published. */
export function normalizeParticipantsUpdate(u: {
  id: string;
  author?: string;
  authorPn?: string;
  participants: (Pick<BaileysParticipant, 'id' | 'lid' | 'phoneNumber'> | string)[];
  action: string;
}): GroupParticipantsChange | undefined {
  const actions: readonly string[] = ['add', 'remove', 'promote', 'demote'];
  if (!u.id?.endsWith('@g.us') || !actions.includes(u.action)) return undefined;
  const participants = u.participants
    .map((p) => (typeof p === 'string' ? { id: p } : p))
    .filter((p) => user(p.id))
    .map(member);
  if (!participants.length) return undefined;
  return {
    group: u.id,
    action: u.action as GroupParticipantAction,
    participants,
    ...authorOf(u.author, u.authorPn),
  };
}

/** Baileys' `group.join-request`. */
export function normalizeJoinRequest(r: {
  id: string;
  author?: string;
  authorPn?: string;
  participant: string;
  participantPn?: string;
  action: string;
  method?: string;
}): GroupJoinRequest | undefined {
  const participant = user(r.participant);
  if (!r.id?.endsWith('@g.us') || !participant) return undefined;
  if (!['created', 'revoked', 'rejected'].includes(r.action)) return undefined;
  const alt = user(r.participantPn);
  const methods = ['invite_link', 'linked_group_join', 'non_admin_add'];
  return {
    group: r.id,
    participant,
    ...opt('participantAlt', alt && alt !== participant ? alt : undefined),
    action: r.action as GroupJoinRequest['action'],
    ...opt(
      'method',
      r.method && methods.includes(r.method) ? (r.method as GroupJoinRequest['method']) : undefined,
    ),
    ...authorOf(r.author, r.authorPn),
  };
}
