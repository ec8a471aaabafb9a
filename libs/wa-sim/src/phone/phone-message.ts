import type { proto, WAMessage } from '@whiskeysockets/baileys';
import type { PhoneMediaKind } from '../media/media-kind.js';
import type { PhoneDisappearing, PhoneStatusPost } from './phone-status.js';
import {
  interactiveOf,
  pollOf,
  replyOf,
  type PhoneInteractive,
  type PhonePoll,
  type PhoneReply,
} from './phone-poll.js';

export type PhoneMessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'played' | 'received' | 'failed';

/** A message as the simulated phone saw it: what it received and what it (or its account) sent. */
export interface PhoneMessage {
  id: string;
  direction: 'in' | 'out';
  /** The chat partner's jid as the phone addressed it. */
  chat: string;
  /** Sender jid (the partner for `in`, the account for `out`). */
  from: string;
  text: string | null;
  timestamp: number;
  status: PhoneMessageStatus;
  /** `notify` for live delivery, `append` for messages delivered from the offline queue. */
  delivery: 'notify' | 'append';
  /** True when the account's own companion device (not the phone) sent it. */
  fromCompanion: boolean;
  /** Received messages: the name the sender gave themselves, as WhatsApp showed it (`notify`). */
  pushName?: string;
  /** Media messages: what the message says and what the phone found when it downloaded the file. */
  media?: PhoneMedia;
  /** Set once the phone asked the sender to send this message again (a retry receipt). */
  retry?: PhoneMessageRetry;
  /** The message this one quotes (a reply). */
  quoted?: PhoneQuote;
  /** Users the message mentions (jids, as the message lists them). */
  mentions?: string[];
  /** A location message. */
  location?: PhoneLocation;
  /** A contact message (one card or several). */
  contacts?: PhoneContacts;
  /** Reactions on this message the phone received or sent, one per sender (the latest). */
  reactions?: PhoneReaction[];
  /** Set once its sender edited it: `text` is then the edited text. */
  edited?: { previousText: string | null; at: number };
  /** Set once its sender deleted it for everyone (a revoke). */
  revoked?: { at: number };
  /** Starred by one of the account's devices (app-state sync); absent when never starred. */
  starred?: boolean;
  /** Set once one of the account's devices deleted it for me (app-state sync; seconds since epoch). */
  deletedForMe?: { at: number };
  /** WhatsApp's "Forwarded" label (the context info's isForwarded). */
  forwarded?: boolean;
  /** A text's link preview card, as the sender generated it. */
  linkPreview?: PhoneLinkPreview;
  /** A status post (story; `chat` is status@broadcast): how a text status looks. */
  statusPost?: PhoneStatusPost;
  /** A change of the chat's disappearing messages (the notice WhatsApp shows in the chat). */
  disappearing?: PhoneDisappearing;
  /** A poll: its question and options (and the phone's own vote once it voted). */
  poll?: PhonePoll;
  /** An answer to a list, buttons or template message: what was picked. */
  reply?: PhoneReply;
  /** A list, buttons, template or interactive message: its text and the choices it offers. */
  interactive?: PhoneInteractive;
}

/** The preview card of a text with a link (extendedTextMessage's matchedText, title, thumbnail). */
export interface PhoneLinkPreview {
  url: string;
  title?: string;
  description?: string;
  /** Bytes of the inline JPEG thumbnail (0: none). */
  thumbnailBytes: number;
}

export interface PhoneReaction {
  /** Who reacted (the account's own jid for the phone's reactions). */
  from: string;
  emoji: string;
  /** Seconds since epoch. */
  at: number;
}

/** A chat state (typing, recording, paused) a contact showed the phone. */
export interface PhoneChatState {
  /** The chat it shows in. */
  chat: string;
  /** Who is typing or recording (in groups, the participant). */
  from: string;
  state: 'composing' | 'recording' | 'paused' | 'available' | 'unavailable';
  /** Milliseconds since epoch. */
  at: number;
}

/** The quoted message of a reply, as its context info names it. */
export interface PhoneQuote {
  /** The quoted message's id. */
  id: string;
  /** Who wrote the quoted message. */
  participant?: string;
  /** The quoted message's text, when it had one. */
  text?: string;
}

export interface PhoneLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

export interface PhoneContacts {
  /** The message's name: the card's for one contact, the list's for several. */
  displayName?: string;
  contacts: { displayName?: string; vcard: string }[];
}

/** What a received message carries beyond its text and media: quote, mentions, location, contacts. */
export function richOf(
  message: proto.IMessage | null | undefined,
): Pick<
  PhoneMessage,
  | 'quoted'
  | 'mentions'
  | 'location'
  | 'contacts'
  | 'forwarded'
  | 'linkPreview'
  | 'poll'
  | 'reply'
  | 'interactive'
> {
  if (!message) return {};
  const inner = message.deviceSentMessage?.message ?? message;
  const rich: Pick<
    PhoneMessage,
    | 'quoted'
    | 'mentions'
    | 'location'
    | 'contacts'
    | 'forwarded'
    | 'linkPreview'
    | 'poll'
    | 'reply'
    | 'interactive'
  > = {};
  const poll = pollOf(inner);
  if (poll) rich.poll = poll.poll;
  const reply = replyOf(inner);
  if (reply) rich.reply = reply;
  const interactive = interactiveOf(inner);
  if (interactive) rich.interactive = interactive;
  const context = contextOf(inner);
  if (context?.stanzaId)
    rich.quoted = {
      id: context.stanzaId,
      ...(context.participant ? { participant: context.participant } : {}),
      ...(textOf(context.quotedMessage) ? { text: textOf(context.quotedMessage)! } : {}),
    };
  if (context?.mentionedJid?.length) rich.mentions = [...context.mentionedJid];
  if (context?.isForwarded) rich.forwarded = true;
  const ext = inner.extendedTextMessage;
  if (ext?.matchedText)
    rich.linkPreview = {
      url: ext.matchedText,
      ...(ext.title ? { title: ext.title } : {}),
      ...(ext.description ? { description: ext.description } : {}),
      thumbnailBytes: ext.jpegThumbnail?.length ?? 0,
    };
  const loc = inner.locationMessage;
  if (loc)
    rich.location = {
      latitude: loc.degreesLatitude ?? 0,
      longitude: loc.degreesLongitude ?? 0,
      ...(loc.name ? { name: loc.name } : {}),
      ...(loc.address ? { address: loc.address } : {}),
    };
  const card = inner.contactMessage;
  if (card)
    rich.contacts = {
      ...(card.displayName ? { displayName: card.displayName } : {}),
      contacts: [{ ...(card.displayName ? { displayName: card.displayName } : {}), vcard: card.vcard ?? '' }],
    };
  const list = inner.contactsArrayMessage;
  if (list)
    rich.contacts = {
      ...(list.displayName ? { displayName: list.displayName } : {}),
      contacts: (list.contacts ?? []).map((c) => ({
        ...(c.displayName ? { displayName: c.displayName } : {}),
        vcard: c.vcard ?? '',
      })),
    };
  return rich;
}

/** The context info of a message's content (whichever kind it is). */
function contextOf(message: proto.IMessage): proto.IContextInfo | undefined {
  for (const value of Object.values(message)) {
    const context = (value as { contextInfo?: proto.IContextInfo | null } | null)?.contextInfo;
    if (value && typeof value === 'object' && context) return context;
  }
  return undefined;
}

/**
 * A media message as the phone saw it. A received file is downloaded from the media host,
 * decrypted with the message's `mediaKey` and checked (MAC, `fileEncSha256`, `fileSha256`,
 * `fileLength`) in the background: `state` is `pending` until then, `ready` with the decrypted
 * file's `size` and `sha256`, or `failed` with the reason in `error`.
 */
export interface PhoneMedia {
  kind: PhoneMediaKind;
  mimetype: string;
  caption?: string;
  fileName?: string;
  /** The size the message declares. */
  fileLength: number;
  /** The message carries a JPEG thumbnail. */
  hasThumbnail: boolean;
  state: 'pending' | 'ready' | 'failed';
  /** Bytes of the decrypted file. */
  size?: number;
  /** SHA-256 of the decrypted file, hex. */
  sha256?: string;
  error?: string;
}

/** The phone's retry requests for a received message and what came back. */
export interface PhoneMessageRetry {
  /** Retry receipts the phone sent for it. */
  requested: number;
  /** Copies the sender sent again that the phone decrypted. */
  resent: number;
  /** Copies sent again that the phone could not decrypt. */
  undecryptable: number;
}

const STATUS_BY_ACK: Record<number, PhoneMessageStatus> = {
  0: 'failed',
  1: 'pending',
  2: 'sent',
  3: 'delivered',
  4: 'read',
  5: 'played',
};

export function statusFromAck(
  status: proto.WebMessageInfo.Status | null | undefined,
): PhoneMessageStatus | undefined {
  return status === null || status === undefined ? undefined : STATUS_BY_ACK[status];
}

export function textOf(message: proto.IMessage | null | undefined): string | null {
  if (!message) return null;
  const inner = message.deviceSentMessage?.message ?? message;
  return inner.conversation ?? inner.extendedTextMessage?.text ?? null;
}

export function timestampOf(msg: WAMessage): number {
  const t = msg.messageTimestamp;
  return typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000);
}
