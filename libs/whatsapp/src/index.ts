export { WaSession, type WaSessionOptions } from './wa-session.js';
export {
  WhatsAppSession,
  WhatsAppSessionFactory,
  type MediaDownload,
  type OutgoingMessage,
  type StatusPost,
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
  decryptVote,
  pollOfMessage,
  pollOptionHash,
  replyOfMessage,
  selectedOptionNames,
  storedPollVotes,
  tallyPoll,
  type StoredPollVotes,
} from './poll-vote.js';
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
export {
  curveVerifyMemo,
  memoizeCurveVerify,
  memoizeVerify,
  verifyCurveSignature,
  VERIFIED_KEPT,
  type MemoVerify,
} from './curve-verify-memo.js';
export { quietLibsignalConsole, type LibsignalConsoleOptions } from './libsignal-console.js';
export { buildStatusContent, STATUS_BROADCAST, type StatusSend } from './status-content.builder.js';
export { WhatsAppGroups, NoGroups } from './whatsapp-groups.port.js';
export { BaileysGroups, groupError } from './baileys-groups.js';
export {
  normalizeGroup,
  normalizeGroupUpdate,
  normalizeGroupUpsert,
  normalizeJoinRequest,
  normalizeParticipantsUpdate,
} from './group-normalize.js';
export {
  WhatsAppChats,
  NoChats,
  type ChatListing,
  type ChatModificationRequest,
} from './whatsapp-chats.port.js';
export { BaileysChats, APP_STATE_UNAVAILABLE } from './baileys-chats.js';
export {
  acceptsHistory,
  ChatFeed,
  chatInfo,
  chatPatchesFromMessages,
  chatPatchFromBaileys,
  contactInfo,
  contactPatchesFromMessages,
  contactPatchFromBaileys,
  type ChatStores,
} from './chat-sync.js';
export { WhatsAppProfile, NoProfile } from './whatsapp-profile.port.js';
export { BaileysProfile, businessProfileOf } from './baileys-profile.js';
