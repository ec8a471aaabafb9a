import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Headers on every webhook POST (lower case, as Node hands them to a receiver). */
export const WEBHOOK_HEADERS = {
  /** Stable id of this delivery: the same on every retry and replay (deduplicate on it). */
  id: 'x-zapgate-event-id',
  /** The dialect's event name (mega `message`, wpp `onmessage`, ...). */
  event: 'x-zapgate-event',
  /** Unix seconds when this attempt was signed. */
  timestamp: 'x-zapgate-timestamp',
  /** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the instance's secret>`. */
  signature: 'x-zapgate-signature',
} as const;

/** `sha256=<hex>` over `${timestamp}.${body}`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Constant-time check of a signature header (what a receiver does; see the README snippet). */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A new random secret (when the caller asks us to generate one). */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets shorter than this are refused. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
