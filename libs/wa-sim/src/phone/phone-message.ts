import type { proto, WAMessage } from '@whiskeysockets/baileys';
import type { PhoneMediaKind } from '../media/media-kind.js';

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
  /** Media messages: what the message says and what the phone found when it downloaded the file. */
  media?: PhoneMedia;
  /** Set once the phone asked the sender to send this message again (a retry receipt). */
  retry?: PhoneMessageRetry;
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
