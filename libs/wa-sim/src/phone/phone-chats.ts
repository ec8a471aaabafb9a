import { jidNormalizedUser, type BaileysEventMap } from '@whiskeysockets/baileys';

/**
 * A chat's state as the phone's chat list shows it: what the account's devices changed through
 * app-state sync (archive, pin, mute, mark unread, delete, labels), as the phone's own client
 * decoded it from the synced patches.
 */
export interface PhoneChat {
  chat: string;
  archived: boolean;
  /** When it was pinned (seconds since epoch, the patch's timestamp); absent when not pinned. */
  pinnedAt?: number;
  /** The mute's end as the patch gives it (Baileys `muteEndTime`); absent when not muted. */
  muteEndTime?: number;
  /** Marked unread (WhatsApp's "mark as unread"; cleared when marked read). */
  markedUnread: boolean;
  /** Set once a device deleted the chat. */
  deletedAt?: number;
  /** Ids of the labels on the chat. */
  labels: string[];
}

/** A label the account's devices made (WhatsApp Business). */
export interface PhoneLabel {
  id: string;
  name: string;
  color: number;
  deleted: boolean;
}

type ChatUpdate = BaileysEventMap['chats.update'][number];

/** The phone's chat list and labels, kept from its client's app-state events. */
export class PhoneChats {
  private readonly chats = new Map<string, PhoneChat>();
  private readonly labelMap = new Map<string, PhoneLabel>();

  constructor(saved?: { chats?: PhoneChat[]; labels?: PhoneLabel[] }) {
    for (const c of saved?.chats ?? []) this.chats.set(c.chat, { ...c });
    for (const l of saved?.labels ?? []) this.labelMap.set(l.id, { ...l });
  }

  list(): PhoneChat[] {
    return [...this.chats.values()].map((c) => ({ ...c, labels: [...c.labels] }));
  }

  labels(): PhoneLabel[] {
    return [...this.labelMap.values()].map((l) => ({ ...l }));
  }

  /** A `chats.update` from app state: true when it changed something the phone shows. */
  onUpdate(update: ChatUpdate): boolean {
    if (!update.id) return false;
    const chat = this.chat(update.id);
    let changed = false;
    if (typeof update.archived === 'boolean') {
      chat.archived = update.archived;
      changed = true;
    }
    if (update.pinned !== undefined) {
      if (update.pinned) chat.pinnedAt = Number(update.pinned);
      else delete chat.pinnedAt;
      changed = true;
    }
    if (update.muteEndTime !== undefined) {
      if (update.muteEndTime) chat.muteEndTime = Number(update.muteEndTime);
      else delete chat.muteEndTime;
      changed = true;
    }
    if (update.unreadCount === -1 || update.unreadCount === 0) {
      chat.markedUnread = update.unreadCount === -1;
      changed = true;
    }
    if (changed) delete chat.deletedAt; // a change after a delete brings the chat back
    return changed;
  }

  onDelete(ids: string[]): void {
    for (const id of ids) this.chat(id).deletedAt = Math.floor(Date.now() / 1000);
  }

  onLabelEdit(label: BaileysEventMap['labels.edit']): void {
    this.labelMap.set(label.id, {
      id: label.id,
      name: label.name ?? this.labelMap.get(label.id)?.name ?? '',
      color: label.color ?? this.labelMap.get(label.id)?.color ?? 0,
      deleted: !!label.deleted,
    });
  }

  onLabelAssociation({ type, association }: BaileysEventMap['labels.association']): void {
    if (String(association.type) !== 'label_jid') return; // message labels are not shown
    const chat = this.chat(association.chatId);
    const others = chat.labels.filter((l) => l !== association.labelId);
    chat.labels = type === 'add' ? [...others, association.labelId] : others;
  }

  toState(): { chats: PhoneChat[]; labels: PhoneLabel[] } {
    return { chats: this.list(), labels: this.labels() };
  }

  private chat(id: string): PhoneChat {
    const jid = jidNormalizedUser(id);
    let chat = this.chats.get(jid);
    if (!chat) {
      chat = { chat: jid, archived: false, markedUnread: false, labels: [] };
      this.chats.set(jid, chat);
    }
    return chat;
  }
}
