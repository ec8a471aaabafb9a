import type { PresenceState } from './events.js';
import type { AccountIdentity, InstanceStatus } from './instance.js';
import type { DownloadMediaCommand, MediaReference, MessageContent, SendMessageCommand } from './messages.js';
import { GROUP_COMMAND_VERBS, type GroupInstanceCommands } from './groups.js';
import { CHAT_COMMAND_VERBS, type ChatInstanceCommands } from './chats.js';
import { LABEL_COMMAND_VERBS, type LabelInstanceCommands } from './labels.js';
import { PROFILE_COMMAND_VERBS, type ProfileInstanceCommands } from './profile.js';

/** Canonical commands (payloads of `zg.cmd.<instance>.<verb>` and `zg.ctl.<verb>`), by verb. */
export interface InstanceCommands
  extends GroupInstanceCommands, ChatInstanceCommands, LabelInstanceCommands, ProfileInstanceCommands {
  /** Open the connection (no-op when already open); with `pairingPhone`, ask for a pairing code. */
  connect: { request: { instance: string; pairingPhone?: string }; reply: InstanceStatus };
  'get-status': { request: { instance: string }; reply: InstanceStatus };
  /** The current QR text; fails with qr_not_available / already_connected. */
  'get-qr': { request: { instance: string }; reply: { qr: string } };
  'request-pairing-code': { request: { instance: string; phone: string }; reply: { code: string } };
  /** Unlink from the phone and forget the credentials. */
  logout: { request: { instance: string }; reply: InstanceStatus };
  /** Close and reopen the socket with the same credentials. */
  restart: { request: { instance: string }; reply: InstanceStatus };
  /** Close the socket, keep the credentials. */
  close: { request: { instance: string }; reply: InstanceStatus };
  'check-numbers': { request: { instance: string; numbers: string[] }; reply: NumberCheck[] };
  /**
   * Send any kind of message (the content union of `messages.ts`). The shard checks a
   * `@s.whatsapp.net` recipient is on WhatsApp first (number_not_on_whatsapp), a group that this
   * account is in (group_not_found), and a quoted message in the message store (message_not_found).
   */
  'send-message': { request: SendMessageCommand; reply: SentMessage };
  /**
   * Downloads and decrypts a message's file (by id from the message store, or by its keys) into
   * the media store: message_not_found when the store does not have the message; validation_failed
   * when it has no media (details.reason `no_media`) or the file cannot be fetched or decrypted
   * (details.reason `download_failed`). The caller streams the file and deletes it.
   */
  'download-media': { request: DownloadMediaCommand; reply: MediaReference };
  /**
   * Reacts to a stored message with an emoji (`''` removes the reaction): message_not_found when
   * the store does not have it; validation_failed when `chat` names another chat than the message's.
   */
  'react-message': { request: ReactMessageCommand; reply: MessageActionResult };
  /**
   * Edits the text of a message this account sent (found in the message store): message_not_found,
   * or validation_failed for someone else's message, a message that is not text, or another chat.
   */
  'edit-message': { request: EditMessageCommand; reply: MessageActionResult };
  /**
   * Deletes a stored message: for everyone (a revoke; only this account's messages, or any in a
   * group it administers as WhatsApp decides) or only on this device (`forEveryone: false`, which
   * needs WhatsApp's app-state sync: not_implemented where the session cannot do it).
   */
  'delete-message': { request: DeleteMessageCommand; reply: MessageActionResult };
  /**
   * Stars or unstars a stored message (a WhatsApp app-state change, synced to the account's other
   * devices): message_not_found when the store does not have it; not_implemented when the session
   * has not received the app-state key its phone shares with linked devices.
   */
  'star-message': { request: StarMessageCommand; reply: MessageActionResult };
  /**
   * Forwards a stored message (sent or received by this instance) to `to`, as WhatsApp's
   * "Forwarded" copy: message_not_found when the store does not have it (in `chat`, when given).
   */
  'forward-message': { request: ForwardMessageCommand; reply: SentMessage };
  /** Sends read receipts for received messages (blue ticks on the senders' phones). */
  'read-messages': { request: ReadMessagesCommand; reply: { read: number } };
  /** Sets the account's presence (`available`/`unavailable`), or a chat state in `chat`. */
  'send-presence': { request: SendPresenceCommand; reply: { state: PresenceState; chat?: string } };
  /**
   * Posts a status (story) to `status@broadcast`, delivered to `recipients` only (WhatsApp's
   * `statusJidList`): a text (with a background colour and font) or an image or video.
   */
  'post-status': { request: PostStatusCommand; reply: SentMessage };
  /**
   * Turns disappearing messages on (`seconds`) or off (0) in a chat: a 1:1 chat gets WhatsApp's
   * ephemeral-setting message, a group its ephemeral setting (group_not_found when not a member).
   */
  'set-disappearing': { request: SetDisappearingCommand; reply: { chat: string; seconds: number } };
}

/** A status post: what it shows, and the contacts who get it. */
export interface PostStatusCommand {
  instance: string;
  content: StatusContent;
  /** The contacts the post is delivered to (user jids; at least one). */
  recipients: string[];
}

/** What a status post shows: a text on a coloured background, or an image or video with a caption. */
export type StatusContent =
  | {
      kind: 'text';
      text: string;
      /** Background colour, `#RRGGBB` (or `#AARRGGBB`). */
      backgroundColor?: string;
      /** WhatsApp's status font (`ExtendedTextMessage.FontType`: 0 SYSTEM, 1 SYSTEM_TEXT, 2 FB_SCRIPT, 6-10). */
      font?: number;
    }
  | Extract<MessageContent, { kind: 'image' | 'video' }>;

export interface SetDisappearingCommand {
  instance: string;
  /** A user jid or a group. */
  chat: string;
  /** How long messages last: 0 (off), 86400 (24 h), 604800 (7 days) or 7776000 (90 days). */
  seconds: number;
}

/** The durations WhatsApp offers for disappearing messages, in seconds (0: off). */
export const DISAPPEARING_DURATIONS: readonly number[] = [0, 86_400, 604_800, 7_776_000];

/** A message of the message store an action names: its WhatsApp id and, when known, its chat. */
interface MessageTarget {
  instance: string;
  id: string;
  /** The chat's jid (`@s.whatsapp.net`, `@lid` or `@g.us`); checked against the stored message's. */
  chat?: string;
}

export interface ReactMessageCommand extends MessageTarget {
  /** One emoji; `''` removes this account's reaction. */
  emoji: string;
}

export interface EditMessageCommand extends MessageTarget {
  text: string;
}

export interface DeleteMessageCommand extends MessageTarget {
  /** true: revoke for everyone; false: delete only for this account. */
  forEveryone: boolean;
}

export interface StarMessageCommand extends MessageTarget {
  /** true stars, false unstars. */
  star: boolean;
}

export interface ForwardMessageCommand extends MessageTarget {
  /** The recipient (checked like a send's). */
  to: string;
}

export interface ReadMessagesCommand {
  instance: string;
  keys: { chat: string; id: string; fromMe?: boolean; participant?: string }[];
}

export interface SendPresenceCommand {
  instance: string;
  /** The chat the state is for; required for composing, recording and paused. */
  chat?: string;
  state: PresenceState;
}

/** What an action on a message did: the message acted on, and when. */
export interface MessageActionResult {
  id: string;
  chat: string;
  /** Seconds since epoch. */
  timestamp: number;
  /** The text after an edit. */
  text?: string;
}

/** Every instance command verb (the compiler checks none is missing or extra). */
export const COMMAND_VERBS = [
  ...Object.keys({
    connect: true,
    'get-status': true,
    'get-qr': true,
    'request-pairing-code': true,
    logout: true,
    restart: true,
    close: true,
    'check-numbers': true,
    'send-message': true,
    'download-media': true,
    'react-message': true,
    'edit-message': true,
    'forward-message': true,
    'delete-message': true,
    'star-message': true,
    'read-messages': true,
    'send-presence': true,
    'post-status': true,
    'set-disappearing': true,
  } satisfies Record<
    Exclude<
      keyof InstanceCommands,
      | keyof GroupInstanceCommands
      | keyof ChatInstanceCommands
      | keyof LabelInstanceCommands
      | keyof ProfileInstanceCommands
    >,
    true
  >),
  ...GROUP_COMMAND_VERBS,
  ...CHAT_COMMAND_VERBS,
  ...LABEL_COMMAND_VERBS,
  ...PROFILE_COMMAND_VERBS,
] as readonly (keyof InstanceCommands)[];

export interface NumberCheck {
  /** What the caller asked about. */
  input: string;
  exists: boolean;
  /** Canonical user jid when it exists. */
  jid?: string;
}

export interface SentMessage {
  id: string;
  remoteJid: string;
  fromMe: true;
  /** Seconds since epoch. */
  timestamp: number;
  /** The Baileys WebMessageInfo as JSON, for dialects that return it. */
  raw: unknown;
}

export type { AccountIdentity };
