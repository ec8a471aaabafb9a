import { jidNormalizedUser, type BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import { LID_SERVER, PN_SERVER, type AddressingServer } from '../accounts/jids.js';
import type { SimLogger } from '../sim-logger.js';
import { child, children, node, unixNow } from '../stanza/nodes.js';
import type { Mailboxes } from './mailbox.js';
import { STATUS_BROADCAST, StatusBroadcastRouter } from './status-broadcast.router.js';

/** Receipts that say the reader saw a message (relayed to the reader's own other devices too). */
const READ_RECEIPTS = new Set(['read', 'read-self', 'played', 'played-self']);

export interface Sender {
  account: Account;
  device: number;
}

/**
 * 1:1 messages and receipts. The server never sees plaintext: it acks the sender, then fans each
 * `<to><enc/></to>` out to the device it names (live or queued for later).
 */
export class MessageRouter {
  /** Whether `target` blocked `sender` (their messages then reach none of its devices). */
  blocks: (target: Account, sender: Account) => boolean = () => false;
  /** Retry receipts routed (a recipient asked a sender device to send a message again). */
  retryReceipts = 0;
  /** Status posts (`status@broadcast`), fanned out to the devices they list. */
  readonly statuses: StatusBroadcastRouter;

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly mailboxes: Mailboxes,
    private readonly logger: SimLogger,
  ) {
    this.statuses = new StatusBroadcastRouter(accounts, mailboxes, logger);
  }

  async routeMessage(
    sender: Sender,
    stanza: BinaryNode,
    ack: (n: BinaryNode) => Promise<void>,
  ): Promise<void> {
    const t = unixNow();
    const id = stanza.attrs['id'] ?? '';
    const chat = stanza.attrs['to'] ?? '';
    await ack(node('ack', { class: 'message', id, from: chat, t }));
    if (chat === STATUS_BROADCAST) return this.statuses.route(sender, stanza, id, t);
    const chatTarget = this.accounts.resolveAccount(chat);
    if (!chatTarget) {
      this.logger.debug({ chat, id }, 'message to unknown recipient dropped');
      return;
    }
    if (chatTarget.account !== sender.account && this.blocks(chatTarget.account, sender.account)) {
      // acked (one tick for the sender), never delivered, as WhatsApp does
      this.logger.debug({ chat, id }, 'message from a blocked user dropped');
      return;
    }
    const deviceIdentity = child(stanza, 'device-identity');
    // A message sent again after a retry receipt names one device in `to` and carries a single
    // <enc count> with no <participants> (Baileys' relayMessage with `participant`).
    const direct = child(stanza, 'participants') ? undefined : child(stanza, 'enc');
    const single = direct?.attrs['count'] ? direct : undefined;
    const targets = single
      ? [{ jid: chat, enc: single }]
      : children(child(stanza, 'participants'), 'to').map((to) => ({
          jid: to.attrs['jid'],
          enc: child(to, 'enc'),
        }));
    for (const to of targets) {
      const target = this.accounts.resolveDevice(to.jid);
      const enc = to.enc;
      if (!target || !enc) continue;
      const server = target.server;
      const isOwnDevice = target.account === sender.account;
      const out = node(
        'message',
        {
          from: sender.account.jidFor(server, sender.device),
          id,
          t,
          type: stanza.attrs['type'] ?? 'text',
          notify: sender.account.name,
          ...this.alternateAddress(sender, server),
          ...(isOwnDevice ? { recipient: single ? stanza.attrs['recipient'] : chat } : {}),
        },
        [enc, ...(enc.attrs['type'] === 'pkmsg' && deviceIdentity ? [deviceIdentity] : [])],
      );
      const outcome = await this.mailboxes.deliver(target.account.number, target.device.id, out);
      this.logger.debug({ id, to: to.jid, outcome }, 'message routed');
    }
  }

  /**
   * A receipt from a recipient device goes to every device of the original sender; a retry
   * receipt only to the device it names (the one that sent the message), and it does not count
   * as delivered there.
   */
  async routeReceipt(
    reader: Sender,
    receipt: BinaryNode,
    ack: (n: BinaryNode) => Promise<void>,
  ): Promise<void> {
    const to = receipt.attrs['to'];
    const target = this.accounts.resolveAccount(to);
    await ack(
      node('ack', { class: 'receipt', id: receipt.attrs['id'], from: to, type: receipt.attrs['type'] }),
    );
    if (!target) return;
    // `inactive` (the reader is not marked online) reaches the sender as a plain delivery receipt.
    const type = receipt.attrs['type'] === 'inactive' ? undefined : receipt.attrs['type'];
    const sameAccount = target.account === reader.account;
    const isRetry = receipt.attrs['type'] === 'retry';
    if (isRetry) this.retryReceipts++;
    for (const device of target.account.devices.values()) {
      if (sameAccount && device.id === reader.device) continue;
      if (isRetry && device.id !== target.device) continue;
      const out = node(
        'receipt',
        {
          from: reader.account.jidFor(target.server, reader.device),
          id: receipt.attrs['id'],
          t: unixNow(),
          type,
          participant: receipt.attrs['participant'],
          ...(sameAccount ? { recipient: receipt.attrs['recipient'] } : {}),
        },
        receipt.content,
      );
      await this.mailboxes.deliver(target.account.number, device.id, out);
    }
    if (!sameAccount && READ_RECEIPTS.has(receipt.attrs['type'] ?? ''))
      await this.relayToReaderDevices(reader, receipt, target.account.jidFor(target.server, 0));
  }

  /**
   * A read (or played) receipt also reaches the reader's other devices, `from` the reader and
   * `recipient` the chat, so a chat read on one device shows read on the others (Baileys emits it
   * as a `messages.update` to READ of a message not from itself).
   */
  private async relayToReaderDevices(reader: Sender, receipt: BinaryNode, chat: string): Promise<void> {
    const server = chat.endsWith(`@${LID_SERVER}`) ? LID_SERVER : PN_SERVER;
    for (const device of reader.account.devices.values()) {
      if (device.id === reader.device) continue;
      const out = node(
        'receipt',
        {
          from: reader.account.jidFor(server, reader.device),
          recipient: jidNormalizedUser(chat),
          id: receipt.attrs['id'],
          t: unixNow(),
          type: receipt.attrs['type'],
        },
        receipt.content,
      );
      await this.mailboxes.deliver(reader.account.number, device.id, out);
    }
  }

  /** The sender's other identity, as a user jid (WhatsApp sends no device part here). */
  private alternateAddress(sender: Sender, server: AddressingServer): Record<string, string> {
    return server === LID_SERVER
      ? { sender_pn: sender.account.pnJid }
      : { sender_lid: sender.account.lidJid };
  }
}
