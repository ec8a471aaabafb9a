import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { jidNormalizedUser, proto } from '@whiskeysockets/baileys';
import type { MediaRef } from '../media/media-download.js';
import type { PhoneMedia, PhoneMessage } from '../phone/phone-message.js';

/** The most messages per chat a history sync carries (WhatsApp's initial bootstrap is recent only). */
const MESSAGES_PER_CHAT = 50;

const isPersonOrGroup = (jid: string) =>
  jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid') || jid.endsWith('@g.us');

/** What the phone knows besides its inbox: where a media message's file is on the media host. */
export interface HistorySources {
  /** The media host reference of a media message the phone has (its url, direct path and key). */
  mediaOf?(id: string): MediaRef | undefined;
}

/**
 * The history sync a phone sends its newly linked device (wire notes section 3): an
 * INITIAL_BOOTSTRAP `HistorySync` of the phone's chats (each with its recent text and media
 * messages and the count of received messages the phone has not read), deflated inline into a
 * HISTORY_SYNC_NOTIFICATION protocol message. A media message carries its file's place on the
 * media host (url, direct path, media key and hashes, as the phone received or sent it), so the
 * linked device downloads it from there. Inline, not a blob: the notification has no URL, so
 * Baileys would fetch a blob from mmg.whatsapp.net. Undefined when the phone has no chats.
 */
export function historySyncMessage(
  messages: readonly PhoneMessage[],
  sources: HistorySources = {},
): proto.IMessage | undefined {
  const byChat = new Map<string, { m: PhoneMessage; content: proto.IMessage }[]>();
  for (const m of messages) {
    const chat = jidNormalizedUser(m.chat);
    if (!isPersonOrGroup(chat)) continue;
    const content = historyContent(m, sources);
    if (!content) continue;
    byChat.set(chat, [...(byChat.get(chat) ?? []), { m, content }]);
  }
  if (!byChat.size) return undefined;
  const conversations: proto.IConversation[] = [...byChat].map(([chat, all]) => {
    const recent = [...all].sort((a, b) => a.m.timestamp - b.m.timestamp).slice(-MESSAGES_PER_CHAT);
    const last = recent.at(-1)!.m;
    return {
      id: chat,
      conversationTimestamp: last.timestamp,
      unreadCount: all.filter(({ m }) => m.direction === 'in' && m.status !== 'read' && m.status !== 'played')
        .length,
      messages: recent.map(({ m, content }, i) => ({
        msgOrderId: i + 1,
        message: {
          key: {
            remoteJid: chat,
            fromMe: m.direction === 'out',
            id: m.id,
            ...(chat.endsWith('@g.us') && m.direction === 'in'
              ? { participant: jidNormalizedUser(m.from) }
              : {}),
          },
          message: content,
          messageTimestamp: m.timestamp,
          status:
            m.direction === 'in'
              ? proto.WebMessageInfo.Status.DELIVERY_ACK
              : proto.WebMessageInfo.Status.SERVER_ACK,
        },
      })),
    };
  });
  return notification(
    proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP,
    proto.Message.HistorySyncType.INITIAL_BOOTSTRAP,
    { conversations },
  );
}

/**
 * The PUSH_NAME chunk of a history sync (WhatsApp sends the push names the phone knows as a
 * chunk of their own, which Baileys turns into contacts with `notify`), inline as the bootstrap.
 * Undefined when there are none.
 */
export function pushNamesSyncMessage(
  pushnames: readonly { id: string; pushname: string }[],
): proto.IMessage | undefined {
  if (!pushnames.length) return undefined;
  return notification(proto.HistorySync.HistorySyncType.PUSH_NAME, proto.Message.HistorySyncType.PUSH_NAME, {
    pushnames: pushnames.map((p) => ({ id: p.id, pushname: p.pushname })),
  });
}

function notification(
  syncType: proto.HistorySync.HistorySyncType,
  notificationType: proto.Message.HistorySyncType,
  body: Pick<proto.IHistorySync, 'conversations' | 'pushnames'>,
): proto.IMessage {
  const history = proto.HistorySync.encode({ syncType, ...body, chunkOrder: 1, progress: 100 }).finish();
  return {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
      historySyncNotification: {
        syncType: notificationType,
        chunkOrder: 1,
        progress: 100,
        initialHistBootstrapInlinePayload: deflateSync(history),
      },
    },
  };
}

/** A message of the phone as the history carries it: its text, or its media on the media host. */
function historyContent(m: PhoneMessage, sources: HistorySources): proto.IMessage | undefined {
  const ref = m.media ? sources.mediaOf?.(m.id) : undefined;
  if (m.media && ref) return mediaContent(m.media, ref);
  return m.text === null ? undefined : { conversation: m.text };
}

function mediaContent(media: PhoneMedia, ref: MediaRef): proto.IMessage {
  const file = {
    ...(ref.url ? { url: ref.url } : {}),
    ...(ref.directPath ? { directPath: ref.directPath } : {}),
    mediaKey: ref.mediaKey,
    ...(ref.fileSha256 ? { fileSha256: ref.fileSha256 } : {}),
    ...(ref.fileEncSha256 ? { fileEncSha256: ref.fileEncSha256 } : {}),
    mimetype: media.mimetype,
    fileLength: media.fileLength,
  };
  const caption = media.caption ? { caption: media.caption } : {};
  switch (media.kind) {
    case 'image':
      return { imageMessage: { ...file, ...caption } };
    case 'video':
      return { videoMessage: { ...file, ...caption } };
    case 'ptv':
      return { ptvMessage: file };
    case 'audio':
    case 'ptt':
      return { audioMessage: { ...file, ptt: media.kind === 'ptt' } };
    case 'sticker':
      return { stickerMessage: file };
    case 'document':
      return {
        documentMessage: { ...file, ...caption, ...(media.fileName ? { fileName: media.fileName } : {}) },
      };
  }
}

/** A message id as the phone's own client writes them. */
export const historyMessageId = (): string => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
