/**
 * mega-API dialect (`/rest/...`): what a mega-API user receives.
 * - `renderMegaWebhook`: a canonical event as mega-API webhook bodies (one POST each);
 * - `MEGA_WEBHOOK_EVENTS`: the event names a mega-API user can filter on;
 * - `MEGA_ACK_STATUS`: canonical message status -> the numeric `update.status` of `message.ack`.
 */
export {
  renderMegaWebhook,
  MEGA_WEBHOOK_EVENTS,
  MEGA_ACK_STATUS,
  type MegaWebhookEvent,
} from './mega-webhook.renderer.js';
