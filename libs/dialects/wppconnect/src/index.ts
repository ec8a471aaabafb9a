/**
 * WPPConnect-server dialect (`/api/{session}/...`): what a WPPConnect user sends and receives.
 * - `WPP_DIALECT`: how the gateway finds and answers the dialect (path, its exact error bodies);
 * - request DTOs (`wpp.dto`) and their translation into canonical commands (`wppTextMessages`);
 * - reply classes and builders (`wpp-reply.dto`), which also give Swagger its response schemas;
 * - `wppSecretRoute` and `WPP_WRONG_SECRET`: the SECRET_KEY routes and their own 400 bodies;
 * - webhooks: `WPP_WEBHOOK_RULES` (renderer, event names, `ignore` list, `onselfmessage` off by
 *   default, the global WEBHOOK_URL), `WPP_ACK`, and `wid` (a jid as WA-Web writes it, `@c.us`).
 */
export {
  renderWppWebhook,
  isIgnoredByWpp,
  wid,
  wppMessageObject,
  WPP_WEBHOOK_EVENTS,
  WPP_DEFAULT_IGNORE,
  WPP_EVENTS_OFF_BY_DEFAULT,
  WPP_ACK,
  type WppWebhookEvent,
} from './wpp-webhook.renderer.js';
export { WPP_WEBHOOK_RULES } from './wpp-webhook.rules.js';
export { WPP_DIALECT, renderWppError } from './wpp-dialect.js';
export { wppSecretRoute, WPP_WRONG_SECRET } from './wpp-secret-routes.js';
export * from './wpp.dto.js';
export * from './wpp-reply.dto.js';
export { wppTextMessages, wppRecipients, type WppRecipientFlags } from './wpp-send-message.command.js';
export * from './wpp-media.dto.js';
export {
  wppFileInput,
  wppFileKind,
  wppQuoted,
  wppMediaRecipients,
  wppCheckFileSend,
  wppFileMessages,
  wppVoiceMessages,
  wppStickerMessages,
  WPP_FILE_MANDATORY,
  type WppFileInput,
} from './wpp-send-media.command.js';
export * from './wpp-message-read.dto.js';
export * from './wpp-rich-message.dto.js';
export * from './wpp-rich-message.command.js';
export * from './wpp-message-action.dto.js';
export * from './wpp-forward-preview.dto.js';
export * from './wpp-poll-list.dto.js';
export * from './wpp-poll-list.command.js';
export * from './wpp-status.dto.js';
export * from './wpp-chat.dto.js';
export * from './wpp-group.dto.js';
export * from './wpp-community.dto.js';
export * from './wpp-presence.dto.js';
export * from './wpp-call.dto.js';
export * from './wpp-label.dto.js';
export * from './wpp-profile.dto.js';
export * from './wpp-session-data.dto.js';
