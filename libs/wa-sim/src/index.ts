export {
  WaSimulator,
  type WaSimulatorOptions,
  type PhoneView,
  type PhoneMediaRequest,
  type SimMediaStats,
} from './wa-simulator.js';
export {
  decodeSimulatorTrust,
  encodeSimulatorTrust,
  makeCertificateChain,
  simulatorHttp,
  trustedSimulatorHttp,
  trustSimulator,
  trustSimulatorRoot,
  type SimulatorHttp,
  type SimulatorTrust,
} from './noise/cert-chain.js';
export { PHONE_MEDIA_KINDS, type PhoneMediaKind, type PhoneSendableKind } from './media/media-kind.js';
export { encryptMedia, mediaKeys, MediaDecipher } from './media/media-cipher.js';
export { SimError, type SimErrorCode } from './sim-error.js';
export type { Fault, TimedFault, InstantFault } from './faults/fault-injector.js';
export type {
  PhoneMedia,
  PhoneMessage,
  PhoneMessageRetry,
  PhoneMessageStatus,
} from './phone/phone-message.js';
export { SimulatedPhone } from './phone/simulated-phone.js';
export type { PhoneChat, PhoneLabel } from './phone/phone-chats.js';
export { AppStateStore, APP_STATE_COLLECTIONS, type AppStateState } from './app-state/app-state-store.js';
export type { GroupView, GroupMemberView, PhoneGroupEvent } from './groups/phone-groups.js';
export type { SimGroupView } from './groups/sim-group-view.js';
export type { GroupState, GroupRole } from './groups/group.js';
export { makeMemoryAuthState, type MemoryAuthState } from './phone/memory-auth-state.js';
export { decodeQrImage } from './pairing/qr-image.js';
export { parsePairingQr } from './pairing/pairing-service.js';
export { createSimLogger, type SimLogger } from './sim-logger.js';
export { BaileysCompanion, type CompanionOptions } from './client/baileys-companion.js';
export { SimControlModule } from './control/sim-control.module.js';
export { SimErrorFilter } from './control/sim-error.filter.js';
export type { PhoneProfileView } from './profile/phone-profile.js';
export type { BusinessProfileRecord, ProfileState } from './profile/profile-store.js';
