import type { WebhookDialect } from '@zapgate/contracts';
import type { DialectWebhookRules } from '@zapgate/dialect-common';
import { MEGA_WEBHOOK_RULES } from '@zapgate/dialect-mega';
import { WPP_WEBHOOK_RULES } from '@zapgate/dialect-wppconnect';

/** Each dialect's webhook rules, by the name instances record: what the dispatcher looks up. */
export const DIALECT_WEBHOOKS: Readonly<Record<WebhookDialect, DialectWebhookRules>> = {
  mega: MEGA_WEBHOOK_RULES,
  wppconnect: WPP_WEBHOOK_RULES,
};

/** Event names each dialect can send (what an instance's filter may list). */
export const DIALECT_WEBHOOK_EVENTS: Readonly<Record<WebhookDialect, readonly string[]>> = {
  mega: DIALECT_WEBHOOKS.mega.events,
  wppconnect: DIALECT_WEBHOOKS.wppconnect.events,
};
