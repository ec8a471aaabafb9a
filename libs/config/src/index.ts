export { loadEnv, EnvValidationError } from './load-env.js';
