/**
 * Chats, contacts, the blocklist and the profile: canonical commands (answered by the shard that
 * owns the instance, reads from its chat store, changes through WhatsApp) and their results.
 */
import type { PresenceState } from './events.js';

/** A chat as the chat list shows it. */
export interface ChatInfo {
  /** The chat's jid: `<digits>@s.whatsapp.net`, `<digits>@lid` or `<id>@g.us`. */
  id: string;
  name?: string;
  isGroup: boolean;
  unreadCount: number;
  archived: boolean;
  pinned: boolean;
  /** Seconds since epoch it was pinned. */
  pinnedAt?: number;
  /** Muted until then (seconds since epoch; -1: for ever); absent when not muted. */
  mutedUntil?: number;
  labels: string[];
  lastMessage?: { id: string; fromMe: boolean; /** Seconds since epoch. */ timestamp: number };
}

/** A person the instance knows of (a saved contact, or someone who wrote). */
export interface ContactInfo {
  id: string;
  /** Phone-number jid (`@s.whatsapp.net`) and LID (`@lid`), when known. */
  pn?: string;
  lid?: string;
  /** The name saved in the phone's address book. */
  name?: string;
  /** The name the person gave themselves. */
  pushName?: string;
  verifiedName?: string;
  business?: boolean;
  /** Whether this account has blocked it. */
  blocked: boolean;
}

/** What `modify-chat` does; each is a WhatsApp app-state change, except `mark-read` (read receipts). */
export type ChatModification =
  | 'archive'
  | 'unarchive'
  | 'pin'
  | 'unpin'
  | 'mute'
  | 'unmute'
  | 'mark-read'
  | 'mark-unread'
  | 'clear'
  | 'delete';

export const CHAT_MODIFICATIONS: readonly ChatModification[] = [
  'archive',
  'unarchive',
  'pin',
  'unpin',
  'mute',
  'unmute',
  'mark-read',
  'mark-unread',
  'clear',
  'delete',
];

export interface ListChatsCommand {
  instance: string;
  archived?: boolean;
  kind?: 'user' | 'group';
  unreadOnly?: boolean;
  withMessages?: boolean;
  /** Chats with any of these label ids. */
  labels?: string[];
  /** A chat jid of an earlier page: the chats after it (older) or, with direction `before`, newer. */
  anchor?: string;
  direction?: 'before' | 'after';
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface ModifyChatCommand {
  instance: string;
  chat: string;
  action: ChatModification;
  /** `mute`: until then (seconds since epoch); absent: for ever. */
  muteUntil?: number;
}

export interface ProfileStatus {
  jid: string;
  /** The "about" text; absent when WhatsApp shows none (or hides it). */
  status?: string;
  /** Seconds since epoch it was set. */
  setAt?: number;
}

export interface ChatInstanceCommands {
  /** The instance's chats from its chat store, newest activity first. */
  'list-chats': { request: ListChatsCommand; reply: ChatInfo[] };
  /** One chat; chat_not_found when the store does not have it. */
  'get-chat': { request: { instance: string; chat: string }; reply: ChatInfo };
  /**
   * Archives, pins, mutes, marks read or unread, clears or deletes a chat through WhatsApp.
   * Everything but `mark-read` is an app-state patch (Baileys `chatModify`), which needs the
   * app-state key the phone shares with its linked devices: not_implemented when the session has none.
   * `mark-read` sends read receipts for the chat's unread messages (the message store's) and
   * sets the unread count to 0.
   */
  'modify-chat': { request: ModifyChatCommand; reply: ChatInfo };
  /** The contacts from the chat store (by id). */
  'list-contacts': { request: { instance: string; limit?: number; after?: string }; reply: ContactInfo[] };
  /** One contact by its jid (PN or LID); contact_not_found when the store does not have it. */
  'get-contact': { request: { instance: string; contact: string }; reply: ContactInfo };
  /** The jids the account has blocked, as WhatsApp last told (asked again when connected). */
  'get-blocklist': { request: { instance: string }; reply: { jids: string[] } };
  /** Blocks (`block: true`) or unblocks a user through WhatsApp; replies with the new blocklist. */
  'block-contact': {
    request: { instance: string; contact: string; block: boolean };
    reply: { jids: string[] };
  };
  /** A profile picture's URL (`preview`: the small one); `url` absent when there is none to see. */
  'get-profile-picture': {
    request: { instance: string; jid: string; preview?: boolean };
    reply: { jid: string; url?: string };
  };
  /** A user's "about" text. */
  'get-profile-status': { request: { instance: string; jid: string }; reply: ProfileStatus };
  /** Sets this account's "about" text. */
  'set-profile-status': { request: { instance: string; status: string }; reply: { status: string } };
  /** Sets this account's push name (an app-state change: not_implemented without the app-state key). */
  'set-profile-name': { request: { instance: string; name: string }; reply: { name: string } };
  /**
   * Asks WhatsApp for a user's presence updates (Baileys `presenceSubscribe`): `presence-updated`
   * events follow while the session is connected.
   */
  'subscribe-presence': { request: { instance: string; chat: string }; reply: { chat: string } };
  /** The latest presence the session saw of a user (kept in memory since it connected). */
  'get-presence': { request: { instance: string; chat: string }; reply: PresenceInfo };
  /**
   * Rejects a call offered to the account (Baileys `rejectCall`): the caller sees it rejected.
   * `from` (the caller) is needed only when the session did not see the offer itself.
   */
  'reject-call': { request: { instance: string; callId: string; from?: string }; reply: { callId: string } };
}

/** The latest presence a session saw of a user; `presence` absent when it saw none. */
export interface PresenceInfo {
  chat: string;
  presence?: PresenceState;
  /** Seconds since epoch the user was last online, when WhatsApp told. */
  lastSeen?: number;
  /** Seconds since epoch the session saw it. */
  at?: number;
}

/** Every chat command verb (the compiler checks none is missing or extra). */
export const CHAT_COMMAND_VERBS = Object.keys({
  'list-chats': true,
  'get-chat': true,
  'modify-chat': true,
  'list-contacts': true,
  'get-contact': true,
  'get-blocklist': true,
  'block-contact': true,
  'get-profile-picture': true,
  'get-profile-status': true,
  'set-profile-status': true,
  'set-profile-name': true,
  'subscribe-presence': true,
  'get-presence': true,
  'reject-call': true,
} satisfies Record<keyof ChatInstanceCommands, true>) as readonly (keyof ChatInstanceCommands)[];

/** `chat-updated`: a chat changed (archived, pinned, muted, read, renamed, deleted, labels). */
export interface ChatUpdate {
  chat: string;
  /** What changed (only the fields WhatsApp told); `deleted` when the chat was deleted. */
  archived?: boolean;
  pinned?: boolean;
  /** Seconds since epoch; -1 for ever; 0 when unmuted. */
  mutedUntil?: number;
  unreadCount?: number;
  name?: string;
  labels?: string[];
  deleted?: boolean;
}

/** `contact-updated`: a contact's names or addresses changed. */
export interface ContactUpdate {
  contact: string;
  pn?: string;
  lid?: string;
  name?: string;
  pushName?: string;
  verifiedName?: string;
  /**
   * The contact's profile picture changed (a new one: `changed`) or was removed, as WhatsApp's
   * picture notification tells; `get-profile-picture` answers the new URL.
   */
  picture?: 'changed' | 'removed';
}

/** `blocklist-changed`: users blocked or unblocked (`set`: the whole list, as WhatsApp sent it). */
export interface BlocklistChange {
  action: 'block' | 'unblock' | 'set';
  jids: string[];
}
