import {
  jidNormalizedUser,
  normalizeMessageContent,
  proto,
  type PresenceData,
  type WAMessage,
  type WAMessageUpdate,
} from '@whiskeysockets/baileys';
import type {
  MessageEdit,
  MessageReaction,
  MessageRevoke,
  MessageStatus,
  MessageStatusChange,
  PresenceState,
  PresenceUpdate,
  ReceivedContact,
  ReceivedLocation,
  ReceivedMedia,
  ReceivedMessage,
  TargetMessage,
} from '@zapgate/contracts';
import { pollOfMessage, replyOfMessage } from './poll-vote.js';

/** Message keys that carry no user content. */
const NOT_CONTENT = new Set(['messageContextInfo', 'senderKeyDistributionMessage']);

export const STATUS: Record<number, MessageStatus> = {
  0: 'failed',
  1: 'pending',
  2: 'sent',
  3: 'delivered',
  4: 'read',
  5: 'played',
};

/** Baileys' WebMessageInfo as plain JSON (longs as numbers, bytes as base64), for payloads. */
export function messageToJson(msg: WAMessage): unknown {
  return proto.WebMessageInfo.toObject(proto.WebMessageInfo.fromObject(msg), {
    longs: Number,
    bytes: String,
    enums: String,
    defaults: false,
  });
}

export function contentType(message: proto.IMessage | null | undefined): string | undefined {
  return message
    ? Object.keys(message).find((k) => !NOT_CONTENT.has(k) && message[k as keyof proto.IMessage])
    : undefined;
}

export function textOf(message: proto.IMessage | null | undefined): string | undefined {
  if (!message) return undefined;
  return (
    message.conversation ??
    message.extendedTextMessage?.text ??
    message.imageMessage?.caption ??
    message.videoMessage?.caption ??
    message.documentMessage?.caption ??
    message.listResponseMessage?.title ??
    message.buttonsResponseMessage?.selectedDisplayText ??
    message.templateButtonReplyMessage?.selectedDisplayText ??
    // lists, buttons and templates: their text
    (message.listMessage?.description || undefined) ??
    message.buttonsMessage?.contentText ??
    message.templateMessage?.hydratedTemplate?.hydratedContentText ??
    undefined
  );
}

type MediaContent = proto.Message.IImageMessage &
  proto.Message.IVideoMessage &
  proto.Message.IAudioMessage &
  proto.Message.IDocumentMessage &
  proto.Message.IStickerMessage;

/** Content keys of media messages, and the kind each is (audio: a voice note when `ptt`). */
const MEDIA_KIND: Record<string, ReceivedMedia['kind']> = {
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'ptv',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
};

const num = (v: number | { toString(): string } | null | undefined): number | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'number' ? v : Number(v.toString());

/**
 * What a media message's file is (kind, MIME, size, hash, name, caption, length), wrappers such as
 * view once and documents with a caption unwrapped; undefined for other messages.
 */
export function mediaOfMessage(message: proto.IMessage | null | undefined): ReceivedMedia | undefined {
  const content = normalizeMessageContent(message);
  const type = contentType(content);
  const kind = type ? MEDIA_KIND[type] : undefined;
  if (!content || !type || !kind) return undefined;
  const m = content[type as keyof proto.IMessage] as MediaContent;
  const size = num(m.fileLength);
  const seconds = m.seconds ?? undefined;
  const viewOnce =
    !!message?.viewOnceMessage ||
    !!message?.viewOnceMessageV2 ||
    !!message?.viewOnceMessageV2Extension ||
    !!m.viewOnce;
  return {
    kind: kind === 'audio' && m.ptt ? 'ptt' : kind,
    ...(m.mimetype ? { mime: m.mimetype } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(m.fileSha256?.length ? { sha256: Buffer.from(m.fileSha256).toString('base64') } : {}),
    ...(m.fileName ? { fileName: m.fileName } : {}),
    ...(m.caption ? { caption: m.caption } : {}),
    ...(typeof seconds === 'number' ? { seconds } : {}),
    ...(viewOnce ? { viewOnce } : {}),
  };
}

/** Where a location message points (live shares too); undefined for other messages. */
export function locationOfMessage(message: proto.IMessage | null | undefined): ReceivedLocation | undefined {
  const content = normalizeMessageContent(message);
  const loc = content?.locationMessage ?? content?.liveLocationMessage;
  if (!loc || typeof loc.degreesLatitude !== 'number' || typeof loc.degreesLongitude !== 'number')
    return undefined;
  const still = content?.locationMessage;
  return {
    latitude: loc.degreesLatitude,
    longitude: loc.degreesLongitude,
    ...(still?.name ? { name: still.name } : {}),
    ...(still?.address ? { address: still.address } : {}),
    ...(still?.url ? { url: still.url } : {}),
    ...(content?.liveLocationMessage || still?.isLive ? { live: true } : {}),
  };
}

/** The cards of a contact message (one, or an array); undefined for other messages. */
export function contactsOfMessage(message: proto.IMessage | null | undefined): ReceivedContact[] | undefined {
  const content = normalizeMessageContent(message);
  const cards = content?.contactMessage
    ? [content.contactMessage]
    : (content?.contactsArrayMessage?.contacts ?? []);
  const contacts = cards.flatMap((c) =>
    c.vcard ? [{ ...(c.displayName ? { displayName: c.displayName } : {}), vcard: c.vcard }] : [],
  );
  return contacts.length ? contacts : undefined;
}

/** A received (or own, synced) message, taking both `notify` and `append` and keeping PN and LID. */
export function normalizeMessage(
  msg: WAMessage,
  delivery: 'notify' | 'append',
  me?: string,
): ReceivedMessage | undefined {
  const type = contentType(msg.message);
  if (!msg.key.id || !msg.key.remoteJid || !type || type === 'protocolMessage') return undefined;
  // reactions are `message-reacted` events (see normalizeAction), not messages of the chat
  // so are poll votes (`poll-voted`, decrypted by the session)
  const inner = normalizeMessageContent(msg.message);
  if (inner?.reactionMessage || inner?.pollUpdateMessage) return undefined;
  const fromMe = !!msg.key.fromMe;
  const sender = fromMe && me ? me : msg.key.participant || msg.key.remoteJid;
  const t = msg.messageTimestamp;
  const media = mediaOfMessage(msg.message);
  const location = locationOfMessage(msg.message);
  const contacts = contactsOfMessage(msg.message);
  const poll = pollOfMessage(msg.message);
  const reply = replyOfMessage(msg.message);
  return {
    id: msg.key.id,
    chat: msg.key.remoteJid,
    ...(msg.key.remoteJidAlt ? { chatAlt: msg.key.remoteJidAlt } : {}),
    sender: jidNormalizedUser(sender),
    ...(msg.key.participantAlt ? { senderAlt: msg.key.participantAlt } : {}),
    fromMe,
    ...(msg.pushName ? { pushName: msg.pushName } : {}),
    timestamp: typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000),
    type,
    ...(textOf(msg.message) !== undefined ? { text: textOf(msg.message) } : {}),
    ...(media ? { media } : {}),
    ...(location ? { location } : {}),
    ...(contacts ? { contacts } : {}),
    ...(msg.key.remoteJid === 'status@broadcast' ? { status: true as const } : {}),
    ...(msg.key.remoteJid === 'status@broadcast' ? { status: true as const } : {}),
    ...(poll ? { poll } : {}),
    ...(reply ? { reply } : {}),
    delivery,
    raw: messageToJson(msg),
  };
}

/** A message action as the canonical events name it: a reaction, an edit or a revoke. */
export type NormalizedAction =
  | { event: 'message-reacted'; data: MessageReaction }
  | { event: 'message-edited'; data: MessageEdit }
  | { event: 'message-revoked'; data: MessageRevoke };

/**
 * A reaction, an edit or a revoke (deleted for everyone) carried by a `messages.upsert` message
 * (Baileys upserts the `reactionMessage` and the `protocolMessage` before turning them into
 * `messages.reaction` / `messages.update`, which lack the author); undefined for anything else.
 * `me` (the account's PN and LID, no device) tells whether a reaction's target is the instance's.
 */
export function normalizeAction(msg: WAMessage, me: readonly string[] = []): NormalizedAction | undefined {
  const content = normalizeMessageContent(msg.message);
  const base = actionBase(msg, me);
  if (!base || !content) return undefined;
  const fromMe = base.fromMe;
  const reaction = content.reactionMessage;
  if (reaction?.key?.id) {
    const rk = reaction.key;
    // Baileys' cleanMessage already turned a contact's key into the instance's perspective
    // (fromMe: the instance's message; remoteJid: this chat)
    const targetMine = !!rk.fromMe || (!!rk.participant && me.includes(jidNormalizedUser(rk.participant)));
    return {
      event: 'message-reacted',
      data: {
        ...base,
        target: target(rk.id!, targetMine, rk.participant),
        reaction: reaction.text ?? '',
        raw: messageToJson(msg),
      },
    };
  }
  const protocol = content.protocolMessage;
  const pk = protocol?.key;
  if (!protocol || !pk?.id) return undefined;
  // an edit or revoke is its author's (a group admin may revoke others': then participant differs)
  const targetMine =
    fromMe && (!pk.participant || !me.length || me.includes(jidNormalizedUser(pk.participant)));
  if (protocol.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT && protocol.editedMessage) {
    const text = textOf(normalizeMessageContent(protocol.editedMessage));
    if (text === undefined) return undefined;
    return {
      event: 'message-edited',
      data: { ...base, target: target(pk.id, targetMine, pk.participant), text, raw: messageToJson(msg) },
    };
  }
  if (protocol.type === proto.Message.ProtocolMessage.Type.REVOKE)
    return {
      event: 'message-revoked',
      data: { ...base, target: target(pk.id, targetMine, pk.participant), raw: messageToJson(msg) },
    };
  return undefined;
}

/**
 * Who did an action message (a reaction, edit, revoke or poll vote), where and when: the fields
 * every action event shares. `me` (the account's PN and LID) names the instance's own.
 */
export function actionBase(
  msg: WAMessage,
  me: readonly string[] = [],
):
  | Pick<
      MessageReaction,
      'id' | 'chat' | 'chatAlt' | 'sender' | 'senderAlt' | 'fromMe' | 'pushName' | 'timestamp'
    >
  | undefined {
  if (!msg.key.id || !msg.key.remoteJid) return undefined;
  const fromMe = !!msg.key.fromMe;
  const t = msg.messageTimestamp;
  const sender = fromMe && me[0] ? me[0] : msg.key.participant || msg.key.remoteJid;
  return {
    id: msg.key.id,
    chat: msg.key.remoteJid,
    ...(msg.key.remoteJidAlt ? { chatAlt: msg.key.remoteJidAlt } : {}),
    sender: jidNormalizedUser(sender),
    ...(msg.key.participantAlt ? { senderAlt: msg.key.participantAlt } : {}),
    fromMe,
    ...(msg.pushName ? { pushName: msg.pushName } : {}),
    timestamp: typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000),
  };
}

export const target = (id: string, fromMe: boolean, participant?: string | null): TargetMessage => ({
  id,
  fromMe,
  ...(participant ? { participant: jidNormalizedUser(participant) } : {}),
});

export function normalizeStatus(update: WAMessageUpdate): MessageStatusChange | undefined {
  const status = update.update.status;
  if (status === null || status === undefined || !update.key.id || !update.key.remoteJid) return undefined;
  const mapped = STATUS[status];
  return mapped
    ? {
        id: update.key.id,
        chat: update.key.remoteJid,
        fromMe: !!update.key.fromMe,
        status: mapped,
        ...(update.key.participant ? { participant: update.key.participant } : {}),
      }
    : undefined;
}

const PRESENCES: ReadonlySet<string> = new Set<PresenceState>([
  'available',
  'unavailable',
  'composing',
  'recording',
  'paused',
]);

/** Baileys' `presence.update` (a chat and its participants' presences): one update per participant. */
export function normalizePresence(update: {
  id: string;
  presences: { [participant: string]: PresenceData };
}): PresenceUpdate[] {
  return Object.entries(update.presences).flatMap(([participant, p]) =>
    PRESENCES.has(p.lastKnownPresence)
      ? [
          {
            chat: update.id,
            participant: jidNormalizedUser(participant),
            presence: p.lastKnownPresence as PresenceState,
            ...(typeof p.lastSeen === 'number' ? { lastSeen: p.lastSeen } : {}),
          },
        ]
      : [],
  );
}
