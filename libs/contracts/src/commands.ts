import type { AccountIdentity, InstanceStatus } from './instance.js';

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
  'send-text': { request: SendTextCommand; reply: SentMessage };
}

export interface NumberCheck {
  /** What the caller asked about. */
  input: string;
  exists: boolean;
  /** Canonical user jid when it exists. */
  jid?: string;
}

export interface SendTextCommand {
  instance: string;
  /** A normalised jid: `<digits>@s.whatsapp.net`, `@g.us` or `@lid`. */
  to: string;
  text: string;
  /** Id of a message in the same chat to quote. */
  quotedId?: string;
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
