import type { BinaryNode } from '@whiskeysockets/baileys';
import type { AccountRegistry } from '../accounts/account-registry.js';
import { LID_SERVER, PN_SERVER } from '../accounts/jids.js';
import type { SimLogger } from '../sim-logger.js';
import { child, children, node } from '../stanza/nodes.js';
import type { Mailboxes } from './mailbox.js';
import type { Sender } from './message-router.js';

/** WhatsApp's status broadcast jid: status posts (stories) are sent to it. */
export const STATUS_BROADCAST = 'status@broadcast';

/**
 * Status posts: `<message to="status@broadcast">` shaped like a group message (Baileys lists every
 * device of every contact in `statusJidList` under `<participants>`, each with its sender-key
 * distribution, and adds the content once as `skmsg`). The server fans it out to exactly the
 * listed devices as `<message from="status@broadcast" participant=<poster device>>` with that
 * device's enc first, then the `skmsg`; nobody else sees the post.
 */
export class StatusBroadcastRouter {
  /** Status posts routed, and the device copies delivered. */
  posts = 0;
  copies = 0;

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly mailboxes: Mailboxes,
    private readonly logger: SimLogger,
  ) {}

  async route(sender: Sender, stanza: BinaryNode, id: string, t: string): Promise<void> {
    this.posts++;
    const skmsg = children(stanza, 'enc').find((e) => e.attrs['type'] === 'skmsg');
    const deviceIdentity = child(stanza, 'device-identity');
    let delivered = 0;
    for (const to of children(child(stanza, 'participants'), 'to')) {
      const target = this.accounts.resolveDevice(to.attrs['jid']);
      const enc = child(to, 'enc');
      if (!target || !enc) continue;
      if (target.account === sender.account && target.device.id === sender.device) continue;
      const server = target.server;
      const own = target.account === sender.account;
      const out = node(
        'message',
        {
          from: STATUS_BROADCAST,
          // Baileys tells its own posts (another device of the account) by the PN participant
          participant: sender.account.jidFor(own ? PN_SERVER : server, sender.device),
          ...(server === LID_SERVER
            ? { participant_pn: sender.account.pnJid }
            : { participant_lid: sender.account.lidJid }),
          id,
          t,
          type: stanza.attrs['type'] ?? 'text',
          notify: sender.account.name,
          ...(stanza.attrs['mediatype'] ? { mediatype: stanza.attrs['mediatype'] } : {}),
        },
        [
          enc,
          ...(skmsg ? [skmsg] : []),
          ...(enc.attrs['type'] === 'pkmsg' && deviceIdentity ? [deviceIdentity] : []),
        ],
      );
      await this.mailboxes.deliver(target.account.number, target.device.id, out);
      delivered++;
    }
    this.copies += delivered;
    this.logger.debug({ id, from: sender.account.number, delivered }, 'status post routed');
  }
}
