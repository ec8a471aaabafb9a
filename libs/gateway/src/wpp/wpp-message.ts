import type { SentMessage } from '@zapgate/contracts';

/** A WhatsApp id in WPPConnect's form: users as `@c.us`. */
export const toWid = (jid: string): string => jid.replace(/@s\.whatsapp\.net$/, '@c.us');

/** A sent text as WPPConnect's serialized Message (the fields its clients read). */
export function wppSentMessage(sent: SentMessage, me: string | undefined, text: string) {
  const chatId = toWid(sent.remoteJid);
  return {
    id: `true_${chatId}_${sent.id}`,
    body: text,
    type: 'chat',
    t: sent.timestamp,
    from: me ? toWid(me) : undefined,
    to: chatId,
    ack: 1,
    fromMe: true,
    isGroupMsg: chatId.endsWith('@g.us'),
    isMedia: false,
    chatId,
    timestamp: sent.timestamp,
    content: text,
  };
}
