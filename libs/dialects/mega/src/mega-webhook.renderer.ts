import { proto } from '@whiskeysockets/baileys/WAProto/index.js';
import type {
  ChatUpdate,
  GroupInfo,
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
 * mega-API documents no QR-code, pairing-code, presence or call webhooks, so none are sent but
 * calls. Its group webhooks are unknown (catalog 7.4): as a Baileys server it is assumed to pass
 * Baileys' group events on in the flat style of the others (`messageType` `groups.update`,
 * `group-participants.update`, `group.join-request`, the Baileys event's fields beside it). An
 * incoming call is a zapgate extension in that style: `messageType` `call` and Baileys' `call`
 * event (`{id, from, chatId, callerPn?, date, offline, status: 'offer', isVideo, isGroup, groupJid?}`)
 * as `call`. A chat change (archive, pin, mute, read, labels, delete; made on this or another
 * linked device of the account) is a zapgate extension in that style too: `messageType`
 * `chats.update` and the change as Baileys' `ChatUpdate` names it (`{id, archived?, pinned?,
 * muteEndTime?, unreadCount?, name?, labels?, deleted?}`) as `chat`.
 */
export const MEGA_WEBHOOK_EVENTS = [
  'message',
  'message.ack',
  'connection_update',
  'groups.update',
  'group-participants.update',
  'group.join-request',
  'call',
  'chats.update',
] as const;
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
  // a vote is the `pollUpdateMessage` Baileys received (encrypted, as mega-API passes messages on),
  // with `pollUpdate`: the poll's key and the vote decrypted (option names) with the tally
  'poll-voted': ({ data }, instance) => [
    {
      event: 'message',
      body: {
        ...messageBody(asMessage(data), instance),
        pollUpdate: {
          pollCreationMessageKey: {
            remoteJid: data.chat,
            fromMe: data.target.fromMe,
            id: data.target.id,
            ...(data.target.participant ? { participant: data.target.participant } : {}),
          },
          selectedOptions: data.selectedOptions,
          votes: data.tally.map((o) => ({ name: o.name, voters: o.voters })),
        },
      },
    },
  ],

  'qr-updated': () => [],
  'pairing-code-issued': () => [],
  'presence-updated': () => [],
  // zapgate extension (mega-API documents no call webhook): Baileys' `call` event, flat style
  'call-received': ({ data }, instance) => [
    {
      event: 'call',
      body: {
        instance_key: instance.key,
        ...(instance.me ? { jid: instance.me.id } : {}),
        messageType: 'call',
        call: {
          id: data.id,
          from: data.from,
          chatId: data.from,
          ...(data.callerPn ? { callerPn: data.callerPn } : {}),
          date: new Date(data.timestamp * 1000).toISOString(),
          offline: data.offline,
          status: 'offer',
          isVideo: data.isVideo,
          isGroup: data.isGroup,
          ...(data.group ? { groupJid: data.group } : {}),
        },
      },
    },
  ],
  // zapgate extension (mega-API documents no chat webhook): Baileys' `chats.update`, flat style
  'chat-updated': ({ data }, instance) => [
    {
      event: 'chats.update',
      body: {
        instance_key: instance.key,
        ...(instance.me ? { jid: instance.me.id } : {}),
        messageType: 'chats.update',
        chat: megaChatUpdate(data),
      },
    },
  ],
  // mega-API documents no contact or blocklist webhooks
  'contact-updated': () => [],
  'blocklist-changed': () => [],
  // mega-API has no labels (no route, no webhook body in its catalog)
  'label-updated': () => [],

  // Baileys' `groups.update` (a partial GroupMetadata) and `group-participants.update`
  'group-updated': ({ data }, instance) => {
    const { group, metadata, description, authorAlt, ...changes } = data;
    void authorAlt;
    const update = metadata
      ? megaGroup(metadata)
      : { ...changes, ...(description !== undefined ? { desc: description } : {}) };
    return [
      {
        event: 'groups.update',
        body: {
          instance_key: instance.key,
          ...(instance.me ? { jid: instance.me.id } : {}),
          messageType: 'groups.update',
          id: group,
          ...(data.author ? { author: data.author } : {}),
          update: { id: group, ...update },
        },
      },
    ];
  },
  'group-participants-changed': ({ data }, instance) => [
    {
      event: 'group-participants.update',
      body: {
        instance_key: instance.key,
        ...(instance.me ? { jid: instance.me.id } : {}),
        messageType: 'group-participants.update',
        id: data.group,
        action: data.action,
        participants: data.participants.map((p) => p.id),
        ...(data.author ? { author: data.author } : {}),
      },
    },
  ],
  'group-join-requested': ({ data }, instance) => [
    {
      event: 'group.join-request',
      body: {
        instance_key: instance.key,
        ...(instance.me ? { jid: instance.me.id } : {}),
        messageType: 'group.join-request',
        id: data.group,
        participant: data.participant,
        action: data.action,
        ...(data.method ? { method: data.method } : {}),
        ...(data.author ? { author: data.author } : {}),
      },
    },
  ],
});

/**
 * A group as Baileys' `GroupMetadata` spells it (`desc`, participants `{id, admin}`), the shape
 * mega-API's group routes and group webhooks are expected to carry (catalog 6).
 */
export function megaGroup(g: GroupInfo): Record<string, unknown> {
  return {
    id: g.id,
    subject: g.subject,
    ...(g.owner ? { owner: g.owner } : {}),
    ...(g.subjectOwner ? { subjectOwner: g.subjectOwner } : {}),
    ...(g.subjectTime !== undefined ? { subjectTime: g.subjectTime } : {}),
    ...(g.creation !== undefined ? { creation: g.creation } : {}),
    ...(g.description !== undefined ? { desc: g.description } : {}),
    ...(g.descriptionOwner ? { descOwner: g.descriptionOwner } : {}),
    ...(g.descriptionTime !== undefined ? { descTime: g.descriptionTime } : {}),
    restrict: g.restrict,
    announce: g.announce,
    ...(g.memberAddMode !== undefined ? { memberAddMode: g.memberAddMode } : {}),
    ...(g.joinApprovalMode !== undefined ? { joinApprovalMode: g.joinApprovalMode } : {}),
    ...(g.isCommunity !== undefined ? { isCommunity: g.isCommunity } : {}),
    ...(g.linkedParent ? { linkedParent: g.linkedParent } : {}),
    ...(g.ephemeralDuration !== undefined ? { ephemeralDuration: g.ephemeralDuration } : {}),
    size: g.size,
    participants: g.participants.map((p) => ({
      id: p.id,
      ...(p.alt ? (p.id.endsWith('@lid') ? { phoneNumber: p.alt } : { lid: p.alt }) : {}),
      admin: p.role === 'member' ? null : p.role,
    })),
  };
}

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
export function messageBody(m: ReceivedMessage, instance: WebhookInstance): Record<string, unknown> {
  const info = baileysJson(m.raw);
  // groups and status posts (status@broadcast) name who wrote the message, as Baileys' keys do
  const byParticipant = m.chat.endsWith('@g.us') || m.status === true;
  const key: Record<string, unknown> = {
    remoteJid: m.chat,
    fromMe: m.fromMe,
    id: m.id,
    ...(byParticipant ? { participant: m.sender } : {}),
    // Baileys 7 keys carry the other addressing form (PN or LID) when WhatsApp sent it
    ...(m.chatAlt ? { remoteJidAlt: m.chatAlt } : {}),
    ...(byParticipant && m.senderAlt ? { participantAlt: m.senderAlt } : {}),
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

/**
 * A chat change as Baileys' `ChatUpdate` names it: `muteEndTime` in seconds (-1 for ever, 0
 * unmuted), `pinned` and `archived` booleans, only the fields that changed.
 */
function megaChatUpdate(data: ChatUpdate): Record<string, unknown> {
  return {
    id: data.chat,
    ...(data.archived !== undefined ? { archived: data.archived } : {}),
    ...(data.pinned !== undefined ? { pinned: data.pinned } : {}),
    ...(data.mutedUntil !== undefined ? { muteEndTime: data.mutedUntil } : {}),
    ...(data.unreadCount !== undefined ? { unreadCount: data.unreadCount } : {}),
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.labels !== undefined ? { labels: data.labels } : {}),
    ...(data.deleted ? { deleted: true } : {}),
  };
}
