import { EventEmitter } from 'node:events';
import {
  Curve,
  DisconnectReason,
  encodeBigEndian,
  generateMessageIDV2,
  initAuthCreds,
  jidNormalizedUser,
  makeWASocket,
  proto,
  xmppSignedPreKey,
  type AuthenticationCreds,
  type WAMessage,
  type WASocket,
} from '@whiskeysockets/baileys';
import type { Account, Device } from '../accounts/account.js';
import { LID_SERVER, PN_SERVER } from '../accounts/jids.js';
import { SimError } from '../sim-error.js';
import type { SimLogger } from '../sim-logger.js';
import { makeMemoryAuthState, type MemoryAuthState } from './memory-auth-state.js';
import { statusFromAck, textOf, timestampOf, type PhoneMessage } from './phone-message.js';

const RECONNECT_DELAY_MS = 200;
/** How many of a phone's messages are saved with the simulator's state (the latest). */
const MESSAGES_SAVED = 1_000;

/** What the simulator keeps of a phone across restarts: its Baileys auth state and its messages. */
export interface PhoneState {
  creds: AuthenticationCreds;
  /** Signal keys and sessions as `[type/id, value]`. */
  keys: [string, unknown][];
  messages: PhoneMessage[];
}

/** Credentials for an account's primary device (device 0), made by the simulator. */
export function createPhoneCredentials(number: string, lid: string, name: string): AuthenticationCreds {
  const creds = initAuthCreds();
  const details = Buffer.from(
    proto.ADVDeviceIdentity.encode({
      rawId: 0,
      timestamp: Math.floor(Date.now() / 1000),
      keyIndex: 0,
    }).finish(),
  );
  const identity = creds.signedIdentityKey;
  creds.me = { id: `${number}@${PN_SERVER}`, lid: `${lid}@${LID_SERVER}`, name };
  creds.registered = true;
  creds.platform = 'android';
  creds.account = {
    details,
    accountSignatureKey: identity.public,
    accountSignature: Curve.sign(
      identity.private,
      Buffer.concat([Buffer.from([6, 0]), details, identity.public]),
    ),
    deviceSignature: Curve.sign(
      identity.private,
      Buffer.concat([Buffer.from([6, 1]), details, identity.public, identity.public]),
    ),
  };
  return creds;
}

/** The server-side record of the phone device, from its credentials. */
export function phoneDevice(creds: AuthenticationCreds): Device {
  return {
    id: 0,
    noisePublicKey: creds.noiseKey.public,
    identityKey: creds.signedIdentityKey.public,
    bundle: {
      registration: encodeBigEndian(creds.registrationId),
      identity: creds.signedIdentityKey.public,
      signedPreKey: xmppSignedPreKey(creds.signedPreKey),
      oneTimePreKeys: [],
    },
    platform: 'android',
    linkedAt: Date.now(),
  };
}

export type PhonePresence = 'available' | 'unavailable' | 'composing' | 'recording' | 'paused';

export interface PhoneEvents {
  message: [PhoneMessage];
  open: [];
  /** Its auth state or its messages changed (the simulator saves its state then). */
  changed: [];
}

/**
 * An account's phone: a real, unmodified Baileys client logged in as device 0, so everything it
 * sends and receives is Signal-encrypted end to end like any other device.
 */
export class SimulatedPhone extends EventEmitter<PhoneEvents> {
  private socket?: WASocket;
  private readonly auth: MemoryAuthState;
  private readonly log: PhoneMessage[] = [];
  private readonly byId = new Map<string, PhoneMessage>();
  /** Ids this phone sent itself; other `fromMe` messages came from the account's companions. */
  private readonly sentHere = new Set<string>();
  private stopped = false;
  private openNow = false;

  constructor(
    readonly account: Account,
    creds: AuthenticationCreds,
    private readonly url: string,
    private readonly logger: SimLogger,
    /** Keys and messages of an earlier run (`toState()`), to come back as the same phone. */
    saved?: Omit<PhoneState, 'creds'>,
  ) {
    super();
    this.auth = makeMemoryAuthState(creds, { keys: saved?.keys, onChange: () => this.emit('changed') });
    for (const m of saved?.messages ?? []) {
      this.log.push(m);
      this.byId.set(m.id, m);
    }
  }

  toState(): PhoneState {
    return {
      creds: this.auth.state.creds,
      keys: this.auth.keyEntries(),
      messages: this.log.slice(-MESSAGES_SAVED),
    };
  }

  get isOnline(): boolean {
    return this.openNow;
  }

  start(): Promise<void> {
    this.stopped = false;
    const opened = new Promise<void>((resolve) => this.once('open', resolve));
    this.connect();
    return opened;
  }

  stop(): void {
    this.stopped = true;
    this.socket?.end(undefined);
    this.socket = undefined;
    this.openNow = false;
  }

  messages(): PhoneMessage[] {
    return [...this.log];
  }

  /** Resolves with the first message (seen already, or a later new one or status change) that matches. */
  waitForMessage(match: (m: PhoneMessage) => boolean, timeoutMs = 15_000): Promise<PhoneMessage> {
    const seen = this.log.find(match);
    if (seen) return Promise.resolve({ ...seen });
    return new Promise((resolve, reject) => {
      const onMessage = (m: PhoneMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.off('message', onMessage);
        resolve({ ...m });
      };
      const timer = setTimeout(() => {
        this.off('message', onMessage);
        reject(new Error(`phone ${this.account.number}: no matching message within ${timeoutMs} ms`));
      }, timeoutMs).unref();
      this.on('message', onMessage);
    });
  }

  /** Sends a text as the phone; resolves once the server acknowledged it. */
  async sendText(to: string, text: string): Promise<PhoneMessage> {
    const socket = this.requireSocket();
    const messageId = generateMessageIDV2(this.auth.state.creds.me?.id);
    this.sentHere.add(messageId);
    const sent = await socket.sendMessage(to, { text }, { messageId });
    if (!sent) throw new Error('send failed');
    return this.record(sent, 'out', 'notify');
  }

  /** Marks received messages read, which sends read receipts to their senders. */
  async markRead(ids: string[]): Promise<PhoneMessage[]> {
    const socket = this.requireSocket();
    const targets = this.log.filter((m) => m.direction === 'in' && ids.includes(m.id));
    await socket.readMessages(targets.map((m) => ({ remoteJid: m.chat, id: m.id, fromMe: false })));
    for (const m of targets) this.update(m, 'read');
    return targets;
  }

  async sendPresence(
    type: 'available' | 'unavailable' | 'composing' | 'recording' | 'paused',
    to?: string,
  ): Promise<void> {
    await this.requireSocket().sendPresenceUpdate(type, to);
  }

  private requireSocket(): WASocket {
    if (!this.socket || !this.openNow)
      throw new SimError('phone_offline', `phone ${this.account.number} is not connected`);
    return this.socket;
  }

  private connect(): void {
    const socket = makeWASocket({
      auth: this.auth.state,
      waWebSocketUrl: this.url,
      // Baileys is chatty; a phone's own logs only matter when debugging the simulator.
      logger: this.logger.child(
        { phone: this.account.number },
        { level: this.logger.isLevelEnabled('debug') ? this.logger.level : 'error' },
      ),
      printQRInTerminal: false,
      markOnlineOnConnect: false,
      shouldSyncHistoryMessage: () => false,
      fireInitQueries: false,
    });
    this.socket = socket;
    socket.ev.on('creds.update', this.auth.saveCreds);
    socket.ev.on('connection.update', ({ connection, lastDisconnect }) => {
      if (connection === 'open') {
        this.openNow = true;
        this.emit('open');
      }
      if (connection === 'close') {
        this.openNow = false;
        const code = (lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output
          ?.statusCode;
        if (!this.stopped && this.socket === socket && code !== DisconnectReason.loggedOut) {
          setTimeout(() => !this.stopped && this.socket === socket && this.connect(), RECONNECT_DELAY_MS);
        }
      }
    });
    socket.ev.on('messages.upsert', ({ messages, type }) => {
      for (const msg of messages) {
        if (!msg.key.id || !msg.message || msg.message.protocolMessage) continue;
        this.record(msg, msg.key.fromMe ? 'out' : 'in', type === 'append' ? 'append' : 'notify');
      }
    });
    socket.ev.on('messages.update', (updates) => {
      for (const { key, update } of updates) {
        const existing = key.id ? this.byId.get(key.id) : undefined;
        const status = statusFromAck(update.status);
        if (existing && status) this.update(existing, status);
      }
    });
  }

  private record(msg: WAMessage, direction: 'in' | 'out', delivery: 'notify' | 'append'): PhoneMessage {
    const id = msg.key.id!;
    const existing = this.byId.get(id);
    if (existing) return existing;
    const chat = jidNormalizedUser(msg.key.remoteJid ?? '');
    const entry: PhoneMessage = {
      id,
      direction,
      chat,
      from:
        direction === 'in'
          ? jidNormalizedUser(msg.key.participant || msg.key.remoteJid || '')
          : this.account.pnJid,
      text: textOf(msg.message),
      timestamp: timestampOf(msg),
      status: direction === 'in' ? 'received' : (statusFromAck(msg.status) ?? 'sent'),
      delivery,
      fromCompanion: direction === 'out' && !this.sentHere.has(id),
    };
    this.byId.set(id, entry);
    this.log.push(entry);
    this.emit('message', entry);
    this.emit('changed');
    return entry;
  }

  private update(entry: PhoneMessage, status: PhoneMessage['status']): void {
    const rank = ['failed', 'pending', 'sent', 'received', 'delivered', 'read', 'played'];
    if (rank.indexOf(status) <= rank.indexOf(entry.status)) return;
    entry.status = status;
    this.emit('message', entry);
    this.emit('changed');
  }
}
