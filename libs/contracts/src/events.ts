import type { CallOffer } from './calls.js';
import type { LabelChange } from './labels.js';
import type { BlocklistChange, ChatUpdate, ContactUpdate } from './chats.js';
import type { AccountIdentity, ConnectionState } from './instance.js';
import type { ReceivedMedia } from './messages.js';
import type { EventName } from './subjects.js';
import type { GroupJoinRequest, GroupParticipantsChange, GroupUpdate } from './groups.js';

/** Every event on `zg.evt.<instance>.<event>`: an id for dedup, the instance, when, and data. */
export interface EventEnvelope<E extends EventName = EventName> {
  id: string;
  instance: string;
  event: E;
  /** ISO time the shard saw it. */
  at: string;
  data: EventData[E];
}

export interface EventData {
  'connection-changed': ConnectionChange;
  'qr-updated': { qr: string };
  'pairing-code-issued': { code: string; phone: string };
  'message-received': ReceivedMessage;
  'message-status-changed': MessageStatusChange;
  'message-reacted': MessageReaction;
  'message-edited': MessageEdit;
  'message-revoked': MessageRevoke;
  'poll-voted': PollVote;
  'presence-updated': PresenceUpdate;
  'chat-updated': ChatUpdate;
  'contact-updated': ContactUpdate;
  'blocklist-changed': BlocklistChange;
  'group-updated': GroupUpdate;
  'group-participants-changed': GroupParticipantsChange;
  'group-join-requested': GroupJoinRequest;
  'call-received': CallOffer;
  'label-updated': LabelChange;
}

/** Instance commands that change the connection themselves. */
export type ConnectionCommand = 'close' | 'logout' | 'restart';

export interface ConnectionChange {
  state: ConnectionState;
  me?: AccountIdentity;
  reason?: string;
  /**
   * The command that made this change, when one did (a requested close or logout, a restart);
   * absent when WhatsApp, the network or the shard caused it (a phone unlinking the device is a
   * `logged-out` without `command`).
   */
  command?: ConnectionCommand;
  /**
   * On `connected`: true when the device was linked just now (a QR scanned or a pairing code
   * entered), false when it logged in with stored credentials.
   */
  linked?: boolean;
}

/** `available`/`unavailable`: online state; `composing`, `recording`, `paused`: chat state. */
export type PresenceState = 'available' | 'unavailable' | 'composing' | 'recording' | 'paused';

/** A contact's presence or chat state as the instance saw it (one participant per event). */
export interface PresenceUpdate {
  /** The chat it concerns: the contact's own jid, or a group's `@g.us` jid (PN or LID as WhatsApp sent it). */
  chat: string;
  /** Whose presence it is (the contact; in groups, the member). */
  participant: string;
  presence: PresenceState;
  /** Last seen, seconds since epoch, when WhatsApp told it. */
  lastSeen?: number;
}

export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface ReceivedMessage {
  id: string;
  /** Chat jid as WhatsApp addressed it (PN or LID), and the other form when known. */
  chat: string;
  chatAlt?: string;
  /** Sender (in groups the participant). */
  sender: string;
  senderAlt?: string;
  fromMe: boolean;
  pushName?: string;
  /** Seconds since epoch. */
  timestamp: number;
  /** `conversation`, `extendedTextMessage`, `imageMessage`, ... (the Baileys message key). */
  type: string;
  text?: string;
  /** What the message's file is (media messages only); the file itself: the download-media command. */
  media?: ReceivedMedia;
  /** Location messages (`locationMessage`, `liveLocationMessage`): where. */
  location?: ReceivedLocation;
  /** Contact cards (`contactMessage`, `contactsArrayMessage`): one entry per card. */
  contacts?: ReceivedContact[];
  /** A poll (`pollCreationMessage`, V2, V3): its question and options; votes come as `poll-voted`. */
  poll?: ReceivedPoll;
  /**
   * An answer to a list, buttons, template or interactive message (`listResponseMessage`,
   * `buttonsResponseMessage`, `templateButtonReplyMessage`, `interactiveResponseMessage`): what
   * was picked.
   */
  reply?: ReceivedReply;
  /**
   * A status post (story): `chat` is `status@broadcast`, `sender` who posted it to their contacts.
   * Only present (true) on status posts.
   */
  status?: true;
  /** `notify`: live; `append`: delivered from the offline queue or history. */
  delivery: 'notify' | 'append';
  /** The Baileys WebMessageInfo as JSON (for dialects that pass it through). */
  raw: unknown;
}

export interface MessageStatusChange {
  id: string;
  chat: string;
  fromMe: boolean;
  status: MessageStatus;
  /** For group messages: whose receipt this is. */
  participant?: string;
}

export interface ReceivedLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
  /** A live location share. */
  live?: boolean;
}

export interface ReceivedContact {
  displayName?: string;
  /** The vCard text as sent. */
  vcard: string;
}

export interface ReceivedPoll {
  name: string;
  options: string[];
  /** How many options a voter may pick; 0: any number. */
  selectableCount: number;
}

/** What a contact picked in a list, buttons, template or interactive (native flow) message. */
export interface ReceivedReply {
  kind: 'list' | 'buttons' | 'template' | 'interactive';
  /** The row id, button id or (interactive) the flow's response JSON `id`, when the answer has one. */
  id?: string;
  /** The picked row's or button's title, as shown. */
  title?: string;
  /** The message answered, when the reply quotes it. */
  to?: string;
}

/** The message an action (reaction, edit, revoke) is about, as the instance sees it. */
export interface TargetMessage {
  id: string;
  /** Whether the instance sent the target message. */
  fromMe: boolean;
  /** In groups: who wrote the target message, when WhatsApp told it. */
  participant?: string;
}

/** What every message action event carries: the action message itself, who did it and when. */
interface MessageAction {
  /** The id of the action message (the reaction, edit or revoke WhatsApp delivered). */
  id: string;
  chat: string;
  chatAlt?: string;
  /** Who reacted, edited or deleted (the instance itself when `fromMe`). */
  sender: string;
  senderAlt?: string;
  /** True when the instance did it (from this device or another of the account). */
  fromMe: boolean;
  pushName?: string;
  /** Seconds since epoch. */
  timestamp: number;
  target: TargetMessage;
  /** The Baileys WebMessageInfo of the action message as JSON (for dialects that pass it through). */
  raw: unknown;
}

/** A reaction put on (or, with `reaction: ''`, taken off) a message. */
export interface MessageReaction extends MessageAction {
  /** The emoji; empty when the reaction was removed. */
  reaction: string;
}

/** A message edited by its author: its new text (or caption). */
export interface MessageEdit extends MessageAction {
  text: string;
}

/** A message deleted for everyone by its author (or a group admin). */
export type MessageRevoke = MessageAction;

/** One option of a poll and who has it picked now. */
export interface PollOptionTally {
  name: string;
  /** How many voters have it picked. */
  votes: number;
  /** Their jids (PN or LID, as their votes came). */
  voters: string[];
}

/**
 * A vote on a poll (the instance's own, or one it received), decrypted: `target` is the poll,
 * `selectedOptions` the voter's whole choice now (empty: the vote was taken back) and `tally` every
 * option with its voters, as far as the instance has seen votes.
 */
export interface PollVote extends MessageAction {
  selectedOptions: string[];
  tally: PollOptionTally[];
}
