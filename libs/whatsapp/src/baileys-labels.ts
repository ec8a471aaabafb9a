import { jidNormalizedUser, type WASocket } from '@whiskeysockets/baileys';
import {
  DomainError,
  ErrorCode,
  LABEL_COLOR_COUNT,
  type EditLabelCommand,
  type LabelChatsCommand,
  type LabelInfo,
} from '@zapgate/contracts';
import { labelOrder, type StoredLabel } from '@zapgate/storage';
import { appStateChange } from './app-state-change.js';
import type { ChatFeed } from './chat-sync.js';
import { chatsWithLabel, labelInfo, type LabelStores } from './label-sync.js';

/** The platforms WhatsApp names a business account's phone by at pairing (`<platform name>`). */
const BUSINESS_PLATFORMS = new Set(['smba', 'smbi']);

/** Why a session of a personal account gets no labels. */
export const notBusiness = (platform: string | undefined): string =>
  'labels are a WhatsApp Business feature: this account is not a business account (its phone linked this ' +
  `device as platform "${platform ?? 'unknown'}", not the WhatsApp Business app), so it has no labels and ` +
  'WhatsApp takes none from it';

/** Whether the account a socket is linked to is a WhatsApp Business account. */
export const isBusiness = (socket: WASocket): boolean =>
  BUSINESS_PLATFORMS.has(socket.authState.creds.platform ?? '');

type LabelEdit = Omit<EditLabelCommand, 'instance'>;
type ChatLabelling = Omit<LabelChatsCommand, 'instance'>;

/**
 * Labels over a Baileys socket: reads from the label store (kept from `labels.edit`), changes as
 * WhatsApp's app-state patches (`addLabel`: `label_edit`; `addChatLabel`/`removeChatLabel`:
 * `label_jid`), then stored as WhatsApp accepted them.
 */
export class BaileysLabels {
  constructor(
    private readonly instance: string,
    private readonly stores: LabelStores,
    private readonly feed: ChatFeed,
    private readonly socket: () => WASocket,
  ) {}

  async list(includeDeleted: boolean): Promise<LabelInfo[]> {
    this.business();
    const labels = await this.stores.labels.list(this.instance, { includeDeleted });
    return Promise.all(labels.map((l) => this.info(l)));
  }

  async edit(request: LabelEdit): Promise<LabelInfo> {
    const socket = this.business();
    let body: { id: string; name: string; color: number; deleted?: boolean; predefinedId?: number };
    if (request.id === undefined) {
      if (!request.name)
        throw new DomainError(ErrorCode.ValidationFailed, 'a new label needs a name', { field: 'name' });
      if (request.deleted) throw new DomainError(ErrorCode.ValidationFailed, 'a new label cannot be deleted');
      const all = await this.stores.labels.list(this.instance, { includeDeleted: true });
      body = {
        id: nextLabelId(all),
        name: request.name,
        color: request.color ?? freeColor(all.filter((l) => !l.deleted)),
      };
    } else {
      const stored = await this.live(request.id);
      body = {
        id: stored.id,
        name: request.name ?? stored.name,
        color: request.color ?? stored.color,
        ...(request.deleted ? { deleted: true } : {}),
        ...(stored.predefinedId !== undefined && Number.isFinite(Number(stored.predefinedId))
          ? { predefinedId: Number(stored.predefinedId) }
          : {}),
      };
    }
    await appStateChange(() => socket.addLabel(this.me(socket), body));
    // Baileys decodes its own patch (labels.edit) too; the store follows what WhatsApp accepted
    await this.feed.flushed();
    await this.stores.labels.apply(this.instance, [
      { id: body.id, name: body.name, color: body.color, deleted: !!body.deleted },
    ]);
    return this.info((await this.stores.labels.get(this.instance, body.id))!);
  }

  async labelChats({
    chats,
    changes,
  }: ChatLabelling): Promise<{ chats: { chat: string; labels: string[] }[] }> {
    const socket = this.business();
    for (const { label } of changes) await this.live(label);
    const out: { chat: string; labels: string[] }[] = [];
    for (const chat of [...new Set(chats.map((c) => jidNormalizedUser(c)))]) {
      const labels = new Set((await this.stores.chats.get(this.instance, chat))?.labels ?? []);
      for (const { label, action } of changes) {
        await appStateChange(() =>
          action === 'add' ? socket.addChatLabel(chat, label) : socket.removeChatLabel(chat, label),
        );
        if (action === 'add') labels.add(label);
        else labels.delete(label);
      }
      await this.feed.flushed();
      await this.stores.chats.apply(this.instance, [{ id: chat, labels: [...labels] }]);
      out.push({ chat, labels: [...labels].sort(labelOrder) });
    }
    return { chats: out };
  }

  /** The connected socket of a business account; forbidden (reason `not_business`) otherwise. */
  private business(): WASocket {
    const socket = this.socket();
    if (!isBusiness(socket))
      throw new DomainError(ErrorCode.Forbidden, notBusiness(socket.authState.creds.platform), {
        reason: 'not_business',
      });
    return socket;
  }

  private async live(id: string): Promise<StoredLabel> {
    const stored = await this.stores.labels.get(this.instance, id);
    if (!stored || stored.deleted)
      throw new DomainError(
        ErrorCode.LabelNotFound,
        `label ${id} not found: the account has no such label${stored ? ' (it was deleted)' : ''}`,
        { label: id },
      );
    return stored;
  }

  private me(socket: WASocket): string {
    return jidNormalizedUser(socket.user?.id ?? '');
  }

  private async info(label: StoredLabel): Promise<LabelInfo> {
    return labelInfo(label, await chatsWithLabel(this.stores.chats, this.instance, label.id));
  }
}

/** The id a new label gets: one above every id the account ever used (deleted ones included). */
export function nextLabelId(labels: Pick<StoredLabel, 'id'>[]): string {
  const used = labels.map((l) => Number(l.id)).filter((n) => Number.isInteger(n) && n >= 0);
  return String(used.length ? Math.max(...used) + 1 : 1);
}

/** The first colour no live label has (WhatsApp Web picks a new label's colour so), else the next in turn. */
export function freeColor(live: Pick<StoredLabel, 'color'>[]): number {
  const taken = new Set(live.map((l) => l.color));
  for (let c = 0; c < LABEL_COLOR_COUNT; c++) if (!taken.has(c)) return c;
  return live.length % LABEL_COLOR_COUNT;
}
