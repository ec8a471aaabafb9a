import type { EventEnvelope } from '@zapgate/contracts';
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
 * its own), `onselfmessage` only when asked for, the global WEBHOOK_URL for sessions without
 * a URL of their own, and autoDownload: a media message's `body` replaced by the file (base64, no
 * prefix) when the deployment can fetch it (bounded by size; the thumbnail otherwise).
 */
export const WPP_WEBHOOK_RULES: DialectWebhookRules = {
  render: renderWppWebhook,
  events: WPP_WEBHOOK_EVENTS,
  skip: (webhook, settings) => isIgnoredByWpp(webhook, settings?.ignore ?? WPP_DEFAULT_IGNORE),
  offByDefault: WPP_EVENTS_OFF_BY_DEFAULT,
  usesGlobalUrl: true,
  // autoDownload (WPPConnect's default): a media message's `body` is the whole file, base64
  media: {
    wants: (webhook, envelope) => {
      if (envelope.event !== 'message-received' || webhook.body['isMedia'] !== true) return undefined;
      const { id, chat, media } = (envelope as EventEnvelope<'message-received'>).data;
      return { id, chat, ...(media?.size !== undefined ? { size: media.size } : {}) };
    },
    apply: (webhook, file) => ({ ...webhook, body: { ...webhook.body, body: file.base64 } }),
  },
};
