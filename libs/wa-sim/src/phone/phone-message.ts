import type { proto, WAMessage } from '@whiskeysockets/baileys';

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
