import { randomBytes } from 'node:crypto';
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import type { Mailboxes } from '../messaging/mailbox.js';
import type { SimLogger } from '../sim-logger.js';
import { bytes, child, children, firstChild, iqResult, node, unixNow } from '../stanza/nodes.js';
import type { Group, GroupRole, MemberAddMode } from './group.js';
import {
  badRequest,
  forbidden,
  GroupIqError,
  GroupNodes,
  iqError,
  notAuthorized,
  notFound,
  notificationId,
} from './group-nodes.js';
import type { GroupRegistry } from './group-registry.js';

/** The device that sent an iq. */
export interface GroupActor {
  account: Account;
  device: number;
}

type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';

/** Results of a participants change: per requested jid, `error` when it failed. */
interface ParticipantResult {
  jid: string;
  number?: string;
  error?: string;
}

/**
 * `iq xmlns="w:g2"`: groups and communities as WhatsApp runs them (`Socket/groups.js`,
 * `Socket/communities.js`), LID-addressed, with a `w:gp2` notification to every device of every
 * member (the acting device too) for each change.
 *
 * Rules: only members query a group or change it (403 otherwise); settings, invites, removals and
 * roles need an admin (401); subject, description and disappearing messages need one only when
 * the group is locked; adding needs one unless member add mode is `all_member_add`. Per
 * participant, adding a member answers 409, adding an unknown number 404, and removing,
 * promoting or demoting a non-member 404. An unknown invite code answers 406, a revoked one 410.
 */
export class GroupService {
  readonly nodes: GroupNodes;

  constructor(
    private readonly accounts: AccountRegistry,
    readonly groups: GroupRegistry,
    private readonly mailboxes: Mailboxes,
    private readonly logger: SimLogger,
  ) {
    this.nodes = new GroupNodes(accounts);
  }

  /** Answers one `w:g2` iq (never leaves it unanswered). */
  async onIq(actor: GroupActor, iq: BinaryNode): Promise<BinaryNode> {
    try {
      const content = await this.handle(actor, iq);
      return iqResult(iq, content);
    } catch (err) {
      if (err instanceof GroupIqError) return iqError(iq, err.code, err.text);
      this.logger.error({ err, iq: iq.attrs }, 'group iq failed');
      return iqError(iq, 500, 'internal-server-error');
    }
  }

  private async handle(actor: GroupActor, iq: BinaryNode): Promise<BinaryNode[] | undefined> {
    const op = firstChild(iq);
    if (!op) throw badRequest();
    const to = iq.attrs['to'] ?? '';
    const me = actor.account.number;
    if (to === '@g.us' || to === 'g.us') {
      switch (op.tag) {
        case 'create':
          return [await this.create(actor.account, op)];
        case 'participating':
          return [
            node(
              'groups',
              {},
              this.groups.ofMember(me).map((g) => this.nodes.group(g)),
            ),
          ];
        case 'invite':
          if (!op.attrs['code']) throw badRequest();
          return iq.attrs['type'] === 'get'
            ? [this.inviteInfo(op.attrs['code'])]
            : [await this.join(actor.account, op.attrs['code'])];
        case 'leave':
          for (const g of [...children(op, 'group'), ...children(op, 'community')]) {
            const group = this.groups.get(g.attrs['id']);
            if (group?.isMember(me)) await this.leave(group, me);
          }
          return undefined;
        default:
          throw new GroupIqError(501, 'feature-not-implemented');
      }
    }
    const group = this.groups.get(to);
    if (!group) throw notFound();
    if (!group.isMember(me)) throw forbidden();
    const admin = group.isAdmin(me);
    const requireAdmin = () => {
      if (!admin) throw notAuthorized();
    };
    const requireUnlockedOrAdmin = () => {
      if (group.info.locked && !admin) throw notAuthorized();
    };
    const isSet = iq.attrs['type'] === 'set';
    switch (op.tag) {
      case 'query':
        return [this.nodes.group(group)];
      case 'add':
      case 'remove':
      case 'promote':
      case 'demote': {
        if (op.tag !== 'add' || group.info.memberAddMode !== 'all_member_add') requireAdmin();
        const results = await this.changeParticipants(group, me, op.tag, children(op, 'participant'));
        if (op.tag === 'remove' && op.attrs['linked_groups'] === 'true' && group.info.community) {
          await this.removeFromLinkedGroups(group, me, results);
        }
        return [
          node(
            op.tag,
            {},
            results.map((r) => this.resultNode(r)),
          ),
        ];
      }
      case 'subject': {
        requireUnlockedOrAdmin();
        const subject = bytes(op)?.toString('utf8') ?? '';
        if (!subject.trim()) throw badRequest();
        const t = Number(unixNow());
        group.update({ subject, subjectBy: me, subjectT: t });
        await this.notify(group, me, [
          node('subject', { subject, s_t: String(t), ...this.nodes.actor(me, 's_o') }),
        ]);
        return undefined;
      }
      case 'description': {
        requireUnlockedOrAdmin();
        const text = bytes(child(op, 'body'))?.toString('utf8');
        const id = op.attrs['id'] ?? randomBytes(8).toString('hex').toUpperCase();
        if (op.attrs['delete'] === 'true' || !text) {
          group.update({ description: undefined });
          await this.notify(group, me, [node('description', { id, delete: 'true' })]);
        } else {
          group.update({ description: { id, text, by: me, t: Number(unixNow()) } });
          await this.notify(group, me, [
            node('description', { id }, [node('body', {}, Buffer.from(text, 'utf8'))]),
          ]);
        }
        return undefined;
      }
      case 'announcement':
      case 'not_announcement':
      case 'locked':
      case 'unlocked':
        requireAdmin();
        if (op.tag === 'announcement' || op.tag === 'not_announcement')
          group.update({ announce: op.tag === 'announcement' });
        else group.update({ locked: op.tag === 'locked' });
        await this.notify(group, me, [node(op.tag)]);
        return undefined;
      case 'ephemeral':
      case 'not_ephemeral': {
        requireUnlockedOrAdmin();
        const expiration = op.tag === 'ephemeral' ? Number(op.attrs['expiration'] ?? 0) : 0;
        group.update({ ephemeral: expiration });
        await this.notify(group, me, [
          expiration ? node('ephemeral', { expiration: String(expiration) }) : node('not_ephemeral'),
        ]);
        return undefined;
      }
      case 'invite':
        requireAdmin();
        if (!isSet) return [node('invite', { code: group.info.inviteCode })];
        {
          const code = group.revokeInvite();
          await this.notify(group, me, [node('invite', { code })], { adminsOnly: true });
          return [node('invite', { code })];
        }
      case 'member_add_mode': {
        requireAdmin();
        const mode = bytes(op)?.toString('utf8');
        if (mode !== 'admin_add' && mode !== 'all_member_add') throw badRequest();
        group.update({ memberAddMode: mode as MemberAddMode });
        await this.notify(group, me, [node('member_add_mode', {}, mode)]);
        return undefined;
      }
      case 'membership_approval_mode': {
        requireAdmin();
        const state = (child(op, 'group_join') ?? child(op, 'community_join'))?.attrs['state'];
        if (state !== 'on' && state !== 'off') throw badRequest();
        group.update({ joinApproval: state === 'on' });
        await this.notify(group, me, [node('membership_approval_mode', {}, [node('group_join', { state })])]);
        return undefined;
      }
      case 'membership_approval_requests':
        requireAdmin();
        return [
          node(
            'membership_approval_requests',
            {},
            group.info.joinRequests.map((r) => {
              const a = this.accounts.get(r.number);
              return node('membership_approval_request', {
                jid: a?.lidJid,
                phone_number: a?.pnJid,
                request_time: String(r.t),
                request_method: r.method,
              });
            }),
          ),
        ];
      case 'membership_requests_action':
        requireAdmin();
        return [await this.requestsAction(group, me, op)];
      case 'links':
        requireAdmin();
        return [this.link(group, me, op)];
      case 'unlink':
        requireAdmin();
        for (const g of children(op, 'group')) {
          const sub = this.groups.get(g.attrs['jid']);
          if (sub?.info.linkedParent === group.jid) sub.update({ linkedParent: undefined });
        }
        return undefined;
      case 'sub_groups':
        return [
          node(
            'sub_groups',
            {},
            this.groups
              .list()
              .filter((g) => g.info.linkedParent === group.jid)
              .map((g) =>
                node('group', {
                  id: g.id,
                  subject: g.info.subject,
                  creation: String(g.info.creation),
                  creator: this.accounts.get(g.info.creator)?.lidJid,
                  size: String(g.participants.size),
                }),
              ),
          ),
        ];
      default:
        throw new GroupIqError(501, 'feature-not-implemented');
    }
  }

  // ---- operations ---------------------------------------------------------------------------

  /** `<create subject key><participant jid/>…[<parent/>][<linked_parent jid/>][<description>]</create>` */
  private async create(creator: Account, op: BinaryNode): Promise<BinaryNode> {
    const subject = op.attrs['subject']?.trim();
    if (!subject) throw badRequest();
    const parentJid = child(op, 'linked_parent')?.attrs['jid'];
    if (parentJid) {
      const parent = this.groups.get(parentJid);
      if (!parent?.info.community) throw notFound();
      if (!parent.isAdmin(creator.number)) throw notAuthorized();
    }
    const group = this.groups.create({
      subject,
      creator: creator.number,
      community: !!child(op, 'parent'),
      ...(parentJid ? { linkedParent: this.groups.get(parentJid)!.jid } : {}),
    });
    const description = bytes(child(child(op, 'description'), 'body'))?.toString('utf8');
    if (description)
      group.update({
        description: {
          id: child(op, 'description')?.attrs['id'] ?? notificationId(),
          text: description,
          by: creator.number,
          t: group.info.creation,
        },
      });
    for (const p of children(op, 'participant')) {
      const found = this.accounts.resolveAccount(p.attrs['jid']);
      if (found && !group.isMember(found.account.number))
        group.participants.set(found.account.number, 'member');
    }
    this.logger.info({ group: group.jid, subject, members: group.participants.size }, 'group created');
    const full = this.nodes.group(group);
    await this.notify(group, creator.number, [node('create', {}, [full])]);
    return full;
  }

  private inviteInfo(code: string): BinaryNode {
    const found = this.groups.byInviteCode(code);
    if (!found) throw new GroupIqError(406, 'not-acceptable');
    if (found.revoked) throw new GroupIqError(410, 'gone');
    return this.nodes.group(found.group);
  }

  /** `groupAcceptInvite`: joins (or, with join approval on, asks to join) the code's group. */
  private async join(account: Account, code: string): Promise<BinaryNode> {
    const found = this.groups.byInviteCode(code);
    if (!found) throw new GroupIqError(406, 'not-acceptable');
    if (found.revoked) throw new GroupIqError(410, 'gone');
    const { group } = found;
    const me = account.number;
    if (group.isMember(me)) return node('group', { jid: group.jid });
    if (group.info.joinApproval) {
      if (!group.info.joinRequests.some((r) => r.number === me)) {
        group.update({
          joinRequests: [
            ...group.info.joinRequests,
            { number: me, t: Number(unixNow()), method: 'invite_link' },
          ],
        });
        await this.notify(
          group,
          me,
          [
            node('created_membership_requests', { request_method: 'invite_link' }, [
              this.nodes.participant(me),
            ]),
          ],
          { adminsOnly: true, extra: [me] },
        );
      }
      return node('membership_approval_request', { jid: group.jid });
    }
    group.participants.set(me, 'member');
    await this.notify(group, me, [node('add', { reason: 'invite' }, [this.nodes.participant(me)])]);
    return node('group', { jid: group.jid });
  }

  async leave(group: Group, number: string): Promise<void> {
    const before = group.members();
    group.participants.delete(number);
    await this.notify(group, number, [node('remove', {}, [this.nodes.participant(number)])], {
      extra: before,
    });
    if (!group.participants.size) {
      this.groups.delete(group);
      return;
    }
    // WhatsApp never leaves a group without an admin
    if (![...group.participants.keys()].some((n) => group.isAdmin(n))) {
      const next = group.members()[0]!;
      group.participants.set(next, 'admin');
      await this.notify(group, number, [node('promote', {}, [this.nodes.participant(next, 'admin')])]);
    }
  }

  private async changeParticipants(
    group: Group,
    me: string,
    action: ParticipantAction,
    requested: BinaryNode[],
  ): Promise<ParticipantResult[]> {
    const before = group.members();
    const results: ParticipantResult[] = requested.map((p) => {
      const jid = p.attrs['jid'] ?? '';
      const number = this.accounts.resolveAccount(jid)?.account.number;
      if (!number) return { jid, error: '404' };
      const member = group.isMember(number);
      switch (action) {
        case 'add':
          if (member) return { jid, number, error: '409' };
          group.participants.set(number, 'member');
          return { jid, number };
        case 'remove':
          if (!member) return { jid, number, error: '404' };
          group.participants.delete(number);
          return { jid, number };
        case 'promote':
          if (!member) return { jid, number, error: '404' };
          if (!group.isAdmin(number)) group.participants.set(number, 'admin');
          return { jid, number };
        case 'demote':
          if (!member) return { jid, number, error: '404' };
          group.participants.set(number, 'member');
          return { jid, number };
      }
    });
    const done = results.filter((r) => !r.error).map((r) => r.number!);
    if (done.length) {
      const role: GroupRole | undefined = action === 'promote' ? 'admin' : undefined;
      await this.notify(
        group,
        me,
        [
          node(
            action,
            {},
            done.map((n) => this.nodes.participant(n, role)),
          ),
        ],
        {
          extra: before,
        },
      );
    }
    return results;
  }

  /** Removed from a community (`linked_groups="true"`): from the groups linked to it too. */
  private async removeFromLinkedGroups(
    community: Group,
    me: string,
    results: ParticipantResult[],
  ): Promise<void> {
    const removed = results.filter((r) => !r.error).map((r) => r.number!);
    for (const sub of this.groups.list().filter((g) => g.info.linkedParent === community.jid)) {
      const members = removed.filter((n) => sub.isMember(n));
      if (!members.length) continue;
      const before = sub.members();
      for (const n of members) sub.participants.delete(n);
      await this.notify(
        sub,
        me,
        [
          node(
            'remove',
            {},
            members.map((n) => this.nodes.participant(n)),
          ),
        ],
        {
          extra: before,
        },
      );
    }
  }

  private resultNode(r: ParticipantResult): BinaryNode {
    const account = r.number ? this.accounts.get(r.number) : undefined;
    const alt = account
      ? r.jid.endsWith('@lid')
        ? { phone_number: account.pnJid }
        : { lid: account.lidJid }
      : {};
    return node('participant', { jid: r.jid, ...(r.error ? { error: r.error } : alt) });
  }

  private async requestsAction(group: Group, me: string, op: BinaryNode): Promise<BinaryNode> {
    const out: BinaryNode[] = [];
    for (const action of ['approve', 'reject'] as const) {
      const actionNode = child(op, action);
      if (!actionNode) continue;
      const results: ParticipantResult[] = [];
      for (const p of children(actionNode, 'participant')) {
        const jid = p.attrs['jid'] ?? '';
        const number = this.accounts.resolveAccount(jid)?.account.number;
        const pending = number && group.info.joinRequests.some((r) => r.number === number);
        if (!number || !pending) {
          results.push({ jid, error: '404' });
          continue;
        }
        group.update({ joinRequests: group.info.joinRequests.filter((r) => r.number !== number) });
        if (action === 'approve') {
          group.participants.set(number, 'member');
          await this.notify(group, me, [
            node('add', { reason: 'membership_approval' }, [this.nodes.participant(number)]),
          ]);
        } else {
          await this.notify(
            group,
            me,
            [node('revoked_membership_requests', {}, [this.nodes.participant(number)])],
            {
              adminsOnly: true,
              extra: [number],
            },
          );
        }
        results.push({ jid, number });
      }
      out.push(
        node(
          action,
          {},
          results.map((r) => this.resultNode(r)),
        ),
      );
    }
    return node('membership_requests_action', {}, out);
  }

  /** `<links><link link_type="sub_group"><group jid/></link></links>` to a community. */
  private link(community: Group, me: string, op: BinaryNode): BinaryNode {
    if (!community.info.community) throw badRequest();
    const links: BinaryNode[] = [];
    for (const l of children(op, 'link')) {
      const groups: BinaryNode[] = [];
      for (const g of children(l, 'group')) {
        const sub = this.groups.get(g.attrs['jid']);
        if (!sub) {
          groups.push(node('group', { jid: g.attrs['jid'], error: '404' }));
        } else if (!sub.isAdmin(me) || sub.info.community) {
          groups.push(node('group', { jid: sub.jid, error: '403' }));
        } else {
          sub.update({ linkedParent: community.jid });
          groups.push(node('group', { jid: sub.jid }));
        }
      }
      links.push(node('link', { link_type: l.attrs['link_type'] ?? 'sub_group' }, groups));
    }
    return node('links', {}, links);
  }

  // ---- notifications ------------------------------------------------------------------------

  /**
   * `<notification type="w:gp2" from="G@g.us" participant="actor LID" participant_pn>` with the
   * change, to every device of every member (and of `extra` accounts: those who just left).
   */
  async notify(
    group: Group,
    actor: string,
    content: BinaryNode[],
    options: { adminsOnly?: boolean; extra?: string[] } = {},
  ): Promise<void> {
    const members = options.adminsOnly ? group.members().filter((n) => group.isAdmin(n)) : group.members();
    const recipients = new Set([...members, ...(options.extra ?? [])]);
    const actorAccount = this.accounts.get(actor);
    const stanza = node(
      'notification',
      {
        type: 'w:gp2',
        from: group.jid,
        id: notificationId(),
        t: unixNow(),
        ...this.nodes.actor(actor, 'participant'),
        notify: actorAccount?.name,
        addressing_mode: 'lid',
      },
      content,
    );
    for (const number of recipients) {
      const account = this.accounts.get(number);
      if (!account) continue;
      for (const device of account.devices.values()) {
        await this.mailboxes.deliver(number, device.id, stanza);
      }
    }
  }
}
