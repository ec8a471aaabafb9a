import {
  isJidGroup,
  jidNormalizedUser,
  type ChatModification as BaileysChatModification,
  type WASocket,
} from '@whiskeysockets/baileys';
import {
  DomainError,
  ErrorCode,
  type ChatInfo,
  type ContactInfo,
  type EditLabelCommand,
  type LabelChatsCommand,
  type LabelInfo,
  type PresenceInfo,
  type PresenceUpdate,
  type ProfileStatus,
} from '@zapgate/contracts';
import type { MessageRepository, StoredChat } from '@zapgate/storage';
import { chatInfo, contactInfo, type ChatFeed, type ChatStores } from './chat-sync.js';
import { BaileysLabels } from './baileys-labels.js';
import { parseStoredMessage } from './stored-message.js';
import { WhatsAppChats, type ChatListing, type ChatModificationRequest } from './whatsapp-chats.port.js';

const DEFAULT_CHAT_LIMIT = 100;
/** The most unread messages `mark-read` sends receipts for at once. */
const MAX_READ_RECEIPTS = 500;

/** Why WhatsApp refuses app-state changes to a session (Baileys: "App state key not present!"). */
export const APP_STATE_UNAVAILABLE =
  'WhatsApp applies archive, pin, mute, mark-unread, clear, delete and the profile name as app-state sync ' +
  'patches encrypted with the app-state key that the phone shares with its linked devices; this session ' +
  'has not received that key (the phone shares it with a device right after linking it), so the change ' +
  'cannot be made';

const statusOf = (err: unknown): number | undefined =>
  (err as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
/** The code of an iq error WhatsApp answered (Baileys' Boom carries it in `data`). */
const iqCode = (err: unknown): number | undefined => {
  const data = (err as { data?: unknown } | undefined)?.data;
  return typeof data === 'number' ? data : undefined;
};

/** Chats, contacts, blocklist and profile over a Baileys socket and the session's chat store. */
export class BaileysChats extends WhatsAppChats {
  /** The latest presence seen per user since the session started (WhatsApp sends it live only). */
  private readonly presences = new Map<string, PresenceInfo>();
  /** Calls offered to the account since the session started: call id -> caller. */
  private readonly calls = new Map<string, string>();
  /** Labels, when the session keeps them (a label store). */
  private readonly labels?: BaileysLabels;

  constructor(
    private readonly instance: string,
    private readonly stores: ChatStores,
    private readonly messages: MessageRepository,
    private readonly feed: ChatFeed,
    private readonly socket: () => WASocket,
  ) {
    super();
    if (stores.labels)
      this.labels = new BaileysLabels(instance, { labels: stores.labels, chats: stores.chats }, feed, socket);
  }

  override listLabels(includeDeleted: boolean): Promise<LabelInfo[]> {
    return this.labels ? this.labels.list(includeDeleted) : super.listLabels(includeDeleted);
  }

  override editLabel(request: Omit<EditLabelCommand, 'instance'>): Promise<LabelInfo> {
    return this.labels ? this.labels.edit(request) : super.editLabel(request);
  }

  override labelChats(
    request: Omit<LabelChatsCommand, 'instance'>,
  ): Promise<{ chats: { chat: string; labels: string[] }[] }> {
    return this.labels ? this.labels.labelChats(request) : super.labelChats(request);
  }

  async listChats(query: ChatListing): Promise<ChatInfo[]> {
    let cursor: { activity: number; id: string } | undefined;
    if (query.anchor) {
      const anchor = await this.stored(query.anchor);
      cursor = { activity: anchor.lastMessage?.timestamp ?? 0, id: anchor.id };
    }
    const found = await this.stores.chats.list(this.instance, {
      ...(query.archived !== undefined ? { archived: query.archived } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.unreadOnly ? { unreadOnly: true } : {}),
      ...(query.withMessages ? { withMessages: true } : {}),
      ...(query.labels?.length ? { labels: query.labels } : {}),
      ...(cursor ? { [query.direction === 'before' ? 'before' : 'after']: cursor } : {}),
      limit: query.limit ?? DEFAULT_CHAT_LIMIT,
    });
    return found.map(chatInfo);
  }

  async getChat(chat: string): Promise<ChatInfo> {
    return chatInfo(await this.stored(chat));
  }

  private async stored(chat: string): Promise<StoredChat> {
    const found = await this.stores.chats.get(this.instance, jidNormalizedUser(chat));
    if (!found)
      throw new DomainError(
        ErrorCode.ChatNotFound,
        `chat ${chat} not found: this instance has no messages or history of it`,
        { chat },
      );
    return found;
  }

  async modifyChat({ chat, action, muteUntil }: ChatModificationRequest): Promise<ChatInfo> {
    const socket = this.socket();
    const id = jidNormalizedUser(chat);
    if (action === 'mark-read') return this.markRead(socket, id);
    const stored = await this.stored(id);
    const lastMessages = await this.lastMessages(stored);
    const mod: BaileysChatModification =
      action === 'archive' || action === 'unarchive'
        ? { archive: action === 'archive', lastMessages }
        : action === 'pin' || action === 'unpin'
          ? { pin: action === 'pin' }
          : action === 'mute'
            ? { mute: muteUntil !== undefined ? muteUntil * 1000 : -1 }
            : action === 'unmute'
              ? { mute: null }
              : action === 'mark-unread'
                ? { markRead: false, lastMessages }
                : action === 'clear'
                  ? { clear: true, lastMessages }
                  : { delete: true, lastMessages };
    await this.appState(() => socket.chatModify(mod, id));
    // Baileys applies its own patch (chats.update); the store follows the change WhatsApp accepted
    await this.feed.flushed();
    if (action === 'delete') {
      await this.stores.chats.delete(this.instance, id);
      return { ...chatInfo(stored), unreadCount: 0 };
    }
    const patch =
      action === 'archive' || action === 'unarchive'
        ? { archived: action === 'archive' }
        : action === 'pin' || action === 'unpin'
          ? { pinnedAt: action === 'pin' ? Date.now() : null }
          : action === 'mute'
            ? { mutedUntil: muteUntil !== undefined ? muteUntil * 1000 : -1 }
            : action === 'unmute'
              ? { mutedUntil: null }
              : action === 'mark-unread'
                ? { unreadCount: Math.max(stored.unreadCount, 1) }
                : {};
    await this.stores.chats.apply(this.instance, [{ id, ...patch }]);
    return this.getChat(id);
  }

  /** Read receipts for the chat's unread messages (the newest `unreadCount` received ones), then 0 unread. */
  private async markRead(socket: WASocket, id: string): Promise<ChatInfo> {
    const stored = await this.stored(id);
    if (stored.unreadCount > 0) {
      const unread = await this.messages.list(this.instance, {
        chat: id,
        fromMe: false,
        limit: Math.min(stored.unreadCount, MAX_READ_RECEIPTS),
      });
      if (unread.length)
        await socket.readMessages(
          unread.map((m) => ({
            remoteJid: m.chat,
            id: m.id,
            fromMe: false,
            ...(m.sender && isJidGroup(m.chat) ? { participant: m.sender } : {}),
          })),
        );
    }
    await this.feed.read([id]);
    return this.getChat(id);
  }

  /** The chat's newest stored message, as Baileys' app-state patches name it. */
  private async lastMessages(chat: StoredChat) {
    const [last] = await this.messages.list(this.instance, { chat: chat.id, limit: 1 });
    if (!last) return [];
    const msg = parseStoredMessage(last.raw);
    return [{ key: msg.key, messageTimestamp: msg.messageTimestamp }];
  }

  /** Runs an app-state change; not_implemented when the session has no app-state key. */
  private async appState<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (err) {
      const message = (err as Error)?.message ?? '';
      if (/app state key/i.test(message) || /app-state key/i.test(message))
        throw new DomainError(ErrorCode.NotImplemented, APP_STATE_UNAVAILABLE, {
          reason: 'app_state_unavailable',
        });
      throw err;
    }
  }

  async listContacts(query: { limit?: number; after?: string }): Promise<ContactInfo[]> {
    const [contacts, blocked] = await Promise.all([
      this.stores.contacts.list(this.instance, {
        limit: query.limit ?? 1_000,
        ...(query.after ? { after: query.after } : {}),
      }),
      this.blockedSet(),
    ]);
    return contacts.map((c) => contactInfo(c, blocked));
  }

  async getContact(jid: string): Promise<ContactInfo> {
    const found = await this.stores.contacts.get(this.instance, jidNormalizedUser(jid));
    if (!found)
      throw new DomainError(
        ErrorCode.ContactNotFound,
        `contact ${jid} not found: it never wrote to this instance and is not in its synced contacts`,
        { contact: jid },
      );
    return contactInfo(found, await this.blockedSet());
  }

  private async blockedSet(): Promise<Set<string>> {
    return new Set(await this.stores.blocklist.list(this.instance));
  }

  blocklist(): Promise<string[]> {
    return this.stores.blocklist.list(this.instance);
  }

  /** Blocks or unblocks through WhatsApp, then stores the blocklist WhatsApp answers. */
  async block(jid: string, block: boolean): Promise<string[]> {
    const socket = this.socket();
    const target = jidNormalizedUser(jid);
    try {
      await socket.updateBlockStatus(target, block ? 'block' : 'unblock');
    } catch (err) {
      if (statusOf(err) === 400)
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `${jid} cannot be ${block ? 'blocked' : 'unblocked'}: WhatsApp does not know this user (${(err as Error).message})`,
          { contact: jid },
        );
      throw err;
    }
    await this.feed.replaceBlocklist((await socket.fetchBlocklist()).filter((j): j is string => !!j));
    return this.blocklist();
  }

  async profilePicture(jid: string, preview: boolean): Promise<string | undefined> {
    try {
      return (
        (await this.socket().profilePictureUrl(jidNormalizedUser(jid), preview ? 'preview' : 'image')) ??
        undefined
      );
    } catch (err) {
      // WhatsApp answers 404 (no picture) or 401 (hidden by the user's privacy settings): an iq
      // error, whose code Baileys' Boom carries in `data`
      const code = iqCode(err) ?? statusOf(err);
      if (code === 404 || code === 401) return undefined;
      throw err;
    }
  }

  async profileStatus(jid: string): Promise<ProfileStatus> {
    const target = jidNormalizedUser(jid);
    const [found] = ((await this.socket().fetchStatus(target)) ?? []) as {
      id?: string;
      status?: { status?: string | null; setAt?: Date };
    }[];
    const status = found?.status?.status ?? undefined;
    const setAt = found?.status?.setAt ? Math.floor(found.status.setAt.getTime() / 1000) : undefined;
    return { jid: target, ...(status ? { status } : {}), ...(setAt ? { setAt } : {}) };
  }

  async setProfileStatus(status: string): Promise<void> {
    await this.socket().updateProfileStatus(status);
  }

  async setProfileName(name: string): Promise<void> {
    const socket = this.socket();
    await this.appState(() => socket.updateProfileName(name));
  }

  /** Remembers a presence WhatsApp sent (the session calls it on Baileys `presence.update`). */
  notePresence(update: PresenceUpdate): void {
    const user = jidNormalizedUser(update.participant);
    const before = this.presences.get(user);
    const lastSeen = update.lastSeen ?? before?.lastSeen;
    this.presences.set(user, {
      chat: user,
      presence: update.presence,
      ...(lastSeen !== undefined ? { lastSeen } : {}),
      at: Math.floor(Date.now() / 1000),
    });
  }

  override async subscribePresence(jid: string): Promise<void> {
    await this.socket().presenceSubscribe(jidNormalizedUser(jid));
  }

  override async presenceOf(jid: string): Promise<PresenceInfo> {
    const user = jidNormalizedUser(jid);
    return this.presences.get(user) ?? { chat: user };
  }

  /** Remembers who offered a call (the session calls it on Baileys `call` offers). */
  noteCall(callId: string, from: string): void {
    this.calls.set(callId, from);
    // a linked device sees a few calls a day: keep the last 500
    if (this.calls.size > 500) this.calls.delete(this.calls.keys().next().value!);
  }

  /** Rejects an offered call through Baileys `rejectCall` (the caller sees it rejected). */
  override async rejectCall(callId: string, from?: string): Promise<void> {
    const caller = from ?? this.calls.get(callId);
    if (!caller)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `call ${callId} was not offered to this session since it connected: give the caller too`,
      );
    await this.socket().rejectCall(callId, caller);
    this.calls.delete(callId);
  }
}
