import { DomainError, ErrorCode } from '@zapgate/contracts';

/**
 * Accepts bare digits (with `+`, spaces, dashes), `@s.whatsapp.net`, `@c.us`, `@g.us` and `@lid`;
 * returns the jid WhatsApp uses. Anything else is a validation error naming the input.
 */
export function normalizeRecipient(input: string): string {
  const value = input.trim();
  const [user = '', server] = value.split('@');
  if (server === 'g.us') {
    if (/^\d+(-\d+)?$/.test(user)) return value;
  } else if (server === 'lid') {
    if (/^\d+$/.test(user)) return value;
  } else if (server === undefined || server === 's.whatsapp.net' || server === 'c.us') {
    const digits = user.split(':')[0]!.replace(/[\s+()-]/g, '');
    if (/^\d{6,15}$/.test(digits)) return `${digits}@s.whatsapp.net`;
  }
  throw new DomainError(ErrorCode.ValidationFailed, `"${input}" is not a phone number or WhatsApp id`);
}
