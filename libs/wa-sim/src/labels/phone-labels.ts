import type { PhoneLabel } from '../phone/phone-chats.js';
import type { SimulatedPhone } from '../phone/simulated-phone.js';
import { SimError } from '../sim-error.js';

/** WhatsApp's label colours: a label's colour is an index into them. */
export const LABEL_COLORS = 20;

/** A chat a label goes on: digits, a user jid (`@s.whatsapp.net`, `@c.us`, `@lid`) or a group jid. */
export function labelChatJid(input: string): string {
  const s = input.trim();
  if (/^\+?\d{6,15}$/.test(s)) return `${s.replace('+', '')}@s.whatsapp.net`;
  if (/^\d+(-\d+)?@g\.us$/.test(s)) return s;
  const user = /^(\d{1,20})@(s\.whatsapp\.net|c\.us|lid)$/.exec(s);
  if (!user)
    throw new SimError(
      'invalid_recipient',
      `${s.slice(0, 64)} is not a chat: digits, a user jid or a group jid`,
    );
  return `${user[1]}@${user[2] === 'c.us' ? 's.whatsapp.net' : user[2]}`;
}

/**
 * Labels made on a WhatsApp Business phone: its own Baileys client pushes the app-state mutations
 * WhatsApp uses (`label_edit` through `addLabel`, `label_jid` through `addChatLabel` and
 * `removeChatLabel`), which the server relays to the account's linked devices; the phone's view
 * follows from its client decoding its own patch. A personal account has no labels (409).
 */
export class PhoneLabels {
  constructor(
    private readonly phone: SimulatedPhone,
    private readonly business: boolean,
  ) {}

  list(includeDeleted = false): PhoneLabel[] {
    return this.phone.labels().filter((l) => includeDeleted || !l.deleted);
  }

  async create(name: string, color?: number): Promise<PhoneLabel> {
    this.requireBusiness();
    const all = this.phone.labels();
    const used = all.map((l) => Number(l.id)).filter((n) => Number.isInteger(n));
    const id = String(used.length ? Math.max(...used) + 1 : 1);
    const taken = new Set(all.filter((l) => !l.deleted).map((l) => l.color));
    const colour = color ?? [...Array(LABEL_COLORS).keys()].find((c) => !taken.has(c)) ?? 0;
    await this.phone.appStateChange({ addLabel: { id, name, color: colour } }, this.phone.account.pnJid);
    return this.settled(id, (l) => l.name === name && l.color === colour && !l.deleted);
  }

  async edit(id: string, change: { name?: string; color?: number }): Promise<PhoneLabel> {
    const label = this.live(id);
    const name = change.name ?? label.name;
    const color = change.color ?? label.color;
    await this.phone.appStateChange({ addLabel: { id, name, color } }, this.phone.account.pnJid);
    return this.settled(id, (l) => l.name === name && l.color === color);
  }

  async delete(id: string): Promise<PhoneLabel> {
    const label = this.live(id);
    await this.phone.appStateChange(
      { addLabel: { id, name: label.name, color: label.color, deleted: true } },
      this.phone.account.pnJid,
    );
    return this.settled(id, (l) => l.deleted);
  }

  /** Puts the label on a chat (`add`) or takes it off; the chat's labels after, as the phone shows them. */
  async assign(id: string, chat: string, add: boolean): Promise<{ chat: string; labels: string[] }> {
    this.live(id);
    const jid = labelChatJid(chat);
    await this.phone.appStateChange(
      add ? { addChatLabel: { labelId: id } } : { removeChatLabel: { labelId: id } },
      jid,
    );
    const labels = await this.phone.waitForState(() => {
      const labels = this.phone.chats().find((c) => c.chat === jid)?.labels ?? [];
      return labels.includes(id) === add ? labels : undefined;
    });
    return { chat: jid, labels };
  }

  private requireBusiness(): void {
    if (!this.business)
      throw new SimError(
        'not_business',
        `phone ${this.phone.account.number} is not a WhatsApp Business account: give it a business profile (PUT …/profile/business) before linking devices`,
      );
  }

  private live(id: string): PhoneLabel {
    this.requireBusiness();
    const label = this.phone.labels().find((l) => l.id === id && !l.deleted);
    if (!label) throw new SimError('unknown_label', `phone ${this.phone.account.number} has no label ${id}`);
    return label;
  }

  /** The label once the phone's client decoded its own patch. */
  private settled(id: string, done: (l: PhoneLabel) => boolean): Promise<PhoneLabel> {
    return this.phone.waitForState(() => this.phone.labels().find((l) => l.id === id && done(l)));
  }
}
