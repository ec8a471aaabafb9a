import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { jidNormalizedUser, proto } from '@whiskeysockets/baileys';
import type { PhoneMessage } from '../phone/phone-message.js';

/** The most messages per chat a history sync carries (WhatsApp's initial bootstrap is recent only). */
const MESSAGES_PER_CHAT = 50;

const isPersonOrGroup = (jid: string) =>
  jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid') || jid.endsWith('@g.us');

/**
 * The history sync a phone sends its newly linked device (wire notes section 3): an
 * INITIAL_BOOTSTRAP `HistorySync` of the phone's chats (each with its recent text messages and the
 * count of received messages the phone has not read), deflated inline into a
 * HISTORY_SYNC_NOTIFICATION protocol message (no blob: Baileys would fetch it from
 * mmg.whatsapp.net). Undefined when the phone has no chats.
 */
export function historySyncMessage(messages: readonly PhoneMessage[]): proto.IMessage | undefined {
  const byChat = new Map<string, PhoneMessage[]>();
  for (const m of messages) {
    const chat = jidNormalizedUser(m.chat);
    if (!isPersonOrGroup(chat) || m.text === null) continue;
    byChat.set(chat, [...(byChat.get(chat) ?? []), m]);
  }
  if (!byChat.size) return undefined;
  const conversations: proto.IConversation[] = [...byChat].map(([chat, all]) => {
    const recent = [...all].sort((a, b) => a.timestamp - b.timestamp).slice(-MESSAGES_PER_CHAT);
    const last = recent.at(-1)!;
    return {
      id: chat,
      conversationTimestamp: last.timestamp,
      unreadCount: all.filter((m) => m.direction === 'in' && m.status !== 'read' && m.status !== 'played')
        .length,
      messages: recent.map((m, i) => ({
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
          message: { conversation: m.text },
          messageTimestamp: m.timestamp,
          status:
            m.direction === 'in'
              ? proto.WebMessageInfo.Status.DELIVERY_ACK
              : proto.WebMessageInfo.Status.SERVER_ACK,
        },
      })),
    };
  });
  const history = proto.HistorySync.encode({
    syncType: proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP,
    conversations,
    chunkOrder: 1,
    progress: 100,
  }).finish();
  return {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
      historySyncNotification: {
        syncType: proto.Message.HistorySyncType.INITIAL_BOOTSTRAP,
        chunkOrder: 1,
        progress: 100,
        initialHistBootstrapInlinePayload: deflateSync(history),
      },
    },
  };
}

/** A message id as the phone's own client writes them. */
export const historyMessageId = (): string => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
