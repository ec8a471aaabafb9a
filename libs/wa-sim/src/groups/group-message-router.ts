import type { BinaryNode } from '@whiskeysockets/baileys';
import type { AccountRegistry } from '../accounts/account-registry.js';
import { LID_SERVER } from '../accounts/jids.js';
import type { Mailboxes } from '../messaging/mailbox.js';
import type { Sender } from '../messaging/message-router.js';
import type { SimLogger } from '../sim-logger.js';
import { child, children, node, unixNow } from '../stanza/nodes.js';
import type { GroupRegistry } from './group-registry.js';

/** Attributes of the sender's `<message>` that travel on to the receiving devices. */
const FORWARDED_ATTRS = ['type', 'edit', 'expiration', 'category', 'mediatype'] as const;

/**
 * Group messages (`<message to="G@g.us">`) and their receipts. The sender's `skmsg` (the content,
 * under its sender key) goes to every device of every member but the sending one; each device
 * also gets its own `<enc type="pkmsg|msg">` from `<participants>` (the sender-key distribution),
 * placed first so it is processed before the `skmsg`. Other devices' encs are never forwarded.
 */
export class GroupMessageRouter {
  /** Group messages refused (not a member, or a non-admin in an announcement group). */
  refused = 0;

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly groups: GroupRegistry,
    private readonly mailboxes: Mailboxes,
    private readonly logger: SimLogger,
  ) {}

  async routeMessage(
    sender: Sender,
    stanza: BinaryNode,
    ack: (n: BinaryNode) => Promise<void>,
  ): Promise<void> {
    const t = unixNow();
    const id = stanza.attrs['id'] ?? '';
    const chat = stanza.attrs['to'] ?? '';
    const group = this.groups.get(chat);
    const me = sender.account.number;
    const refuse = async (error: string, why: string) => {
      this.refused++;
      this.logger.info({ group: chat, id, from: me, error }, why);
      await ack(node('ack', { class: 'message', id, from: chat, t, error }));
    };
    if (!group) return refuse('404', 'group message to an unknown group refused');
    if (!group.isMember(me)) return refuse('403', 'group message from a non-member refused');
    if (group.info.announce && !group.isAdmin(me))
      return refuse('403', 'group message from a non-admin in an announcement group refused');
    await ack(node('ack', { class: 'message', id, from: chat, t }));

    const skmsg = children(stanza, 'enc').find((e) => e.attrs['type'] === 'skmsg');
    const deviceIdentity = child(stanza, 'device-identity');
    const own = new Map<string, BinaryNode>();
    for (const to of children(child(stanza, 'participants'), 'to')) {
      const target = this.accounts.resolveDevice(to.attrs['jid']);
      const enc = child(to, 'enc');
      if (target && enc) own.set(`${target.account.number}:${target.device.id}`, enc);
    }
    const forwarded: Record<string, string | undefined> = {};
    for (const a of FORWARDED_ATTRS) forwarded[a] = stanza.attrs[a];
    const attrs = {
      from: group.jid,
      participant: sender.account.jidFor(LID_SERVER, sender.device),
      participant_pn: sender.account.pnJid,
      addressing_mode: 'lid',
      id,
      t,
      notify: sender.account.name,
      ...forwarded,
      type: stanza.attrs['type'] ?? 'text',
    };
    // Sent again after a retry receipt: one device named in `participant`, one pairwise <enc count>
    // carrying the content and the sender key together (Baileys' relayMessage with `participant`).
    const retryTarget = stanza.attrs['participant'];
    if (retryTarget) {
      const target = this.accounts.resolveDevice(retryTarget);
      const enc = child(stanza, 'enc');
      if (!target || !enc || !group.isMember(target.account.number)) return;
      const content = [enc, ...(enc.attrs['type'] === 'pkmsg' && deviceIdentity ? [deviceIdentity] : [])];
      await this.mailboxes.deliver(target.account.number, target.device.id, node('message', attrs, content));
      return;
    }
    let delivered = 0;
    for (const number of group.members()) {
      const account = this.accounts.get(number);
      if (!account) continue;
      for (const device of account.devices.values()) {
        if (account === sender.account && device.id === sender.device) continue;
        const enc = own.get(`${number}:${device.id}`);
        if (!enc && !skmsg) continue;
        const content = [
          ...(enc ? [enc] : []),
          ...(skmsg ? [skmsg] : []),
          ...(enc?.attrs['type'] === 'pkmsg' && deviceIdentity ? [deviceIdentity] : []),
        ];
        await this.mailboxes.deliver(number, device.id, node('message', attrs, content));
        delivered++;
      }
    }
    this.logger.debug({ group: group.jid, id, delivered }, 'group message routed');
  }

  /**
   * `<receipt to="G@g.us" participant="<sender device>" [type]>` from a member device goes to the
   * original sender's devices as `<receipt from="G@g.us" participant="<reader>">`; a retry
   * receipt only to the device it names.
   */
  async routeReceipt(
    reader: Sender,
    receipt: BinaryNode,
    ack: (n: BinaryNode) => Promise<void>,
  ): Promise<void> {
    const chat = receipt.attrs['to'] ?? '';
    await ack(
      node('ack', { class: 'receipt', id: receipt.attrs['id'], from: chat, type: receipt.attrs['type'] }),
    );
    const group = this.groups.get(chat);
    const target = this.accounts.resolveAccount(receipt.attrs['participant']);
    if (!group || !target) return;
    const type = receipt.attrs['type'] === 'inactive' ? undefined : receipt.attrs['type'];
    const isRetry = receipt.attrs['type'] === 'retry';
    const sameAccount = target.account === reader.account;
    for (const device of target.account.devices.values()) {
      if (sameAccount && device.id === reader.device) continue;
      if (isRetry && device.id !== target.device) continue;
      const out = node(
        'receipt',
        {
          from: group.jid,
          participant: reader.account.jidFor(LID_SERVER, reader.device),
          id: receipt.attrs['id'],
          t: unixNow(),
          type,
        },
        receipt.content,
      );
      await this.mailboxes.deliver(target.account.number, device.id, out);
    }
  }
}
