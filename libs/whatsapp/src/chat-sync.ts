import { isPictureOnly, pictureUpdateOf } from './contact-picture.js';
import {
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isLidUser,
  jidNormalizedUser,
  normalizeMessageContent,
  type BaileysEventEmitter,
  type Chat,
  type ChatUpdate as BaileysChatUpdate,
  type Contact,
  type WAMessage,
  type WAMessageUpdate,
} from '@whiskeysockets/baileys';
import type {
  ChatInfo,
  ChatUpdate,
  ContactInfo,
  ContactUpdate,
  EventData,
  EventName,
} from '@zapgate/contracts';
import type {
  BlocklistRepository,
  ChatPatch,
  ChatRepository,
  ContactPatch,
  ContactRepository,
  LabelRepository,
  StoredChat,
  StoredContact,
} from '@zapgate/storage';
import { KeyedSerialQueue } from '@zapgate/storage';
import type { Logger } from 'pino';
import { associationChange, storeLabelEdit } from './label-sync.js';

/** Where a session keeps its chats, contacts and blocklist. */
export interface ChatStores {
  chats: ChatRepository;
  contacts: ContactRepository;
  blocklist: BlocklistRepository;
  /** The account's labels (WhatsApp Business); without it labels are not kept. */
  labels?: LabelRepository;
}

const num = (v: unknown): number | undefined => {
  if (v === null || v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(String(v));
  return Number.isFinite(n) ? n : undefined;
};

/** WhatsApp times come in seconds or ms: as ms. */
const asMs = (v: number): number => (v > 1e12 || v < 0 ? v : v * 1000);
/** ms (or -1, for ever) as seconds. */
const asSeconds = (ms: number): number => (ms < 0 ? -1 : Math.floor(ms / 1000));

/** A chat of the chat list: a person or a group (not status, broadcasts or channels). */
export const isListedChat = (jid: string | null | undefined): jid is string =>
  !!jid && !isJidBroadcast(jid) && !isJidNewsletter(jid) && jid !== 'status@broadcast';

/** Whether a message shows in its chat as one (not a reaction, edit, revoke, vote or protocol stub). */
function isChatMessage(msg: WAMessage): boolean {
  const content = normalizeMessageContent(msg.message);
  if (!content) return false;
  return !(
    content.protocolMessage ||
    content.reactionMessage ||
    content.pollUpdateMessage ||
    (content.senderKeyDistributionMessage && Object.keys(content).length === 1)
  );
}

/**
 * The chat changes of `messages.upsert`: each message moves its chat's last message, and a live
 * (`notify`) message from someone else adds one unread.
 */
export function chatPatchesFromMessages(
  messages: WAMessage[],
  type: 'notify' | 'append' | string,
): ChatPatch[] {
  const patches: ChatPatch[] = [];
  for (const msg of messages) {
    const jid = msg.key.remoteJid;
    if (!isListedChat(jid) || !msg.key.id || !isChatMessage(msg)) continue;
    const t = num(msg.messageTimestamp) ?? Math.floor(Date.now() / 1000);
    const fromMe = !!msg.key.fromMe;
    patches.push({
      id: chatKey(jid, msg.key.remoteJidAlt),
      lastMessage: { id: msg.key.id, timestamp: asMs(t), fromMe },
      ...(type === 'notify' && !fromMe ? { unreadDelta: 1 } : {}),
    });
  }
  return patches;
}

/**
 * The jid a person's chat is kept under: the phone number when WhatsApp told it (a chat addressed
 * by LID with its PN alongside), so routes that name a number find it; groups as they are.
 */
export function chatKey(jid: string, alt?: string | null): string {
  const id = jidNormalizedUser(jid);
  if (isLidUser(id) && alt && jidNormalizedUser(alt).endsWith('@s.whatsapp.net'))
    return jidNormalizedUser(alt);
  return id;
}

/** Who wrote a message someone else sent, with both addresses when WhatsApp told them. */
export function contactPatchesFromMessages(messages: WAMessage[]): ContactPatch[] {
  const patches: ContactPatch[] = [];
  for (const msg of messages) {
    if (msg.key.fromMe || !msg.key.remoteJid || !isListedChat(msg.key.remoteJid)) continue;
    const group = isJidGroup(msg.key.remoteJid);
    const sender = group ? msg.key.participant : msg.key.remoteJid;
    const alt = group ? msg.key.participantAlt : msg.key.remoteJidAlt;
    if (!sender || isJidGroup(sender)) continue;
    const id = jidNormalizedUser(sender);
    const other = alt ? jidNormalizedUser(alt) : undefined;
    patches.push({
      id,
      ...addresses(id, other),
      ...(msg.pushName ? { pushName: msg.pushName } : {}),
      ...(msg.verifiedBizName ? { verifiedName: msg.verifiedBizName, business: true } : {}),
    });
  }
  return patches;
}

function addresses(...jids: (string | undefined | null)[]): Pick<ContactPatch, 'pn' | 'lid'> {
  const out: Pick<ContactPatch, 'pn' | 'lid'> = {};
  for (const j of jids) {
    if (!j) continue;
    if (isLidUser(j)) out.lid = jidNormalizedUser(j);
    else if (j.endsWith('@s.whatsapp.net')) out.pn = jidNormalizedUser(j);
  }
  return out;
}

/**
 * A Baileys chat (history sync, `chats.upsert`) or chat update (app-state: archive, pin, mute,
 * read) as a store patch and the event's fields. `unreadCount` is taken when absolute (0: read;
 * from history sync any count); Baileys' positive counts in live updates are increments the
 * message handler already counted, and -1 (marked unread) is left to the stored count.
 */
export function chatPatchFromBaileys(
  chat: Chat | BaileysChatUpdate,
  absoluteUnread: boolean,
): { patch: ChatPatch; update: ChatUpdate } | undefined {
  if (!isListedChat(chat.id)) return undefined;
  const id = jidNormalizedUser(chat.id);
  const patch: ChatPatch = { id };
  const update: ChatUpdate = { chat: id };
  if (typeof chat.archived === 'boolean') patch.archived = update.archived = chat.archived;
  if (chat.pinned !== undefined) {
    const pinned = num(chat.pinned);
    patch.pinnedAt = pinned ? asMs(pinned) : null;
    update.pinned = !!pinned;
  }
  if (chat.muteEndTime !== undefined) {
    const until = num(chat.muteEndTime);
    patch.mutedUntil = until ? asMs(until) : null;
    update.mutedUntil = until ? asSeconds(asMs(until)) : 0;
  }
  const unread = num(chat.unreadCount);
  if (unread !== undefined && (unread === 0 || (absoluteUnread && unread > 0))) {
    patch.unreadCount = update.unreadCount = unread;
  }
  if (typeof chat.name === 'string' && chat.name) patch.name = update.name = chat.name;
  if (absoluteUnread) {
    // history: the conversation's time is its last message's (the messages carry their ids)
    const last = chat.messages?.at(-1)?.message;
    const t = num(chat.conversationTimestamp);
    if (last?.key?.id && t)
      patch.lastMessage = { id: last.key.id, timestamp: asMs(t), fromMe: !!last.key.fromMe };
  }
  return { patch, update };
}

/**
 * The chats another device of the account read: WhatsApp relays a device's read receipts to the
 * account's other devices, which Baileys emits as `messages.update` to READ (or PLAYED) of a
 * message not from this account. A chat is read up to its newest message at once (the clients
 * send the receipts of a chat's unread messages together), so such a chat has nothing unread.
 */
export function chatsReadElsewhere(updates: WAMessageUpdate[]): string[] {
  const READ = 4; // proto.WebMessageInfo.Status.READ (PLAYED is 5)
  const chats = new Set<string>();
  for (const { key, update } of updates) {
    const status = num(update.status);
    if (key.fromMe || status === undefined || status < READ || !isListedChat(key.remoteJid)) continue;
    chats.add(chatKey(key.remoteJid, key.remoteJidAlt));
  }
  return [...chats];
}

/** A Baileys contact (or update) as a store patch. */
export function contactPatchFromBaileys(contact: Partial<Contact>): ContactPatch | undefined {
  if (!contact.id || isJidGroup(contact.id) || !isListedChat(contact.id)) return undefined;
  const id = jidNormalizedUser(contact.id);
  return {
    id,
    ...addresses(id, contact.lid, contact.phoneNumber),
    ...(contact.name ? { name: contact.name } : {}),
    ...(contact.notify ? { pushName: contact.notify } : {}),
    ...(contact.verifiedName ? { verifiedName: contact.verifiedName, business: true } : {}),
  };
}

/** What a patch would change on a stored contact (empty: nothing new). */
function contactChanges(stored: StoredContact | undefined, patch: ContactPatch): ContactPatch | undefined {
  const changed: ContactPatch = { id: patch.id };
  let any = !stored;
  for (const key of ['pn', 'lid', 'name', 'pushName', 'verifiedName', 'business'] as const) {
    if (patch[key] === undefined || stored?.[key] === patch[key]) continue;
    (changed as unknown as Record<string, unknown>)[key] = patch[key];
    any = true;
  }
  return any ? { ...patch } : undefined;
}

/** A stored chat as the canonical `ChatInfo` (times in seconds). */
export function chatInfo(chat: StoredChat): ChatInfo {
  return {
    id: chat.id,
    ...(chat.name ? { name: chat.name } : {}),
    isGroup: chat.id.endsWith('@g.us'),
    unreadCount: chat.unreadCount,
    archived: chat.archived,
    pinned: chat.pinnedAt !== undefined,
    ...(chat.pinnedAt !== undefined ? { pinnedAt: asSeconds(chat.pinnedAt) } : {}),
    ...(chat.mutedUntil !== undefined ? { mutedUntil: asSeconds(chat.mutedUntil) } : {}),
    labels: chat.labels,
    ...(chat.lastMessage
      ? {
          lastMessage: {
            id: chat.lastMessage.id,
            fromMe: chat.lastMessage.fromMe,
            timestamp: asSeconds(chat.lastMessage.timestamp),
          },
        }
      : {}),
  };
}

export function contactInfo(contact: StoredContact, blocked: ReadonlySet<string>): ContactInfo {
  return {
    id: contact.id,
    ...(contact.pn ? { pn: contact.pn } : {}),
    ...(contact.lid ? { lid: contact.lid } : {}),
    ...(contact.name ? { name: contact.name } : {}),
    ...(contact.pushName ? { pushName: contact.pushName } : {}),
    ...(contact.verifiedName ? { verifiedName: contact.verifiedName } : {}),
    ...(contact.business ? { business: true } : {}),
    blocked: [contact.id, contact.pn, contact.lid].some((j) => !!j && blocked.has(j)),
  };
}

type Publish = <E extends EventName>(event: E, data: EventData[E]) => Promise<void>;

export interface ChatFeedOptions {
  instance: string;
  stores: ChatStores;
  publish: Publish;
  logger: Logger;
  /** Saves history messages in the message store (they come in no `messages.upsert`). */
  saveMessages(messages: WAMessage[]): Promise<void>;
  /** A LID's phone-number jid, when the session knows it (blocklists come as LIDs). */
  pnOf(jid: string): Promise<string | undefined>;
}

/**
 * Keeps an instance's chat store in step with WhatsApp: Baileys' chat, contact, blocklist, label
 * and history events (and every message upsert) become store writes, applied one at a time in
 * the order they came, and `chat-updated`, `contact-updated` and `blocklist-changed` events.
 * A store failure is logged and never stops the session.
 */
export class ChatFeed {
  private readonly queue = new KeyedSerialQueue();
  /** Counts work queued on the feed (`enqueue`): tells whether anything was queued after `upserts`. */
  private seq = 0;
  /** The messages' chat and contact patches queued last and not started yet (`messages.upsert`). */
  private upserts?: { seq: number; chats: ChatPatch[]; contacts: ContactPatch[] };

  constructor(private readonly o: ChatFeedOptions) {}

  /** Listens to a socket's events while `mine()` (a replaced socket's late events are ignored). */
  attach(ev: BaileysEventEmitter, mine: () => boolean): void {
    const on =
      <T>(work: (arg: T) => Promise<void>) =>
      (arg: T) => {
        if (mine()) this.run(() => work(arg));
      };
    ev.on('messages.upsert', ({ messages, type }) => {
      if (!mine()) return;
      const chats = chatPatchesFromMessages(messages, type);
      const contacts = contactPatchesFromMessages(messages);
      // upserts that come while the one queued last has not started join it (in order, nothing
      // queued between them): one chat write per batch rather than one per message
      const last = this.upserts;
      if (last && last.seq === this.seq) {
        last.chats.push(...chats);
        last.contacts.push(...contacts);
        return;
      }
      const batch = { seq: 0, chats, contacts };
      this.run(async () => {
        if (this.upserts === batch) this.upserts = undefined;
        await this.o.stores.chats.apply(this.o.instance, batch.chats);
        await this.contacts(batch.contacts, false);
      });
      batch.seq = this.seq;
      this.upserts = batch;
    });
    ev.on(
      'messages.update',
      on(async (updates) => this.markRead(chatsReadElsewhere(updates))),
    );
    ev.on(
      'chats.upsert',
      on(async (chats) => this.chats(chats, false)),
    );
    ev.on(
      'chats.update',
      on(async (updates) => this.chats(updates, false, true)),
    );
    ev.on(
      'chats.delete',
      on(async (ids) => {
        for (const id of ids.filter(isListedChat).map((j) => jidNormalizedUser(j))) {
          await this.o.stores.chats.delete(this.o.instance, id);
          await this.o.publish('chat-updated', { chat: id, deleted: true });
        }
      }),
    );
    ev.on(
      'contacts.upsert',
      on(async (contacts) => this.contacts(contacts.map(contactPatchFromBaileys), true)),
    );
    ev.on(
      'contacts.update',
      on(async (contacts) => {
        // WhatsApp's picture notifications name only the contact: nothing to store, one event each
        await this.contacts(contacts.filter((c) => !isPictureOnly(c)).map(contactPatchFromBaileys), true);
        for (const update of contacts.map(pictureUpdateOf))
          if (update) await this.o.publish('contact-updated', update);
      }),
    );
    ev.on(
      'blocklist.set',
      on(async ({ blocklist }) => this.replaceBlocklist(blocklist)),
    );
    ev.on(
      'blocklist.update',
      on(async ({ blocklist, type }) => {
        const jids = await this.pns(blocklist);
        if (type === 'add') await this.o.stores.blocklist.add(this.o.instance, jids);
        else await this.o.stores.blocklist.remove(this.o.instance, jids);
        await this.o.publish('blocklist-changed', { action: type === 'add' ? 'block' : 'unblock', jids });
      }),
    );
    ev.on(
      'labels.association',
      on(async ({ association, type }) => {
        if (association.type !== 'label_jid' || !isListedChat(association.chatId)) return;
        const id = jidNormalizedUser(association.chatId);
        const stored = await this.o.stores.chats.get(this.o.instance, id);
        const labels = new Set(stored?.labels ?? []);
        if (type === 'add') labels.add(association.labelId);
        else labels.delete(association.labelId);
        await this.o.stores.chats.apply(this.o.instance, [{ id, labels: [...labels] }]);
        await this.o.publish('chat-updated', { chat: id, labels: [...labels] });
        const stores = this.labelStores();
        if (stores)
          await this.o.publish(
            'label-updated',
            await associationChange(stores, this.o.instance, {
              type,
              labelId: association.labelId,
              chat: id,
              chatLabels: [...labels],
            }),
          );
      }),
    );
    ev.on(
      'labels.edit',
      on(async (label) => {
        const stores = this.labelStores();
        if (!stores) return;
        const change = await storeLabelEdit(stores, this.o.instance, label);
        if (change) await this.o.publish('label-updated', change);
      }),
    );
    ev.on(
      'messaging-history.set',
      on(async ({ chats, contacts, messages }) => {
        await this.o.saveMessages(messages);
        await this.chats(chats, true);
        await this.o.stores.chats.apply(this.o.instance, chatPatchesFromMessages(messages, 'append'));
        await this.contacts(
          [...contacts.map(contactPatchFromBaileys), ...contactPatchesFromMessages(messages)],
          false,
        );
        this.o.logger.info(
          { chats: chats.length, contacts: contacts.length, messages: messages.length },
          'history sync stored',
        );
      }),
    );
  }

  /** WhatsApp's whole blocklist (asked for on connect): stored, and published when it changed. */
  replaceBlocklist(jids: string[]): Promise<void> {
    return this.enqueue(async () => {
      const pns = (await this.pns(jids)).sort();
      const before = await this.o.stores.blocklist.list(this.o.instance);
      if (before.length === pns.length && before.every((j, i) => j === pns[i])) return;
      await this.o.stores.blocklist.replace(this.o.instance, pns);
      await this.o.publish('blocklist-changed', { action: 'set', jids: pns });
    });
  }

  /**
   * The account read these chats (read receipts sent through zapgate): nothing unread in them any
   * more; `chat-updated` for each that had unread messages.
   */
  read(chats: string[]): Promise<void> {
    return this.enqueue(() => this.markRead(chats));
  }

  private async markRead(chats: string[]): Promise<void> {
    for (const id of new Set(chats.filter(isListedChat).map((c) => jidNormalizedUser(c)))) {
      const stored = await this.o.stores.chats.get(this.o.instance, id);
      if (!stored?.unreadCount) continue;
      await this.o.stores.chats.apply(this.o.instance, [{ id, unreadCount: 0 }]);
      await this.o.publish('chat-updated', { chat: id, unreadCount: 0 });
    }
  }

  private labelStores() {
    const labels = this.o.stores.labels;
    return labels ? { labels, chats: this.o.stores.chats } : undefined;
  }

  /** Waits for every write queued so far. */
  flushed(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  /** Queues work on the feed, after everything queued before. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    this.seq++;
    return this.queue.run('feed', work);
  }

  private run(work: () => Promise<void>): void {
    void this.enqueue(work).catch((err: unknown) =>
      this.o.logger.error({ err }, 'updating the chat store failed'),
    );
  }

  /**
   * Stores chats (history, `chats.upsert`) or changes to them (`chats.update`: Baileys follows
   * every message with one of its time alone, which the message's own upsert has stored already;
   * an update that names nothing else is not written, nor makes a chat).
   */
  private async chats(chats: (Chat | BaileysChatUpdate)[], history: boolean, updates = false): Promise<void> {
    const mapped = chats
      .map((c) => chatPatchFromBaileys(c, history))
      .filter((c): c is NonNullable<typeof c> => !!c);
    const patches = mapped.map((m) => m.patch).filter((p) => !updates || Object.keys(p).length > 1);
    if (patches.length) await this.o.stores.chats.apply(this.o.instance, patches);
    // history fills the store; live changes are news
    if (history) return;
    for (const { update } of mapped)
      if (Object.keys(update).length > 1) await this.o.publish('chat-updated', update);
  }

  /** Applies what is new about each contact; publishes it when `announce` (WhatsApp's contact events). */
  private async contacts(patches: (ContactPatch | undefined)[], announce: boolean): Promise<void> {
    for (const patch of patches) {
      if (!patch) continue;
      const stored =
        (await this.o.stores.contacts.get(this.o.instance, patch.id)) ??
        (patch.pn ? await this.o.stores.contacts.get(this.o.instance, patch.pn) : undefined) ??
        (patch.lid ? await this.o.stores.contacts.get(this.o.instance, patch.lid) : undefined);
      const changed = contactChanges(stored, patch);
      if (!changed) continue;
      await this.o.stores.contacts.apply(this.o.instance, [changed]);
      if (!announce && stored) continue;
      const update: ContactUpdate = {
        contact: patch.id,
        ...(patch.pn ? { pn: patch.pn } : {}),
        ...(patch.lid ? { lid: patch.lid } : {}),
        ...(patch.name ? { name: patch.name } : {}),
        ...(patch.pushName ? { pushName: patch.pushName } : {}),
        ...(patch.verifiedName ? { verifiedName: patch.verifiedName } : {}),
      };
      await this.o.publish('contact-updated', update);
    }
  }

  /** Blocklist jids as phone numbers where the session knows them (WhatsApp names LIDs). */
  private async pns(jids: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const jid of jids) {
      const normalized = jidNormalizedUser(jid);
      const pn = isLidUser(normalized) ? await this.o.pnOf(normalized).catch(() => undefined) : undefined;
      // the mapping names a device (`<pn>:0@s.whatsapp.net`): the account is what is blocked
      out.push(pn ? jidNormalizedUser(pn) : normalized);
    }
    return [...new Set(out)];
  }
}

/**
 * Baileys' `shouldSyncHistoryMessage`: a history notification the phone really sent (an inline
 * payload or a blob) is taken unless it is a FULL sync; Baileys' own probe at login (a bare
 * RECENT notification) is refused, so it goes online at once instead of holding every event for
 * 20 s waiting for history that may never come (a simulator, a phone offline). History that
 * arrives later is still processed.
 */
export function acceptsHistory(n: {
  syncType?: number | null;
  initialHistBootstrapInlinePayload?: Uint8Array | null;
  directPath?: string | null;
}): boolean {
  const FULL = 2; // proto.HistorySync.HistorySyncType.FULL
  return n.syncType !== FULL && (!!n.initialHistBootstrapInlinePayload?.length || !!n.directPath);
}
