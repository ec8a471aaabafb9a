import type { AccountIdentity, ConnectionState } from './instance.js';
import type { EventName } from './subjects.js';

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
  'connection-changed': { state: ConnectionState; me?: AccountIdentity; reason?: string };
  'qr-updated': { qr: string };
  'pairing-code-issued': { code: string; phone: string };
  'message-received': ReceivedMessage;
  'message-status-changed': MessageStatusChange;
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
