import type { SendMessageCommand } from '@zapgate/contracts';
import { contactDigits, normalizeMentions, normalizeRecipient } from '@zapgate/dialect-common';
import type {
  MegaContactMessageDto,
  MegaLocationDto,
  MegaQuoteMessageDto,
  MegaTextMentionedDto,
} from './mega-rich-message.dto.js';

/** `sendMessage/{key}/textMentioned` (catalog 4.3): a text with `mentions` as user jids. */
export function megaTextMentioned(instance: string, body: MegaTextMentionedDto): SendMessageCommand {
  const { to, text, mentions } = body.messageData;
  return {
    instance,
    to: normalizeRecipient(to),
    content: { kind: 'text', text },
    options: { mentions: normalizeMentions(mentions) },
  };
}

/**
 * `sendMessage/{key}/quoteMessage` (catalog 4.14): a text quoting the stored message `key.id`
 * (in `key.remoteJid`'s chat when given, else the recipient's); the body's `message` is not
 * trusted: the shard quotes what it stored.
 */
export function megaQuoteMessage(instance: string, body: MegaQuoteMessageDto): SendMessageCommand {
  const { to, text, key } = body.messageData;
  return {
    instance,
    to: normalizeRecipient(to),
    content: { kind: 'text', text },
    options: {
      quoted: { id: key.id.trim(), ...(key.remoteJid ? { chat: normalizeRecipient(key.remoteJid) } : {}) },
    },
  };
}

/** `sendMessage/{key}/location` (catalog 4.7): `caption` names the place, `address` under it. */
export function megaLocation(instance: string, body: MegaLocationDto): SendMessageCommand {
  const { to, latitude, longitude, caption, address } = body.messageData;
  return {
    instance,
    to: normalizeRecipient(to),
    content: {
      kind: 'location',
      latitude,
      longitude,
      ...(caption ? { name: caption } : {}),
      ...(address ? { address } : {}),
    },
  };
}

/**
 * `sendMessage/{key}/contactMessage` (catalog 4.12): one contact card; `phoneNumber` as a jid
 * (the ScriptCase macros) or as free text (the PHP class).
 */
export function megaContactMessage(instance: string, body: MegaContactMessageDto): SendMessageCommand {
  const { to, vcard } = body.messageData;
  return {
    instance,
    to: normalizeRecipient(to),
    content: {
      kind: 'contacts',
      displayName: vcard.displayName ?? vcard.fullName,
      contacts: [
        {
          fullName: vcard.fullName,
          phone: contactDigits(vcard.phoneNumber, 'vcard.phoneNumber'),
          ...(vcard.organization ? { organization: vcard.organization } : {}),
        },
      ],
    },
  };
}
