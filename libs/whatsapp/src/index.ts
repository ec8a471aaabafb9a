export { WaSession, type WaSessionOptions } from './wa-session.js';
export {
  WhatsAppSession,
  WhatsAppSessionFactory,
  type MediaDownload,
  type OutgoingMessage,
  type WhatsAppSessionContext,
} from './whatsapp-session.port.js';
export { BaileysSessionFactory, type BaileysSessionFactoryOptions } from './baileys-session.factory.js';
export {
  buildMessageContent,
  mediaOf,
  VOICE_NOTE_MIME,
  type MessageContentInput,
} from './message-content.builder.js';
export {
  parseStoredMessage,
  serializeMessage,
  storedKind,
  storedToReceived,
  toStoredMessage,
} from './stored-message.js';
export { loadStoredAuthState, type StoredAuthState } from './stored-auth-state.js';
export {
  decideReconnect,
  DEFAULT_RECONNECT,
  type ReconnectDecision,
  type ReconnectPolicyOptions,
} from './reconnect-policy.js';
export {
  mediaOfMessage,
  normalizeMessage,
  normalizeStatus,
  normalizePresence,
  messageToJson,
} from './normalize.js';
export { messageFromKeys } from './media-download.js';
export {
  decodeSimulatorTrust,
  encodeSimulatorTrust,
  simulatorHttp,
  trustedSimulatorHttp,
  trustSimulator,
  trustSimulatorRoot,
  useSimulatorEndpoint,
  type SimulatorHttp,
  type SimulatorTrust,
} from './trust-root.js';
export { quietLibsignalConsole, type LibsignalConsoleOptions } from './libsignal-console.js';
