import { DomainError, ErrorCode } from '@zapgate/contracts';

/**
 * What Swagger and the README say of lists, buttons and templates in both dialects: zapgate sends
 * them (Baileys relays the message WhatsApp's protocol defines), but WhatsApp itself decides
 * whether a client shows them, and many clients drop them when a linked device sends them.
 */
export const INTERACTIVE_RENDERING_NOTE =
  'zapgate sends the message WhatsApp defines for it (relayed through Baileys, stored like any send), and answers success only once WhatsApp accepted it; WhatsApp may not render list, button and template messages on every client (many drop them when a linked device such as zapgate sends them): test with your recipients, or send a poll or a text with the choices written out where it must be seen.';

/**
 * A template's call button's phone as WhatsApp dials it: digits with an optional leading `+`
 * (spaces, dashes, dots and parentheses dropped); anything else is a 400 naming `field`.
 */
export function templateCallPhone(raw: string | undefined, field: string): string {
  const phone = (raw ?? '').replace(/[\s().-]/g, '');
  if (!/^\+?[0-9]{5,20}$/.test(phone))
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `${field} must be the phone number to call (digits, optionally +)`,
    );
  return phone;
}

/** A template's link button's URL: http or https only; anything else is a 400 naming `field`. */
export function templateUrl(raw: string | undefined, field: string): string {
  const url = (raw ?? '').trim();
  if (!/^https?:\/\/\S+$/.test(url) || url.length > 2_048)
    throw new DomainError(ErrorCode.ValidationFailed, `${field} must be the http(s) URL the button opens`);
  return url;
}
