import { createHash } from 'node:crypto';
import { cleanMessage, isPnUser, proto, type WAMessage } from '@whiskeysockets/baileys';

/**
 * The event id of an event an incoming message produces: derived from the instance, the event and
 * the message's key, so the same message delivered again (after a shard died before receipting
 * it) gets the same id, and the event log and the webhook outbox keep it once. A UUID (v8 layout).
 */
export function inboundEventId(
  instance: string,
  event: string,
  key: {
    remoteJid?: string | null;
    remoteJidAlt?: string | null;
    fromMe?: boolean | null;
    id?: string | null;
  },
): string {
  // a 1:1 chat by its phone-number jid when the message names it, whichever way it was addressed
  const chat =
    !isPnUser(key.remoteJid ?? '') && isPnUser(key.remoteJidAlt ?? '') ? key.remoteJidAlt : key.remoteJid;
  const h = createHash('sha256')
    .update(`${instance}\n${event}\n${chat ?? ''}\n${key.fromMe ? 1 : 0}\n${key.id ?? ''}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * What `messages.upsert` will carry for a message Baileys hands to `beforeMessageReceipt` (before
 * its own `cleanMessage`): a copy, cleaned, so the message itself is left as Baileys expects it
 * (cleaning twice would flip a reaction's `fromMe`).
 */
export function cleanedCopy(msg: WAMessage, meId: string, meLid?: string): WAMessage {
  const copy: WAMessage = {
    ...msg,
    key: { ...msg.key },
    ...(msg.message ? { message: proto.Message.decode(proto.Message.encode(msg.message).finish()) } : {}),
  };
  cleanMessage(copy, meId, meLid ?? '');
  return copy;
}

/**
 * Test-only fault (`ZG_FAULT_KILL_BEFORE_PUBLISH=<marker>`, read by the apps' config): SIGKILLs
 * this process when an incoming message whose text contains `marker` is decrypted, before its
 * event is published, i.e. inside the window between decryption and receipt. The kill tests use
 * it; nothing sets it otherwise.
 */
export function faultBeforePublish(marker: string | undefined, text: string | undefined): void {
  if (marker && text?.includes(marker)) process.kill(process.pid, 'SIGKILL');
}
