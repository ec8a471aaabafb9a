import { proto } from '@whiskeysockets/baileys/WAProto/index.js';
import type {
  MessageReaction,
  MessageStatus,
  ReceivedMessage,
  WebhookInstance,
  WebhookRenderer,
} from '@zapgate/contracts';
import { webhookRenderer } from '@zapgate/contracts';

/**
 * The webhook events a mega-API user can filter on (mega-API catalog section 7): the body's
 * `messageType` for acks and connection updates, `message` for every message (whose
 * `messageType` is the message's own content key: `conversation`, `imageMessage`, ...).
 * mega-API documents no QR-code, pairing-code, presence, group or call webhooks, so none are sent.
 */
export const MEGA_WEBHOOK_EVENTS = ['message', 'message.ack', 'connection_update'] as const;
export type MegaWebhookEvent = (typeof MEGA_WEBHOOK_EVENTS)[number];

/** Baileys' numeric `WebMessageInfo.Status`, which mega-API passes through in `update.status`. */
export const MEGA_ACK_STATUS: Readonly<Record<MessageStatus, number>> = {
  failed: 0,
  pending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  played: 5,
};

/** Renders a canonical event as the flat, Baileys-style bodies mega-API POSTs (catalog section 7). */
export const renderMegaWebhook: WebhookRenderer = webhookRenderer({
  'message-received': (e, instance) => [{ event: 'message', body: messageBody(e.data, instance) }],

  // 7.2: `{instance_key, messageType: "message.ack", key, update: {status}}`
  'message-status-changed': ({ data }, instance) => [
    {
      event: 'message.ack',
      body: {
        instance_key: instance.key,
        messageType: 'message.ack',
        key: {
          remoteJid: data.chat,
          fromMe: data.fromMe,
          id: data.id,
          ...(data.participant ? { participant: data.participant } : {}),
        },
        update: { status: MEGA_ACK_STATUS[data.status] },
      },
    },
  ],

  // 7.3: `phone_connected` is confirmed; `phone_disconnected` is not (sent when the phone is
  // gone for good: unlinked, logged out, or replaced by another session).
  'connection-changed': ({ data }, instance) => {
    const me = data.me ?? instance.me;
    const message =
      data.state === 'connected'
        ? 'phone_connected'
        : data.state === 'logged-out' || data.state === 'conflict'
          ? 'phone_disconnected'
          : undefined;
    if (!message) return [];
    return [
      {
        event: 'connection_update',
        body: {
          instance_key: instance.key,
          messageType: 'connection_update',
          message,
          ...(me ? { jid: me.id } : {}),
          ...(me?.name ? { pushName: me.name } : {}),
        },
      },
    ];
  },

  // Baileys passes reactions, edits and revokes on as messages: `reactionMessage` (the target in
  // its `key`, an empty `text` when removed) and `protocolMessage` (`type` MESSAGE_EDIT with
  // `editedMessage`, or REVOKE, the target in its `key`)
  'message-reacted': (e, instance) => [{ event: 'message', body: messageBody(asMessage(e.data), instance) }],
  'message-edited': (e, instance) => [{ event: 'message', body: messageBody(asMessage(e.data), instance) }],
  'message-revoked': (e, instance) => [{ event: 'message', body: messageBody(asMessage(e.data), instance) }],

  'qr-updated': () => [],
  'pairing-code-issued': () => [],
  'presence-updated': () => [],
});

/** A message action as the message WhatsApp delivered for it (its own id, sender and raw). */
function asMessage(a: Omit<MessageReaction, 'reaction'>): ReceivedMessage {
  return {
    id: a.id,
    chat: a.chat,
    ...(a.chatAlt ? { chatAlt: a.chatAlt } : {}),
    sender: a.sender,
    ...(a.senderAlt ? { senderAlt: a.senderAlt } : {}),
    fromMe: a.fromMe,
    ...(a.pushName ? { pushName: a.pushName } : {}),
    timestamp: a.timestamp,
    type: 'protocolMessage',
    delivery: 'notify',
    raw: a.raw,
  };
}

/**
 * 7.1: the message flat, as Baileys has it: `message` is the `proto.IMessage` JSON with bytes as
 * base64 and 64-bit numbers as strings, `messageType` its first content key.
 */
function messageBody(m: ReceivedMessage, instance: WebhookInstance): Record<string, unknown> {
  const info = baileysJson(m.raw);
  const key: Record<string, unknown> = {
    remoteJid: m.chat,
    fromMe: m.fromMe,
    id: m.id,
    ...(m.chat.endsWith('@g.us') ? { participant: m.sender } : {}),
    // Baileys 7 keys carry the other addressing form (PN or LID) when WhatsApp sent it
    ...(m.chatAlt ? { remoteJidAlt: m.chatAlt } : {}),
    ...(m.chat.endsWith('@g.us') && m.senderAlt ? { participantAlt: m.senderAlt } : {}),
  };
  const message = (info['message'] ?? {}) as Record<string, unknown>;
  return {
    instance_key: instance.key,
    ...(instance.me ? { jid: instance.me.id } : {}),
    messageType: messageType(message) ?? m.type,
    key,
    messageTimestamp: m.timestamp,
    ...(m.pushName ? { pushName: m.pushName } : {}),
    broadcast: info['broadcast'] === true || m.chat.endsWith('@broadcast'),
    message,
    ...(typeof info['verifiedBizName'] === 'string' ? { verifiedBizName: info['verifiedBizName'] } : {}),
  };
}

/**
 * mega-API's `messageType` is the first key of `message` in protobuf field order (catalog 7.1):
 * the content key, except for polls, orders and catalogs, whose content fields come after
 * `messageContextInfo`. The group key-distribution prelude is not content.
 */
function messageType(message: Record<string, unknown>): string | undefined {
  return Object.keys(message).find((k) => k !== 'senderKeyDistributionMessage');
}

function baileysJson(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object') return {};
  const info = proto.WebMessageInfo.fromObject(raw as Record<string, unknown>);
  return proto.WebMessageInfo.toObject(info, { longs: String, bytes: String, enums: Number }) as Record<
    string,
    unknown
  >;
}
