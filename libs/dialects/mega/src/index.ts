/**
 * mega-API dialect (`/rest/...`): what a mega-API user sends and receives.
 * - `MEGA_DIALECT`: how the gateway finds and answers the dialect (path, error body, lenient JSON);
 * - request DTOs (`mega.dto`) and their translation into canonical commands (`megaTextMessage`);
 * - reply classes and builders (`mega-reply.dto`), which also give Swagger its response schemas;
 * - webhooks: `MEGA_WEBHOOK_RULES` (`renderMegaWebhook`, `MEGA_WEBHOOK_EVENTS`), `MEGA_ACK_STATUS`.
 */
export {
  renderMegaWebhook,
  MEGA_WEBHOOK_EVENTS,
  MEGA_ACK_STATUS,
  type MegaWebhookEvent,
} from './mega-webhook.renderer.js';
export { MEGA_WEBHOOK_RULES } from './mega-webhook.rules.js';
export { MEGA_DIALECT, renderMegaError } from './mega-dialect.js';
export { fillMissingMegaValues } from './mega-lenient-json.js';
export * from './mega.dto.js';
export * from './mega-reply.dto.js';
export { megaTextMessage } from './mega-send-message.command.js';
export {
  megaMediaUrlSend,
  megaMediaBase64Send,
  megaMediaUrlToManySend,
  megaMediaContent,
  megaRecipients,
  megaTextToMany,
  type MegaMediaInput,
  type MegaMediaSend,
} from './mega-send-media.command.js';
export * from './mega-download-media.dto.js';
export * from './mega-rich-message.dto.js';
export {
  megaTextMentioned,
  megaQuoteMessage,
  megaLocation,
  megaContactMessage,
} from './mega-rich-message.command.js';
export * from './mega-chat.dto.js';
export * from './mega-compat.dto.js';
export * from './mega-forward-preview.dto.js';
export * from './mega-interactive.dto.js';
export { megaListMessage, megaTemplateMessage, megaTemplateWithMedia } from './mega-interactive.command.js';
export * from './mega-chat-state.dto.js';
export * from './mega-group.dto.js';
export { megaGroup } from './mega-webhook.renderer.js';
export * from './mega-profile.dto.js';
