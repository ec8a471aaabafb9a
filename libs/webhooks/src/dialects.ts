import { MEGA_WEBHOOK_EVENTS, renderMegaWebhook } from '@zapgate/dialect-mega';
import {
  renderWppWebhook,
  WPP_DEFAULT_IGNORE,
  WPP_EVENTS_OFF_BY_DEFAULT,
  WPP_WEBHOOK_EVENTS,
} from '@zapgate/dialect-wppconnect';
import type { WebhookDialect } from '@zapgate/contracts';
import type { DialectWebhooks } from './webhook-dispatcher.js';

/** The real renderers of both dialects, as the dispatcher takes them. */
export const DIALECT_WEBHOOKS: Record<WebhookDialect, DialectWebhooks> = {
  mega: { render: renderMegaWebhook },
  wppconnect: {
    render: renderWppWebhook,
    defaultIgnore: WPP_DEFAULT_IGNORE,
    offByDefault: WPP_EVENTS_OFF_BY_DEFAULT,
  },
};

/** Event names each dialect can send (what an instance's filter may list). */
export const DIALECT_WEBHOOK_EVENTS: Record<WebhookDialect, readonly string[]> = {
  mega: MEGA_WEBHOOK_EVENTS,
  wppconnect: WPP_WEBHOOK_EVENTS,
};
