import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import { LID_SERVER } from '../accounts/jids.js';
import type { ConnectionRegistry } from '../transport/connection-registry.js';
import { firstChild, node, unixNow } from '../stanza/nodes.js';

const CHAT_STATES = new Set(['composing', 'paused']);

/**
 * Presence (available/unavailable, routed to subscribers) and chat state (composing, recording,
 * paused, routed to the devices of the chat partner).
 */
export class PresenceService {
  private readonly lastSeen = new Map<string, { type: 'available' | 'unavailable'; at: number }>();
  /** target account number -> subscriber account numbers */
  private readonly subscribers = new Map<string, Set<string>>();

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly connections: ConnectionRegistry,
  ) {}

  async onPresence(from: Account, stanza: BinaryNode): Promise<void> {
    const type = stanza.attrs['type'];
    if (type === 'subscribe') {
      const target = this.accounts.resolveAccount(stanza.attrs['to']);
      if (!target) return;
      const subs = this.subscribers.get(target.account.number) ?? new Set<string>();
      subs.add(from.number);
      this.subscribers.set(target.account.number, subs);
      await this.sendTo(from, this.presenceNode(target.account, target.server === LID_SERVER));
      return;
    }
    if (type === 'available' || type === 'unavailable') {
      this.lastSeen.set(from.number, { type, at: Date.now() });
      for (const number of this.subscribers.get(from.number) ?? []) {
        const subscriber = this.accounts.get(number);
        if (subscriber) await this.sendTo(subscriber, this.presenceNode(from, false));
      }
    }
  }

  async onChatState(from: Account, stanza: BinaryNode): Promise<void> {
    const target = this.accounts.resolveAccount(stanza.attrs['to']);
    const state = firstChild(stanza);
    if (!target || !state || !CHAT_STATES.has(state.tag)) return;
    const fromJid = target.server === LID_SERVER ? from.lidJid : from.pnJid;
    await this.sendTo(target.account, node('chatstate', { from: fromJid }, [node(state.tag, state.attrs)]));
  }

  private presenceNode(of: Account, byLid: boolean): BinaryNode {
    const seen = this.lastSeen.get(of.number);
    const type = seen?.type ?? 'unavailable';
    return node('presence', {
      from: byLid ? of.lidJid : of.pnJid,
      type,
      last: type === 'unavailable' && seen ? String(Math.floor(seen.at / 1000)) : undefined,
      t: unixNow(),
    });
  }

  private async sendTo(account: Account, stanza: BinaryNode): Promise<void> {
    await Promise.all(this.connections.forAccount(account.number).map((c) => c.send(stanza)));
  }
}
