import type { DialectWebhookRules } from '@zapgate/dialect-common';
import {
  isIgnoredByWpp,
  renderWppWebhook,
  WPP_DEFAULT_IGNORE,
  WPP_EVENTS_OFF_BY_DEFAULT,
  WPP_WEBHOOK_EVENTS,
} from './wpp-webhook.renderer.js';

/**
 * WPPConnect-server's webhook rules: its `ignore` list (`status@broadcast` unless the session set
 * its own), `onselfmessage` only when asked for, and the global WEBHOOK_URL for sessions without
 * a URL of their own.
 */
export const WPP_WEBHOOK_RULES: DialectWebhookRules = {
  render: renderWppWebhook,
  events: WPP_WEBHOOK_EVENTS,
  skip: (webhook, settings) => isIgnoredByWpp(webhook, settings?.ignore ?? WPP_DEFAULT_IGNORE),
  offByDefault: WPP_EVENTS_OFF_BY_DEFAULT,
  usesGlobalUrl: true,
};
