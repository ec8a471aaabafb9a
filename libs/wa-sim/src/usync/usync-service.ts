import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import { LID_SERVER, PN_SERVER } from '../accounts/jids.js';
import { bytes, child, children, node } from '../stanza/nodes.js';

/**
 * `iq xmlns=usync`: answers the protocols a client asks for (devices, lid, contact, status,
 * disappearing_mode) for each user, the way WhatsApp's user-sync does.
 */
export class USyncService {
  constructor(
    private readonly accounts: AccountRegistry,
    /** An account's `<status>` (its about text); WhatsApp's default text when absent. */
    private readonly statusOf?: (account: Account) => BinaryNode,
  ) {}

  query(usync: BinaryNode): BinaryNode {
    const protocols = (
      Array.isArray(child(usync, 'query')?.content) ? (child(usync, 'query')!.content as BinaryNode[]) : []
    ).map((p) => p.tag);
    const users = children(child(usync, 'list'), 'user').map((user) => this.answerUser(user, protocols));
    return node('usync', { sid: usync.attrs['sid'], index: '0', last: 'true' }, [node('list', {}, users)]);
  }

  private answerUser(user: BinaryNode, protocols: string[]): BinaryNode {
    const phone = bytes(child(user, 'contact'))?.toString('utf8');
    const jid = user.attrs['jid'] ?? (phone ? `${phone.replace(/\D/g, '')}@${PN_SERVER}` : '');
    const found = this.accounts.resolveAccount(jid);
    const content: BinaryNode[] = [];
    for (const protocol of protocols) {
      const answer = this.answerProtocol(protocol, found?.account, found?.server === LID_SERVER);
      if (answer) content.push(answer);
    }
    return node('user', { jid }, content);
  }

  private answerProtocol(
    protocol: string,
    account: Account | undefined,
    byLid: boolean,
  ): BinaryNode | undefined {
    switch (protocol) {
      case 'devices':
        return node('devices', {}, [
          node(
            'device-list',
            {},
            account
              ? [...account.devices.values()].map((d) =>
                  node('device', { id: String(d.id), ...(d.id ? { 'key-index': String(d.id) } : {}) }),
                )
              : [],
          ),
        ]);
      case 'lid':
        return account && !byLid ? node('lid', { val: account.lidJid }) : node('lid', {});
      case 'contact':
        return node('contact', { type: account ? 'in' : 'out' });
      case 'status':
        if (account && this.statusOf) return this.statusOf(account);
        return node(
          'status',
          { t: '0' },
          account ? Buffer.from('Hey there! I am using WhatsApp.') : undefined,
        );
      case 'disappearing_mode':
        return node('disappearing_mode', { duration: '0', t: '0' });
      default:
        return undefined;
    }
  }
}
