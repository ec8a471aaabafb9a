import {
  BufferJSON,
  getContentType,
  jidNormalizedUser,
  normalizeMessageContent,
  proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { ReceivedMessage } from '@zapgate/contracts';
import type { MessageKind, NewStoredMessage, StoredMessage } from '@zapgate/storage';
import { normalizeMessage, STATUS, textOf } from './normalize.js';

/**
 * Baileys' WebMessageInfo as the message store keeps it (`raw`): JSON with bytes written by
 * Baileys' `BufferJSON.replacer` (`{type: 'Buffer', data: <base64>}`), longs as numbers and enums
 * as numbers, so `parseStoredMessage` gives back a message Baileys can re-send, quote or download.
 */
export function serializeMessage(msg: WAMessage): string {
  const object = proto.WebMessageInfo.toObject(proto.WebMessageInfo.fromObject(msg), { longs: Number });
  return JSON.stringify(object, BufferJSON.replacer);
}

/** A stored `raw` back as Baileys' WebMessageInfo (bytes as Buffers). */
export function parseStoredMessage(raw: string): WAMessage {
  return proto.WebMessageInfo.fromObject(JSON.parse(raw, BufferJSON.reviver) as object) as WAMessage;
}

/** Message keys of the content kinds the store tells apart (wrappers such as view once unwrapped). */
const KIND_OF: Record<string, MessageKind> = {
  conversation: 'text',
  extendedTextMessage: 'text',
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  documentMessage: 'document',
  stickerMessage: 'sticker',
  locationMessage: 'location',
  liveLocationMessage: 'location',
  contactMessage: 'contact',
  contactsArrayMessage: 'contact',
  reactionMessage: 'reaction',
  pollCreationMessage: 'poll',
  pollCreationMessageV2: 'poll',
  pollCreationMessageV3: 'poll',
  pollUpdateMessage: 'poll',
};

/** What a message carries, as the store's kinds name it (a voice note is `ptt`, a video note `video`). */
export function storedKind(message: proto.IMessage | null | undefined): MessageKind | undefined {
  const content = normalizeMessageContent(message);
  const type = getContentType(content ?? undefined);
  if (!type || type === 'protocolMessage') return undefined;
  if (type === 'audioMessage') return content?.audioMessage?.ptt ? 'ptt' : 'audio';
  return KIND_OF[type] ?? 'other';
}

/**
 * A message an instance sent or received, as the store keeps it; undefined for what is not a
 * message of a chat (protocol messages: revokes, key shares, history sync notices) or has no
 * content (a stub, a message that could not be decrypted).
 */
export function toStoredMessage(instance: string, msg: WAMessage): NewStoredMessage | undefined {
  const kind = storedKind(msg.message);
  if (!kind || !msg.key.id || !msg.key.remoteJid) return undefined;
  const text = textOf(normalizeMessageContent(msg.message));
  const t = msg.messageTimestamp;
  const seconds = typeof t === 'number' ? t : t ? Number(t.toString()) : undefined;
  const status = msg.status !== null && msg.status !== undefined ? STATUS[msg.status] : undefined;
  return {
    instance,
    id: msg.key.id,
    chat: jidNormalizedUser(msg.key.remoteJid),
    fromMe: !!msg.key.fromMe,
    ...(msg.key.participant ? { sender: jidNormalizedUser(msg.key.participant) } : {}),
    timestamp: seconds ? seconds * 1000 : Date.now(),
    kind,
    ...(text ? { text } : {}),
    ...(status ? { status } : {}),
    raw: serializeMessage(msg),
  };
}

/**
 * A stored message as the `message-received` event carries it (for routes that read the store
 * and render messages the way the dialect's webhooks do); `me` is the instance's own jid (the
 * sender of its own messages). Undefined for what the event would not carry either.
 */
export function storedToReceived(stored: StoredMessage, me?: string): ReceivedMessage | undefined {
  return normalizeMessage(parseStoredMessage(stored.raw), 'append', me);
}
