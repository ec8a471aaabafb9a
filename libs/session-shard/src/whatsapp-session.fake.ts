import { once, EventEmitter } from 'node:events';
import {
  DomainError,
  ErrorCode,
  type ConnectionCommand,
  type ConnectionState,
  type InstanceStatus,
  type MessageActionResult,
  type NumberCheck,
  type PresenceState,
  type SentMessage,
} from '@zapgate/contracts';
import {
  WhatsAppSession,
  WhatsAppSessionFactory,
  type OutgoingMessage,
  type WhatsAppSessionContext,
} from '@zapgate/whatsapp';

/**
 * A WhatsApp session without WhatsApp, for shard tests: it links at once (`start` shows a QR, or
 * connects when it has credentials), says every number is on WhatsApp but those in
 * `notOnWhatsApp`, and records what it was asked to send. It publishes `connection-changed` like
 * the real one.
 */
export class FakeWhatsAppSession extends WhatsAppSession {
  credentials = false;
  readonly notOnWhatsApp = new Set<string>();
  /** Every number check asked for, in order. */
  readonly checked: string[][] = [];
  readonly sent: OutgoingMessage[] = [];
  /** Actions asked for on messages (react, edit, delete), reads and presences, in order. */
  readonly actions: { action: string; request: unknown }[] = [];
  readonly closed: string[] = [];
  private current: InstanceStatus;
  private readonly changes = new EventEmitter();

  constructor(
    readonly instance: string,
    readonly context: WhatsAppSessionContext,
  ) {
    super();
    this.current = { instance, state: 'stopped', updatedAt: new Date().toISOString() };
  }

  status(): InstanceStatus {
    return { ...this.current };
  }

  async hasCredentials(): Promise<boolean> {
    return this.credentials;
  }

  async start(): Promise<InstanceStatus> {
    if (this.current.state === 'connected' || this.current.state === 'qr') return this.status();
    await this.set(
      this.credentials ? { state: 'connected' } : { state: 'qr', qr: `2@fake-${this.instance}` },
    );
    return this.status();
  }

  async waitForState(states: ConnectionState[], timeoutMs: number): Promise<InstanceStatus> {
    const signal = AbortSignal.timeout(timeoutMs);
    while (!states.includes(this.current.state)) {
      await once(this.changes, 'change', { signal }).catch(() => {
        throw new DomainError(ErrorCode.Timeout, `not ${states.join('/')} within ${timeoutMs} ms`);
      });
    }
    return this.status();
  }

  qr(): string {
    if (this.current.state !== 'qr' || !this.current.qr)
      throw new DomainError(ErrorCode.QrNotAvailable, `no QR code right now (state: ${this.current.state})`);
    return this.current.qr;
  }

  /** The phone scanned the QR. */
  async link(): Promise<void> {
    this.credentials = true;
    await this.set({ state: 'connected', qr: undefined });
  }

  async requestPairingCode(): Promise<string> {
    await this.set({ state: 'pairing-code', pairingCode: 'FAKE-CODE' });
    return 'FAKE-CODE';
  }

  async checkNumbers(numbers: string[]): Promise<NumberCheck[]> {
    this.requireConnected();
    this.checked.push(numbers);
    return numbers.map((input) =>
      this.notOnWhatsApp.has(input)
        ? { input, exists: false }
        : { input, exists: true, jid: `${input}@s.whatsapp.net` },
    );
  }

  async sendMessage(message: OutgoingMessage): Promise<SentMessage> {
    this.requireConnected();
    this.sent.push(message);
    const id = `FAKE${this.sent.length.toString().padStart(4, '0')}`;
    return {
      id,
      remoteJid: message.to,
      fromMe: true,
      timestamp: Math.floor(Date.now() / 1000),
      raw: { key: { remoteJid: message.to, fromMe: true, id } },
    };
  }

  /** Reacts to one of the messages it sent (message_not_found for any other id). */
  override async react(r: Parameters<WhatsAppSession['react']>[0]): Promise<MessageActionResult> {
    return this.act('react', r);
  }

  override async editMessage(r: Parameters<WhatsAppSession['editMessage']>[0]): Promise<MessageActionResult> {
    return { ...(await this.act('edit', r)), text: r.text };
  }

  override async deleteMessage(
    r: Parameters<WhatsAppSession['deleteMessage']>[0],
  ): Promise<MessageActionResult> {
    return this.act('delete', r);
  }

  override async readMessages(keys: Parameters<WhatsAppSession['readMessages']>[0]): Promise<number> {
    this.requireConnected();
    this.actions.push({ action: 'read', request: keys });
    return keys.length;
  }

  override async sendPresence(state: PresenceState, chat?: string): Promise<void> {
    this.requireConnected();
    this.actions.push({ action: 'presence', request: { state, ...(chat ? { chat } : {}) } });
  }

  /** An action on a message this fake sent (`FAKE0001`...): message_not_found otherwise. */
  private async act(action: string, r: { id: string; chat?: string }): Promise<MessageActionResult> {
    this.requireConnected();
    const n = /^FAKE(\d{4})$/.exec(r.id);
    const message = n ? this.sent[Number(n[1]) - 1] : undefined;
    if (!message) throw new DomainError(ErrorCode.MessageNotFound, `message ${r.id} not found`, { id: r.id });
    if (r.chat && r.chat !== message.to)
      throw new DomainError(ErrorCode.ValidationFailed, `message ${r.id} is not in chat ${r.chat}`);
    this.actions.push({ action, request: r });
    return { id: r.id, chat: message.to, timestamp: Math.floor(Date.now() / 1000) };
  }

  async logout(): Promise<InstanceStatus> {
    this.credentials = false;
    await this.set({ state: 'logged-out' }, 'logout');
    return this.status();
  }

  async close(reason = 'closed on request', command?: 'close' | 'restart'): Promise<InstanceStatus> {
    this.closed.push(reason);
    if (this.current.state !== 'stopped')
      await this.set({ state: 'stopped', reason, qr: undefined }, command);
    return this.status();
  }

  async restart(): Promise<InstanceStatus> {
    await this.close('restarting', 'restart');
    return this.start();
  }

  private requireConnected(): void {
    if (this.current.state !== 'connected')
      throw new DomainError(ErrorCode.NotConnected, `not connected (state: ${this.current.state})`, {
        state: this.current.state,
      });
  }

  private async set(patch: Partial<InstanceStatus>, command?: ConnectionCommand): Promise<void> {
    const before = this.current.state;
    this.current = { ...this.current, ...patch, updatedAt: new Date().toISOString() };
    this.changes.emit('change');
    if (before !== this.current.state)
      await this.context.emit('connection-changed', {
        state: this.current.state,
        ...(command ? { command } : {}),
      });
  }
}

/** Makes fake sessions and keeps them by instance, for the test to drive. */
export class FakeWhatsAppSessionFactory extends WhatsAppSessionFactory {
  readonly sessions = new Map<string, FakeWhatsAppSession>();

  constructor(private readonly prepare: (session: FakeWhatsAppSession) => void = () => undefined) {
    super();
  }

  create(instance: string, context: WhatsAppSessionContext): FakeWhatsAppSession {
    const session = new FakeWhatsAppSession(instance, context);
    this.prepare(session);
    this.sessions.set(instance, session);
    return session;
  }

  session(instance: string): FakeWhatsAppSession {
    const session = this.sessions.get(instance);
    if (!session) throw new Error(`no session for ${instance}`);
    return session;
  }
}
