import { randomBytes } from 'node:crypto';
import { S_WHATSAPP_NET, type BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import { node } from '../stanza/nodes.js';
import type { Group, GroupRole } from './group.js';

/** `<iq type="error">` with `<error code text>`: Baileys throws a Boom with that code. */
export function iqError(request: BinaryNode, code: number, text: string): BinaryNode {
  return node('iq', { from: request.attrs['to'] ?? S_WHATSAPP_NET, type: 'error', id: request.attrs['id'] }, [
    node('error', { code: String(code), text }),
  ]);
}

/** An error the group service answers an iq with. */
export class GroupIqError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(`${code} ${text}`);
  }
}

export const notFound = () => new GroupIqError(404, 'item-not-found');
export const forbidden = () => new GroupIqError(403, 'forbidden');
export const notAuthorized = () => new GroupIqError(401, 'not-authorized');
export const badRequest = () => new GroupIqError(400, 'bad-request');

export const notificationId = (): string => randomBytes(8).toString('hex').toUpperCase();

/**
 * Builds the `<group>` nodes and `<participant>` entries of a LID-addressed group, as WhatsApp
 * sends them (`Socket/groups.js › extractGroupMetadata` reads them).
 */
export class GroupNodes {
  constructor(private readonly accounts: AccountRegistry) {}

  account(number: string): Account | undefined {
    return this.accounts.get(number);
  }

  /** `<participant jid="LID@lid" phone_number="PN@s.whatsapp.net" [type]>` */
  participant(number: string, role?: GroupRole): BinaryNode {
    const account = this.accounts.get(number);
    const type = role === 'admin' || role === 'superadmin' ? role : undefined;
    return account
      ? node('participant', { jid: account.lidJid, phone_number: account.pnJid, type })
      : node('participant', { jid: `${number}@${S_WHATSAPP_NET}`, type });
  }

  /** The actor attributes of a notification or a change: LID, with the PN beside it. */
  actor(number: string, prefix: 'participant' | 's_o' | 'creator'): Record<string, string> {
    const account = this.accounts.get(number);
    if (!account) return { [prefix]: `${number}@${S_WHATSAPP_NET}` };
    return { [prefix]: account.lidJid, [`${prefix}_pn`]: account.pnJid };
  }

  group(group: Group, withParticipants = true): BinaryNode {
    const g = group.info;
    const content: BinaryNode[] = [];
    if (withParticipants) {
      for (const [number, role] of group.participants) content.push(this.participant(number, role));
    }
    if (g.description) {
      const by = this.accounts.get(g.description.by);
      content.push(
        node(
          'description',
          {
            id: g.description.id,
            participant: by?.lidJid,
            participant_pn: by?.pnJid,
            t: String(g.description.t),
          },
          [node('body', {}, Buffer.from(g.description.text, 'utf8'))],
        ),
      );
    }
    if (g.announce) content.push(node('announcement'));
    if (g.locked) content.push(node('locked'));
    if (g.ephemeral) content.push(node('ephemeral', { expiration: String(g.ephemeral) }));
    content.push(node('member_add_mode', {}, g.memberAddMode));
    if (g.joinApproval)
      content.push(node('membership_approval_mode', {}, [node('group_join', { state: 'on' })]));
    if (g.community) content.push(node('parent', { default_membership_approval_mode: 'request_required' }));
    if (g.linkedParent) content.push(node('linked_parent', { jid: g.linkedParent }));
    return node(
      'group',
      {
        id: g.id,
        creation: String(g.creation),
        subject: g.subject,
        s_t: String(g.subjectT),
        ...this.actor(g.subjectBy, 's_o'),
        ...this.actor(g.creator, 'creator'),
        addressing_mode: 'lid',
        size: String(group.participants.size),
      },
      content,
    );
  }
}
