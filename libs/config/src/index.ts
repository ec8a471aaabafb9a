export { loadEnv, EnvValidationError } from './load-env.js';
export { BaseEnv, ClusterEnv, LOG_LEVELS } from './base-env.js';
export { onShutdownSignal, type ShutdownOptions } from './shutdown.js';
export { WithSimulatorEndpoint, type SimulatorEndpointSettings } from './simulator-endpoint.env.js';
export { WithWebhookUrlPolicy, WithWebhookDelivery, WithDataKey, envBoolean } from './webhook.env.js';
export { WithBodyLimit, parseByteSize } from './body-limit.env.js';
export { WithMediaSettings, type MediaSettings } from './media.env.js';
export { WithMessageRetention } from './message-retention.env.js';
export { WithBulkSend, mediaBodyLimitFrom, type BulkSendSettings } from './bulk-send.env.js';
