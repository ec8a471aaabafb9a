import {
  DomainError,
  ErrorCode,
  type MessageContent,
  type SendMessageCommand,
  type SendOptions,
  type SentMessage,
} from '@zapgate/contracts';
import { contactDigits, normalizeMentions } from '@zapgate/dialect-common';
import type { WppMessageView } from './wpp-reply.dto.js';
import { wppSentText } from './wpp-reply.dto.js';
import type {
  WppContactVcardDto,
  WppRichRecipientsDto,
  WppSendLocationDto,
  WppSendMentionedDto,
  WppSendOneReply,
  WppSendReplyDto,
} from './wpp-rich-message.dto.js';
import { wppQuoted } from './wpp-send-media.command.js';
import { wppRecipients } from './wpp-send-message.command.js';

/** The wppconnect `sendText` options zapgate carries out; any other key answers 501. */
export const WPP_SEND_TEXT_OPTIONS = ['quotedMsg', 'mentionedList', 'linkPreview'] as const;

/** A `quotedMsg` as wppconnect takes it: a (serialized) id, or a message or key with one. */
function quotedMsgId(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const id = (value as { id?: unknown }).id ?? (value as { _serialized?: unknown })._serialized;
    if (typeof id === 'string') return id;
    if (id && typeof id === 'object' && typeof (id as { _serialized?: unknown })._serialized === 'string')
      return (id as { _serialized: string })._serialized;
  }
  throw new DomainError(ErrorCode.ValidationFailed, 'options.quotedMsg must be a message id');
}

/**
 * `send-message`'s `options` (wppconnect `sendText` options) as send options: `quotedMsg` (a
 * message of this session, serialized id or bare) and `mentionedList` (users). Keys with no value
 * are ignored; `linkPreview` is the gateway's (wppWantsLinkPreview); any other key (buttons, title, footer, detectMentioned, markIsRead,
 * delay, messageId, waitForAck, createChat …) is a 501 naming it, never silently dropped.
 */
export function wppSendTextOptions(options: Record<string, unknown> | undefined): SendOptions | undefined {
  const given = Object.entries(options ?? {}).filter(([, v]) => v !== undefined && v !== null);
  const unsupported = given
    .map(([k]) => k)
    .filter((k) => !(WPP_SEND_TEXT_OPTIONS as readonly string[]).includes(k));
  if (unsupported.length)
    throw new DomainError(
      ErrorCode.NotImplemented,
      `send-message options ${unsupported.join(', ')} are not supported yet (supported: ${WPP_SEND_TEXT_OPTIONS.join(', ')}); send without them`,
    );
  const values = Object.fromEntries(given);
  const result: SendOptions = {};
  if (values['quotedMsg'] !== undefined) {
    const quoted = wppQuoted(quotedMsgId(values['quotedMsg']));
    if (!quoted) throw new DomainError(ErrorCode.ValidationFailed, 'options.quotedMsg must be a message id');
    result.quoted = quoted;
  }
  const mentioned = values['mentionedList'];
  if (mentioned !== undefined) {
    if (!Array.isArray(mentioned))
      throw new DomainError(ErrorCode.ValidationFailed, 'options.mentionedList must be an array of ids');
    if (mentioned.length) result.mentions = normalizeMentions(mentioned, 'options.mentionedList');
  }
  return Object.keys(result).length ? result : undefined;
}

function each(
  session: string,
  body: WppRichRecipientsDto,
  content: MessageContent,
  options?: SendOptions,
): SendMessageCommand[] {
  if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  return wppRecipients(body.phone, body).map((to) => ({
    instance: session,
    to,
    content,
    ...(options ? { options } : {}),
  }));
}

/** `send-reply`: the text quoting `messageId`, to each recipient. */
export function wppReplyMessages(session: string, body: WppSendReplyDto): SendMessageCommand[] {
  const quoted = wppQuoted(body.messageId);
  if (!quoted) throw new DomainError(ErrorCode.ValidationFailed, 'messageId is required');
  return each(session, body, { kind: 'text', text: body.message }, { quoted });
}

/** `send-mentioned`: the text with `mentioned` as user jids. */
export function wppMentionedMessages(session: string, body: WppSendMentionedDto): SendMessageCommand[] {
  const mentions = normalizeMentions(body.mentioned, 'mentioned');
  return each(session, body, { kind: 'text', text: body.message }, { mentions });
}

/** `send-location`: `title` names the place (wppconnect's `name`), `address` under it. */
export function wppLocationMessages(session: string, body: WppSendLocationDto): SendMessageCommand[] {
  return each(session, body, {
    kind: 'location',
    latitude: body.lat,
    longitude: body.lng,
    ...(body.title ? { name: body.title } : {}),
    ...(body.address ? { address: body.address } : {}),
  });
}

/**
 * `contact-vcard`: one card per `contactsId`. With one contact `name` is its name on the card;
 * with several, each card is named by its number and `name` names the message.
 */
export function wppContactVcardMessages(session: string, body: WppContactVcardDto): SendMessageCommand[] {
  const phones = [...new Set(body.contactsId.map((id) => contactDigits(id, 'contactsId')))];
  const name = body.name?.trim();
  const contacts = phones.map((phone) => ({
    fullName: phones.length === 1 && name ? name : `+${phone}`,
    phone,
  }));
  return each(session, body, {
    kind: 'contacts',
    ...(name ? { displayName: name } : {}),
    contacts,
  });
}

/** A sent message as WPPConnect's serialized Message, of a given WA-Web `type` (`location`, `vcard`…). */
export function wppSentMessage(
  sent: SentMessage,
  me: string | undefined,
  type: string,
  body = '',
): WppMessageView {
  return { ...wppSentText(sent, me, body), type };
}

/** send-mentioned's and contact-vcard's answer: the last recipient's result. */
export const wppSendOneReply = (session: string, response: WppMessageView): WppSendOneReply => ({
  status: 'success',
  response,
  session,
});
