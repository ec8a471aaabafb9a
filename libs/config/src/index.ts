export { loadEnv, EnvValidationError } from './load-env.js';
export { BaseEnv, ClusterEnv, LOG_LEVELS } from './base-env.js';
export { onShutdownSignal, type ShutdownOptions } from './shutdown.js';
export { WithSimulatorEndpoint, type SimulatorEndpointSettings } from './simulator-endpoint.env.js';
export { WithWebhookUrlPolicy, WithWebhookDelivery } from './webhook.env.js';
