export { loadEnv, EnvValidationError } from './load-env.js';
export { BaseEnv, ClusterEnv, LOG_LEVELS } from './base-env.js';
export { onShutdownSignal } from './shutdown.js';
