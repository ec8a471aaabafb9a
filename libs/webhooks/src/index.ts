export {
  WebhookDispatcher,
  WEBHOOK_OFF,
  type DialectWebhooks,
  type DispatcherDeps,
  type DispatcherOptions,
  type WebhookMediaSource,
} from './webhook-dispatcher.js';
export {
  CommandMediaSource,
  DEFAULT_WEBHOOK_MEDIA_MAX_BYTES,
  type CommandMediaSourceOptions,
} from './command-media.source.js';
export { WebhookSender, HttpWebhookSender } from './webhook-sender.js';
export { OutboxEventLog } from './outbox-event-log.js';
export {
  CONNECTION_FAILED,
  retryDelayMs,
  parseRetryAfter,
  isRetryable,
  type RetryPolicy,
  type AttemptResult,
} from './retry-policy.js';
export { DIALECT_WEBHOOKS, DIALECT_WEBHOOK_EVENTS } from './dialects.js';
export {
  dispatcherOptionsFromEnv,
  urlPolicyFromEnv,
  type WebhookDeliveryEnv,
} from './dispatcher-settings.js';
export { startHealthServer, type HealthServer, type MetricsSource } from './health-server.js';
export { DispatcherMetrics, type DispatcherQueues } from './dispatcher-metrics.js';
