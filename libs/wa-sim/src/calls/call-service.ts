import { randomBytes } from 'node:crypto';
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import type { ConnectionRegistry } from '../transport/connection-registry.js';
import { SimError } from '../sim-error.js';
import { firstChild, node, unixNow } from '../stanza/nodes.js';

/** A call a phone placed, as the simulator keeps it (the phone view's call log). */
export interface SimCall {
  /** The call id (`call-id`): what a callee rejects. */
  id: string;
  /** The caller's number and the callee's. */
  from: string;
  to: string;
  video: boolean;
  /** `ringing` until a device of the callee rejects it. */
  status: 'ringing' | 'rejected';
  /** Milliseconds since epoch. */
  at: number;
  /** The device that rejected it (`<number>:<device>`), and when. */
  rejectedBy?: string;
  rejectedAt?: number;
}

/**
 * Voice and video call signalling (wire notes section 6): a phone's offer goes to every device of
 * the callee as `<call><offer>`; a device's `<call><reject>` is answered (Baileys `rejectCall`
 * waits for a node with its id), recorded, and relayed to the caller. No media flows.
 */
export class CallService {
  private readonly calls = new Map<string, SimCall>();

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly connections: ConnectionRegistry,
  ) {}

  /** The phone `from` calls `to` (an account): every device of `to` is offered the call. */
  async offer(from: Account, to: Account, video: boolean): Promise<SimCall> {
    if (from.number === to.number) throw new SimError('invalid_recipient', 'a phone cannot call itself');
    const call: SimCall = {
      id: randomBytes(16).toString('hex').toUpperCase(),
      from: from.number,
      to: to.number,
      video,
      status: 'ringing',
      at: Date.now(),
    };
    this.calls.set(call.id, call);
    const offer = node(
      'call',
      { from: from.pnJid, id: randomBytes(8).toString('hex').toUpperCase(), t: unixNow(), notify: from.name },
      [
        node(
          'offer',
          { 'call-id': call.id, 'call-creator': from.pnJid, caller_pn: from.pnJid },
          video ? [node('video', {})] : undefined,
        ),
      ],
    );
    await this.sendTo(to, offer);
    return { ...call };
  }

  /** A `<call>` stanza from a device of `account`: a reject ends the call it names. */
  async onCall(
    account: Account,
    device: number,
    stanza: BinaryNode,
    reply: (n: BinaryNode) => Promise<void>,
  ): Promise<void> {
    const info = firstChild(stanza);
    const id = stanza.attrs['id'];
    if (id) await reply(node('ack', { class: 'call', type: info?.tag, id, from: stanza.attrs['to'] }));
    if (info?.tag !== 'reject') return;
    const call = this.calls.get(info.attrs['call-id'] ?? '');
    if (!call || call.to !== account.number || call.status !== 'ringing') return;
    call.status = 'rejected';
    call.rejectedBy = `${account.number}:${device}`;
    call.rejectedAt = Date.now();
    const caller = this.accounts.get(call.from);
    if (caller)
      await this.sendTo(
        caller,
        node(
          'call',
          { from: account.pnJid, id: randomBytes(8).toString('hex').toUpperCase(), t: unixNow() },
          [node('reject', { 'call-id': call.id, 'call-creator': caller.pnJid, count: '0' })],
        ),
      );
  }

  /** The calls a number placed or received, newest first. */
  list(number: string): SimCall[] {
    return [...this.calls.values()]
      .filter((c) => c.from === number || c.to === number)
      .sort((a, b) => b.at - a.at)
      .map((c) => ({ ...c }));
  }

  private async sendTo(account: Account, stanza: BinaryNode): Promise<void> {
    await Promise.all(this.connections.forAccount(account.number).map((c) => c.send(stanza)));
  }
}
