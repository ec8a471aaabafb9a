/**
 * WPPConnect-server dialect (`/api/{session}/...`): what a WPPConnect user receives.
 * - `renderWppWebhook`: a canonical event as WPPConnect webhook bodies (`{event, session, ...}`);
 * - `WPP_WEBHOOK_EVENTS`: the event names this renderer produces (what a user can filter on);
 * - `WPP_DEFAULT_IGNORE` + `isIgnoredByWpp`: WPPConnect's `webhook.ignore` list and skip rule;
 * - `WPP_EVENTS_OFF_BY_DEFAULT`: events WPPConnect sends only when switched on (`onselfmessage`);
 * - `WPP_ACK`: canonical message status -> wppconnect `AckType`;
 * - `wid`: a jid as WA-Web writes it (`@c.us`).
 */
export {
  renderWppWebhook,
  isIgnoredByWpp,
  wid,
  WPP_WEBHOOK_EVENTS,
  WPP_DEFAULT_IGNORE,
  WPP_EVENTS_OFF_BY_DEFAULT,
  WPP_ACK,
  type WppWebhookEvent,
} from './wpp-webhook.renderer.js';
