export { loadEnv, EnvValidationError } from './load-env.js';
export { BaseEnv, ClusterEnv, LOG_LEVELS } from './base-env.js';
export { onShutdownSignal } from './shutdown.js';
export { WithSimulatorEndpoint, type SimulatorEndpointSettings } from './simulator-endpoint.env.js';
