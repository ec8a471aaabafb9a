import type { AccountIdentity, InstanceStatus } from './instance.js';
import type { DownloadMediaCommand, MediaReference, SendMessageCommand } from './messages.js';

/** Canonical commands (payloads of `zg.cmd.<instance>.<verb>` and `zg.ctl.<verb>`), by verb. */
export interface InstanceCommands {
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
}

/** Every instance command verb (the compiler checks none is missing or extra). */
export const COMMAND_VERBS = Object.keys({
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
} satisfies Record<keyof InstanceCommands, true>) as readonly (keyof InstanceCommands)[];

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
