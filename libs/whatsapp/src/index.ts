export { WaSession, type WaSessionOptions } from './wa-session.js';
export { loadStoredAuthState, type StoredAuthState } from './stored-auth-state.js';
export {
  decideReconnect,
  DEFAULT_RECONNECT,
  type ReconnectDecision,
  type ReconnectPolicyOptions,
} from './reconnect-policy.js';
export { normalizeMessage, normalizeStatus, normalizePresence, messageToJson } from './normalize.js';
export { trustSimulatorRoot, useSimulatorEndpoint } from './trust-root.js';
export { quietLibsignalConsole, type LibsignalConsoleOptions } from './libsignal-console.js';
