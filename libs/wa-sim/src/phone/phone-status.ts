import { jidNormalizedUser, normalizeMessageContent, proto, type WAMessage } from '@whiskeysockets/baileys';
import type { PhoneMessage } from './phone-message.js';

/** WhatsApp's status broadcast jid. */
export const STATUS_JID = 'status@broadcast';

/** How a text status looks: its background colour (`#RRGGBB`, or `#AARRGGBB` when not opaque) and font. */
export interface PhoneStatusPost {
  backgroundColor?: string;
  /** `ExtendedTextMessage.FontType` (0 SYSTEM, 1 SYSTEM_TEXT, 2 FB_SCRIPT, 6-10). */
  font?: number;
}

/** A chat's disappearing-messages setting changed (WhatsApp's EPHEMERAL_SETTING protocol message). */
export interface PhoneDisappearing {
  /** How long messages last now; 0: off. */
  seconds: number;
}

/** The ephemeral-setting change a message carries, if it is one. */
export function disappearingOf(msg: WAMessage): PhoneDisappearing | undefined {
  const protocol = normalizeMessageContent(msg.message)?.protocolMessage;
  if (protocol?.type !== proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING) return undefined;
  return { seconds: protocol.ephemeralExpiration ?? 0 };
}

/** What a phone shows beyond the message itself: a status post's look, a disappearing-messages change. */
export function statusExtrasOf(msg: WAMessage): Pick<PhoneMessage, 'statusPost' | 'disappearing'> {
  const disappearing = disappearingOf(msg);
  if (disappearing) return { disappearing };
  if (msg.key.remoteJid !== STATUS_JID) return {};
  const ext = normalizeMessageContent(msg.message)?.extendedTextMessage;
  const argb = ext?.backgroundArgb;
  const hex = typeof argb === 'number' ? (argb >>> 0).toString(16).padStart(8, '0') : undefined;
  return {
    statusPost: {
      ...(hex ? { backgroundColor: `#${hex.startsWith('ff') ? hex.slice(2) : hex}` } : {}),
      ...(typeof ext?.font === 'number' ? { font: ext.font } : {}),
    },
  };
}

/** The phone's contacts a status goes to by default: the people of its 1:1 chats. */
export function contactsOf(messages: PhoneMessage[], self: string): string[] {
  const chats = new Set<string>();
  for (const m of messages) {
    const chat = jidNormalizedUser(m.chat);
    if (/@(s\.whatsapp\.net|lid)$/.test(chat) && chat !== self) chats.add(chat);
  }
  return [...chats];
}
