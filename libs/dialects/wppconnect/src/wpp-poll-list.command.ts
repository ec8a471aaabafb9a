import {
  DomainError,
  ErrorCode,
  type MessageContent,
  type PollOptionTally,
  type SendMessageCommand,
  type TemplateButton,
} from '@zapgate/contracts';
import { templateCallPhone, templateUrl } from '@zapgate/dialect-common';
import type {
  WppPollVotesReply,
  WppSendButtonsDto,
  WppSendButtonsReply,
  WppSendListDto,
  WppSendPollDto,
} from './wpp-poll-list.dto.js';
import { wppSendTextOptions } from './wpp-rich-message.command.js';
import { wid } from './wpp-webhook.renderer.js';
import { wppRecipients } from './wpp-send-message.command.js';

/**
 * `send-poll-message`: the poll to each recipient. `options.selectableCount` is how many choices a
 * voter may pick (default 1, as wppconnect; 0: any number); more than there are choices is a 400.
 */
export function wppPollMessages(session: string, body: WppSendPollDto): SendMessageCommand[] {
  if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  const choices = body.choices.map((c) => c.trim());
  if (choices.some((c) => !c)) throw new DomainError(ErrorCode.ValidationFailed, 'choices must not be blank');
  if (new Set(choices).size !== choices.length)
    throw new DomainError(ErrorCode.ValidationFailed, 'choices must be distinct');
  const selectableCount = body.options?.selectableCount ?? 1;
  if (selectableCount > choices.length)
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `options.selectableCount must be between 0 and the number of choices (${choices.length})`,
    );
  return wppRecipients(body.phone, body).map((to) => ({
    instance: session,
    to,
    content: { kind: 'poll', name: body.name.trim(), options: choices, selectableCount },
  }));
}

/** A stored poll's votes, as the gateway reads them from the message store. */
export interface PollVotesInput {
  /** The poll's id and chat (as stored), and whether this session sent it. */
  id: string;
  chat: string;
  fromMe: boolean;
  options: string[];
  votes: { voter: string; selectedOptions: string[]; timestampMs?: number }[];
  tally: PollOptionTally[];
}

/**
 * `votes/{id}` as wa-js `chat.getVotes` answers: the poll's key, its chat, and one entry per voter
 * with the options picked by localId (the option's index); `tally` adds each option's voters.
 */
export function wppPollVotesReply(session: string, input: PollVotesInput): WppPollVotesReply {
  const chatId = wid(input.chat);
  const localId = (name: string) => input.options.indexOf(name);
  return {
    status: 'success',
    response: {
      msgId: {
        fromMe: input.fromMe,
        remote: chatId,
        id: input.id,
        _serialized: `${input.fromMe}_${chatId}_${input.id}`,
      },
      chatId,
      votes: input.votes.map((v) => ({
        selectedOptions: v.selectedOptions.map(localId).filter((i) => i >= 0),
        timestamp: v.timestampMs ?? 0,
        sender: wid(v.voter),
      })),
      tally: input.tally.map((o) => ({
        name: o.name,
        localId: localId(o.name),
        votes: o.votes,
        voters: o.voters.map(wid),
      })),
    },
    session,
  };
}

/** wppconnect's `sendListMessage` default button text. */
export const WPP_LIST_BUTTON_TEXT = 'SELECIONE UMA OPÇÃO';

/**
 * `send-list-message` (wppconnect `sendListMessage`): the list to each recipient, `description`
 * its text ('' by default), `buttonText` the button that opens it, each row's `rowId` what an
 * answer sends back.
 */
export function wppListMessages(session: string, body: WppSendListDto): SendMessageCommand[] {
  if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  const content: MessageContent = {
    kind: 'list',
    text: body.description ?? '',
    buttonText: body.buttonText?.trim() || WPP_LIST_BUTTON_TEXT,
    sections: body.sections.map((s) => ({
      ...(s.title ? { title: s.title } : {}),
      rows: s.rows.map((r) => ({
        id: r.rowId,
        title: r.title,
        ...(r.description ? { description: r.description } : {}),
      })),
    })),
  };
  return wppRecipients(body.phone, body).map((to) => ({ instance: session, to, content }));
}

/** The `send-buttons` options zapgate carries out (wa-js `sendText` button options, and a quote). */
const BUTTON_OPTIONS = ['buttons', 'title', 'footer', 'useTemplateButtons', 'quotedMsg'] as const;

const bad = (message: string) => new DomainError(ErrorCode.ValidationFailed, message);
const optionalText = (value: unknown, field: string, max: number): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max)
    throw bad(`${field} must be text of at most ${max} characters`);
  return value;
};

/**
 * `send-buttons` (wa-js `sendText` with `options.buttons`, 1 to 3): `{id, text}` buttons are quick
 * replies (a `buttons` message; `title` its header, `footer` under it); a `{url, text}` or
 * `{phoneNumber, text}` button, or `useTemplateButtons: true`, makes it a template (WhatsApp's
 * link and call buttons live there). `quotedMsg` quotes a message; any other option is a 501
 * naming it, never ignored.
 */
export function wppButtonsMessages(session: string, body: WppSendButtonsDto): SendMessageCommand[] {
  if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  const options = body.options ?? {};
  const unsupported = Object.entries(options)
    .filter(([k, v]) => v !== undefined && v !== null && !(BUTTON_OPTIONS as readonly string[]).includes(k))
    .map(([k]) => k);
  if (unsupported.length)
    throw new DomainError(
      ErrorCode.NotImplemented,
      `send-buttons options ${unsupported.join(', ')} are not supported (supported: ${BUTTON_OPTIONS.join(', ')}); send without them`,
    );
  const raw = options['buttons'];
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 3)
    throw bad('options.buttons must be an array of 1 to 3 buttons');
  const buttons: TemplateButton[] = raw.map((b: unknown, i) => wppButton(b, `options.buttons[${i}]`));
  const title = optionalText(options['title'], 'options.title', 240);
  const footer = optionalText(options['footer'], 'options.footer', 4_096);
  const template = options['useTemplateButtons'] === true || buttons.some((b) => b.type !== 'reply');
  const content: MessageContent = template
    ? {
        kind: 'template',
        text: body.message,
        ...(title ? { title } : {}),
        ...(footer ? { footer } : {}),
        buttons,
      }
    : {
        kind: 'buttons',
        text: body.message,
        ...(title ? { title } : {}),
        ...(footer ? { footer } : {}),
        buttons: buttons.map((b) => ({ id: (b as { id: string }).id, text: b.text })),
      };
  const quote = wppSendTextOptions(
    options['quotedMsg'] !== undefined ? { quotedMsg: options['quotedMsg'] } : undefined,
  );
  return wppRecipients(body.phone, body).map((to) => ({
    instance: session,
    to,
    content,
    ...(quote ? { options: quote } : {}),
  }));
}

/** One wa-js button: `{id, text}`, `{url, text}` or `{phoneNumber, text}`. */
function wppButton(value: unknown, field: string): TemplateButton {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad(`${field} must be an object`);
  const b = value as Record<string, unknown>;
  const text = b['text'];
  if (typeof text !== 'string' || !text.trim() || text.length > 60)
    throw bad(`${field}.text must be the button's label, 1 to 60 characters`);
  if (b['url'] !== undefined)
    return { type: 'url', text, url: templateUrl(String(b['url']), `${field}.url`) };
  if (b['phoneNumber'] !== undefined)
    return { type: 'call', text, phone: templateCallPhone(String(b['phoneNumber']), `${field}.phoneNumber`) };
  const id = b['id'];
  if ((typeof id !== 'string' && typeof id !== 'number') || !String(id).trim() || String(id).length > 200)
    throw bad(`${field} needs an id (1 to 200 characters), a url or a phoneNumber`);
  return { type: 'reply', id: String(id), text };
}

/** `send-buttons`' answer: the recipients each message went to, as wppconnect ids (`…@c.us`). */
export const wppSendButtonsReply = (session: string, sentTo: string[]): WppSendButtonsReply => ({
  status: 'success',
  response: sentTo.map(wid),
  mapper: 'return',
  session,
});
