import type { DialectWebhookRules } from '@zapgate/dialect-common';
import { MEGA_WEBHOOK_EVENTS, renderMegaWebhook } from './mega-webhook.renderer.js';

/** mega-API webhooks: every event rendered is sent (the instance's event filter aside). */
export const MEGA_WEBHOOK_RULES: DialectWebhookRules = {
  render: renderMegaWebhook,
  events: MEGA_WEBHOOK_EVENTS,
};
