import { DomainError, ErrorCode } from '@zapgate/contracts';
import { normalizeRecipient } from './recipient.js';

/**
 * A mentioned user as the jid WhatsApp puts in `mentionedJid`: digits, `@s.whatsapp.net`, `@c.us`
 * or `@lid` (the recipient rule); a group, or anything that is not a user id, is a validation error.
 */
export function normalizeMention(input: unknown, field = 'mentions'): string {
  let jid: string;
  try {
    jid = normalizeRecipient(input);
  } catch (err) {
    if (err instanceof DomainError && err.code === ErrorCode.ValidationFailed)
      throw new DomainError(ErrorCode.ValidationFailed, `${field}: ${err.message}`);
    throw err;
  }
  if (jid.endsWith('@g.us'))
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `${field}: ${JSON.stringify(input)} is a group; only users can be mentioned`,
    );
  return jid;
}

/** Mentioned users as jids, without repeats (see normalizeMention). */
export const normalizeMentions = (inputs: readonly unknown[], field = 'mentions'): string[] => [
  ...new Set(inputs.map((m) => normalizeMention(m, field))),
];

/**
 * A contact's number as the digits of its WhatsApp id: a jid (`@s.whatsapp.net`, `@c.us`) or a
 * phone number written freely (`+55 (11) 99999-0002`); a group or LID is a validation error.
 */
export function contactDigits(input: unknown, field = 'phoneNumber'): string {
  const jid = normalizeMention(input, field);
  if (!jid.endsWith('@s.whatsapp.net'))
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `${field}: ${JSON.stringify(input)} is not a phone number`,
    );
  return jid.split('@')[0]!;
}
