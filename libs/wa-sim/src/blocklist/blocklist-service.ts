import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import { children, node } from '../stanza/nodes.js';

/**
 * Each account's blocklist (`xmlns="blocklist"` iqs): `get` answers `<list><item jid/>…</list>`,
 * `set` applies `<item action="block|unblock" jid=<LID> [pn_jid]/>` (Baileys blocks by LID) and
 * answers the list. Kept in memory (a restarted simulator forgets it). The message router asks
 * `blocks` and drops a blocked user's 1:1 messages (acked, never delivered).
 */
export class BlocklistService {
  private readonly lists = new Map<string, Map<string, string | undefined>>();

  onIq(account: Account | undefined, iq: BinaryNode): BinaryNode {
    if (!account) return node('list');
    let list = this.lists.get(account.number);
    if (!list) this.lists.set(account.number, (list = new Map()));
    if (iq.attrs['type'] === 'set') {
      for (const item of children(iq, 'item')) {
        const jid = item.attrs['jid'];
        if (!jid) continue;
        if (item.attrs['action'] === 'block') list.set(jid, item.attrs['pn_jid']);
        else if (item.attrs['action'] === 'unblock') list.delete(jid);
      }
    }
    return node(
      'list',
      {},
      [...list].map(([jid, pn]) => node('item', { jid, ...(pn ? { pn_jid: pn } : {}) })),
    );
  }

  /** Whether `account` blocked `other` (by its LID or its phone number). */
  blocks(account: Account, other: Account): boolean {
    const list = this.lists.get(account.number);
    if (!list?.size) return false;
    return list.has(other.lidJid) || list.has(other.pnJid) || [...list.values()].includes(other.pnJid);
  }

  /** The jids (LIDs) `account` blocked. */
  blocked(account: Account): string[] {
    return [...(this.lists.get(account.number)?.keys() ?? [])];
  }
}
