import type { MediaStore } from '@zapgate/media';
import type { AuthStateRepository, MessageRepository } from '@zapgate/storage';
import type { ChatStores } from './chat-sync.js';
import type { ReconnectPolicyOptions } from './reconnect-policy.js';
import type { SimulatorHttp } from './trust-root.js';
import { WaSession } from './wa-session.js';
import {
  WhatsAppSessionFactory,
  type WhatsAppSession,
  type WhatsAppSessionContext,
} from './whatsapp-session.port.js';

export interface BaileysSessionFactoryOptions {
  auth: AuthStateRepository;
  messages: MessageRepository;
  /** The store the gateway puts outgoing media in and takes downloads from (the same bucket or folder). */
  media: Pick<MediaStore, 'open' | 'delete' | 'put'>;
  /** Where to connect; WhatsApp's own URL when absent (the simulator's in tests and sandbox). */
  waWebSocketUrl?: string;
  /** Agents for a simulator's media host (default: the trusted simulator's, if any). */
  http?: SimulatorHttp;
  reconnect?: ReconnectPolicyOptions;
  /** Chats, contacts and blocklists (kept from WhatsApp's events and history sync). */
  chats?: ChatStores;
  /** Test-only: see faultBeforePublish (ZG_FAULT_KILL_BEFORE_PUBLISH). */
  faultKillBeforePublish?: string;
}

/** Sessions over Baileys (`WaSession`), sharing the stores and the WhatsApp endpoint. */
export class BaileysSessionFactory extends WhatsAppSessionFactory {
  constructor(private readonly options: BaileysSessionFactoryOptions) {
    super();
  }

  create(instance: string, context: WhatsAppSessionContext): WhatsAppSession {
    return new WaSession(instance, { ...this.options, ...context });
  }
}
