/**
 * What both REST dialects share: the recipient rule, the descriptor the gateway looks dialects up
 * by, the error shape they render, their webhook rules' shape and the replay body.
 */
export { normalizeRecipient, type RecipientHints } from './recipient.js';
export { normalizeMention, normalizeMentions, contactDigits } from './mention.js';
export { ReplayRangeDto } from './replay-range.dto.js';
export { DEFAULT_STATUS, type ClientError, type DialectErrorReply } from './dialect-error.js';
export type {
  DialectDescriptor,
  DialectWebhookRules,
  WebhookMediaFile,
  WebhookMediaRule,
  WebhookRuleSettings,
} from './dialect.js';
export { INTERACTIVE_RENDERING_NOTE, templateCallPhone, templateUrl } from './interactive.js';
