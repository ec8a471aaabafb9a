import { DomainError, ErrorCode } from '@zapgate/contracts';

/** How a dialect qualifies bare digits (WPPConnect's `isGroup`, `isLid` and contactToArray). */
export interface RecipientHints {
  /** Bare digits are a group id (`@g.us`). */
  group?: boolean;
  /** Bare digits are a LID (`@lid`). */
  lid?: boolean;
  /** Bare numbers of more than 14 digits are LIDs (WPPConnect's contactToArray). */
  longNumbersAreLids?: boolean;
}

/** What may separate the digits of a phone number: spaces, `+`, `-`, `.` and parentheses. */
const PHONE_SEPARATORS = /[\s+().-]/g;
const USER_SERVERS = new Set(['s.whatsapp.net', 'c.us']);
const ACCEPTED = 'digits, or an id ending in @s.whatsapp.net, @c.us, @g.us or @lid';

const invalid = (input: unknown) => {
  const shown =
    typeof input === 'string'
      ? JSON.stringify(input.length > 48 ? `${input.slice(0, 48)}…` : input)
      : typeof input;
  return new DomainError(
    ErrorCode.ValidationFailed,
    `${shown} is not a phone number or WhatsApp id (${ACCEPTED})`,
  );
};

/**
 * The one recipient rule of both dialects: bare digits (with `+`, spaces, dashes, dots,
 * parentheses), `@s.whatsapp.net`, `@c.us`, `@g.us` and `@lid`; returns the jid WhatsApp uses.
 * One `@` at most and no other suffix: anything else is a validation error naming the input.
 */
export function normalizeRecipient(input: unknown, hints: RecipientHints = {}): string {
  if (typeof input !== 'string') throw invalid(input);
  const parts = input.trim().split('@');
  if (parts.length > 2) throw invalid(input);
  const [user = '', server] = parts;
  if (server === 'newsletter')
    throw new DomainError(ErrorCode.NotImplemented, 'sending to newsletters is not supported yet');
  // a flag that says group or LID and a suffix that says otherwise contradict each other
  if (server !== undefined && ((hints.group && server !== 'g.us') || (hints.lid && server !== 'lid')))
    throw invalid(input);
  if (server === 'g.us' || (server === undefined && hints.group)) {
    if (/^\d+(-\d+)?$/.test(user)) return `${user}@g.us`;
  } else if (server === 'lid' || (server === undefined && hints.lid)) {
    if (/^\d{1,20}$/.test(user)) return `${user}@lid`;
  } else if (server === undefined || USER_SERVERS.has(server)) {
    // a device id (`:12`) is dropped: messages go to the account
    const digits = user.split(':')[0]!.replace(PHONE_SEPARATORS, '');
    if (server === undefined && hints.longNumbersAreLids && /^\d{15,20}$/.test(digits))
      return `${digits}@lid`;
    if (/^\d{6,15}$/.test(digits)) return `${digits}@s.whatsapp.net`;
  }
  throw invalid(input);
}
