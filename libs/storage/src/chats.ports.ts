/** The newest message of a chat, as far as the instance saw it. */
export interface ChatLastMessage {
  id: string;
  /** WhatsApp's message time, ms since the epoch. */
  timestamp: number;
  fromMe: boolean;
}

/** One chat of an instance (a contact's, a group's), as the chat list shows it. */
export interface StoredChat {
  instance: string;
  /** The chat's jid, normalised (no device part): `@s.whatsapp.net`, `@lid` or `@g.us`. */
  id: string;
  /** The chat's name when WhatsApp told it (a group's subject, a saved contact's name). */
  name?: string;
  lastMessage?: ChatLastMessage;
  /** Messages received since the chat was last read. */
  unreadCount: number;
  archived: boolean;
  /** When it was pinned (ms since the epoch); absent: not pinned. */
  pinnedAt?: number;
  /** Muted until then (ms since the epoch; -1: for ever); absent: not muted. */
  mutedUntil?: number;
  /** Label ids (WhatsApp Business). */
  labels: string[];
  /** ISO time of the last change. */
  updatedAt: string;
}

/**
 * A change to a chat; a chat the store does not have is created (not archived, nothing unread).
 * An absent field keeps the stored value; `null` clears an optional one.
 */
export interface ChatPatch {
  id: string;
  name?: string | null;
  archived?: boolean;
  pinnedAt?: number | null;
  mutedUntil?: number | null;
  labels?: string[];
  /** Sets the unread count (before `unreadDelta` is added). */
  unreadCount?: number;
  /** Added to the unread count (never below 0). */
  unreadDelta?: number;
  /** Taken only when it is not older than the stored one (a late history message keeps the newest). */
  lastMessage?: ChatLastMessage;
}

/** A place in the chat order: newest activity (last message time, 0 without one) first, then id. */
export interface ChatCursor {
  activity: number;
  id: string;
}

export interface ChatListQuery {
  archived?: boolean;
  /** Only people's chats (`user`: `@s.whatsapp.net`, `@lid`) or only groups (`group`: `@g.us`). */
  kind?: 'user' | 'group';
  /** Only chats with unread messages. */
  unreadOnly?: boolean;
  /** Only chats with a last message. */
  withMessages?: boolean;
  /** Only chats with at least one of these labels. */
  labels?: string[];
  /** Only chats after (older than) this place in the order. */
  after?: ChatCursor;
  /** Only chats before (newer than) this place; the `limit` nearest to it, still newest first. */
  before?: ChatCursor;
  /** At most this many (1..MAX_CHAT_LIST_LIMIT). */
  limit: number;
}

export const MAX_CHAT_LIST_LIMIT = 1_000;

export const clampChatLimit = (limit: number): number =>
  Math.min(Math.max(Math.trunc(limit) || 1, 1), MAX_CHAT_LIST_LIMIT);

/** Where a chat stands in the order. */
export const chatActivity = (c: Pick<StoredChat, 'lastMessage'>): number => c.lastMessage?.timestamp ?? 0;

/** `a` comes before `b` in the chat order (newest activity first, then id descending). */
export const chatOrder = (a: ChatCursor, b: ChatCursor): number =>
  b.activity - a.activity || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The chat after a patch (both adapters merge with this one function). */
export function mergeChat(
  instance: string,
  stored: StoredChat | undefined,
  patch: ChatPatch,
  now: string,
): StoredChat {
  const chat: StoredChat = stored
    ? { ...stored, labels: [...stored.labels] }
    : { instance, id: patch.id, unreadCount: 0, archived: false, labels: [], updatedAt: now };
  const optional = (key: 'name' | 'pinnedAt' | 'mutedUntil', value: unknown) => {
    if (value === undefined) return;
    if (value === null) delete chat[key];
    else (chat as unknown as Record<string, unknown>)[key] = value;
  };
  optional('name', patch.name);
  optional('pinnedAt', patch.pinnedAt);
  optional('mutedUntil', patch.mutedUntil);
  if (patch.archived !== undefined) chat.archived = patch.archived;
  if (patch.labels !== undefined) chat.labels = [...new Set(patch.labels)];
  if (patch.unreadCount !== undefined) chat.unreadCount = Math.max(0, Math.trunc(patch.unreadCount));
  if (patch.unreadDelta !== undefined)
    chat.unreadCount = Math.max(0, chat.unreadCount + Math.trunc(patch.unreadDelta));
  if (patch.lastMessage && (!chat.lastMessage || patch.lastMessage.timestamp >= chat.lastMessage.timestamp))
    chat.lastMessage = { ...patch.lastMessage };
  chat.updatedAt = now;
  return chat;
}

/**
 * The chat list of each instance, fed by the shard that owns it (live events, history sync) and
 * read by chat routes. Every method is scoped to one instance; writes of one instance apply in
 * call order.
 */
export abstract class ChatRepository {
  /** Applies the patches in order (creating chats it does not have). */
  abstract apply(instance: string, patches: ChatPatch[]): Promise<void>;
  abstract get(instance: string, id: string): Promise<StoredChat | undefined>;
  /** Chats in the order above (newest activity first). */
  abstract list(instance: string, query: ChatListQuery): Promise<StoredChat[]>;
  abstract delete(instance: string, id: string): Promise<boolean>;
  /** Deletes every chat of the instance (logout, deletion); returns how many. */
  abstract clear(instance: string): Promise<number>;
}

/** A person the instance knows of: saved contacts, and anyone who wrote (their push name). */
export interface StoredContact {
  instance: string;
  /** The jid WhatsApp first named it by (PN or LID), normalised. */
  id: string;
  /** The phone-number jid (`@s.whatsapp.net`), when known. */
  pn?: string;
  /** The LID (`@lid`), when known. */
  lid?: string;
  /** The name saved in the phone's address book. */
  name?: string;
  /** The name the person gave themselves (WhatsApp's `notify`). */
  pushName?: string;
  /** A business account's verified name. */
  verifiedName?: string;
  business?: boolean;
  updatedAt: string;
}

/** A change to a contact, found by id, PN or LID; created when none matches. `null` clears. */
export interface ContactPatch {
  id: string;
  pn?: string;
  lid?: string;
  name?: string | null;
  pushName?: string | null;
  verifiedName?: string | null;
  business?: boolean;
}

export function mergeContact(
  instance: string,
  stored: StoredContact | undefined,
  patch: ContactPatch,
  now: string,
): StoredContact {
  const contact: StoredContact = stored ? { ...stored } : { instance, id: patch.id, updatedAt: now };
  for (const key of ['pn', 'lid', 'name', 'pushName', 'verifiedName', 'business'] as const) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === null) delete contact[key];
    else (contact as unknown as Record<string, unknown>)[key] = value;
  }
  // the id is one of its addresses
  if (!stored && patch.id.endsWith('@lid')) contact.lid ??= patch.id;
  if (!stored && patch.id.endsWith('@s.whatsapp.net')) contact.pn ??= patch.id;
  contact.updatedAt = now;
  return contact;
}

export interface ContactListQuery {
  /** Only contacts whose id sorts after this one (paging). */
  after?: string;
  limit: number;
}

/** The contacts of each instance; scoped like `ChatRepository`. */
export abstract class ContactRepository {
  abstract apply(instance: string, patches: ContactPatch[]): Promise<void>;
  /** A contact by its id, PN or LID. */
  abstract get(instance: string, jid: string): Promise<StoredContact | undefined>;
  /** By id, ascending. */
  abstract list(instance: string, query: ContactListQuery): Promise<StoredContact[]>;
  abstract clear(instance: string): Promise<number>;
}

/** The jids an instance's account has blocked (WhatsApp's blocklist, as last told). */
export abstract class BlocklistRepository {
  /** Replaces the whole list (WhatsApp sent it whole). */
  abstract replace(instance: string, jids: string[]): Promise<void>;
  abstract add(instance: string, jids: string[]): Promise<void>;
  abstract remove(instance: string, jids: string[]): Promise<void>;
  /** Sorted ascending. */
  abstract list(instance: string): Promise<string[]>;
  abstract clear(instance: string): Promise<number>;
}
