import { EventEmitter } from 'node:events';
import {
  DisconnectReason,
  downloadMediaMessage,
  makeWASocket,
  proto,
  type AuthenticationCreds,
  type BaileysEventMap,
  type UserFacingSocketConfig,
  type WAMessage,
  type WASocket,
} from '@whiskeysockets/baileys';
import type { SimulatorHttp } from '@zapgate/whatsapp';
import { pino, type Logger } from 'pino';
import { makeMemoryAuthState, type MemoryAuthState } from '../phone/memory-auth-state.js';

export interface CompanionOptions {
  /** The simulator's `waWebSocketUrl`. */
  url: string;
  logger?: Logger;
  /** Reconnect after a 515 restart request, as every Baileys app does (default true). */
  restartOn515?: boolean;
  /** Saved auth state (creds and Signal keys) of an earlier session, to log in again. */
  auth?: MemoryAuthState;
  /**
   * The agents that trust the simulator's media host (`simulatorHttp(sim.mediaCaPem)`): uploads go
   * through `fetchAgent`, `downloadMedia` through `dispatcher`. Without them media fails TLS.
   */
  http?: SimulatorHttp;
  /** More Baileys socket settings (e.g. `getMessage`, `enableRecentMessageCache`). */
  config?: Partial<UserFacingSocketConfig>;
  /**
   * How many of the latest events to keep for `waitFor` (default: all). Benchmarks bound it: a
   * client that keeps every sent message's events pays a growing heap, which a real app does not.
   */
  retainEvents?: number;
}

type EventName = keyof BaileysEventMap;

/**
 * A bare, unmodified Baileys client (a "linked device") pointed at the simulator, with its events
 * kept so tests and benchmarks can wait on them. It stands for what the gateway's shards run.
 */
export class BaileysCompanion {
  socket!: WASocket;
  readonly auth: MemoryAuthState;
  /** Every event in order, for assertions. */
  readonly events: { name: EventName; data: unknown }[] = [];
  private readonly bus = new EventEmitter();
  private closedByUser = false;

  constructor(private readonly options: CompanionOptions) {
    this.auth = options.auth ?? makeMemoryAuthState();
    this.bus.setMaxListeners(100);
  }

  static start(options: CompanionOptions): BaileysCompanion {
    const c = new BaileysCompanion(options);
    c.connect();
    return c;
  }

  get creds(): AuthenticationCreds {
    return this.auth.state.creds;
  }

  connect(): WASocket {
    this.closedByUser = false;
    const socket = makeWASocket({
      auth: this.auth.state,
      waWebSocketUrl: this.options.url,
      logger: this.options.logger ?? pino({ level: 'silent' }),
      markOnlineOnConnect: false,
      shouldSyncHistoryMessage: () => false,
      fireInitQueries: false,
      ...(this.options.http
        ? {
            fetchAgent: this.options.http.fetchAgent,
            options: { dispatcher: this.options.http.dispatcher } as RequestInit,
          }
        : {}),
      ...this.options.config,
    });
    this.socket = socket;
    socket.ev.on('creds.update', this.auth.saveCreds);
    const names: EventName[] = [
      'connection.update',
      'messages.upsert',
      'messages.update',
      'message-receipt.update',
      'presence.update',
      'groups.upsert',
      'groups.update',
      'group-participants.update',
      'group.join-request',
      'chats.update',
      'chats.delete',
      'messages.delete',
      'labels.edit',
      'labels.association',
      'creds.update',
    ];
    for (const name of names) {
      socket.ev.on(name, (data: unknown) => {
        if (this.socket !== socket) return;
        this.events.push({ name, data });
        if (this.events.length > (this.options.retainEvents ?? Infinity)) this.events.shift();
        this.bus.emit(name, data);
      });
    }
    socket.ev.on('connection.update', ({ connection, lastDisconnect }) => {
      const code = (lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output
        ?.statusCode;
      if (
        connection === 'close' &&
        code === DisconnectReason.restartRequired &&
        this.options.restartOn515 !== false &&
        !this.closedByUser &&
        this.socket === socket
      ) {
        this.connect();
      }
    });
    return socket;
  }

  /** Resolves with the first event (already seen or future) that matches, or rejects after `timeoutMs`. */
  waitFor<E extends EventName>(
    name: E,
    match: (data: BaileysEventMap[E]) => boolean,
    timeoutMs = 15_000,
  ): Promise<BaileysEventMap[E]> {
    const seen = this.events.find((e) => e.name === name && match(e.data as BaileysEventMap[E]));
    if (seen) return Promise.resolve(seen.data as BaileysEventMap[E]);
    return this.next(name, match, timeoutMs);
  }

  /** Like `waitFor`, but only events that happen from now on. */
  next<E extends EventName>(
    name: E,
    match: (data: BaileysEventMap[E]) => boolean,
    timeoutMs = 15_000,
  ): Promise<BaileysEventMap[E]> {
    return new Promise((resolve, reject) => {
      const onEvent = (data: BaileysEventMap[E]) => {
        if (!match(data)) return;
        clearTimeout(timer);
        this.bus.off(name, onEvent);
        resolve(data);
      };
      const timer = setTimeout(() => {
        this.bus.off(name, onEvent);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${name}`));
      }, timeoutMs).unref();
      this.bus.on(name, onEvent);
    });
  }

  /**
   * Resolves once message `id` reached at least `status` (e.g. DELIVERY_ACK). Baileys may fold a
   * status update into a still-buffered upsert, so both events count.
   */
  waitForStatus(id: string, status: proto.WebMessageInfo.Status, timeoutMs?: number): Promise<void> {
    const reached = (s: unknown) => toStatusNumber(s) >= status;
    const viaUpdate = this.waitFor(
      'messages.update',
      (us) => us.some((u) => u.key.id === id && reached(u.update.status)),
      timeoutMs,
    );
    const viaUpsert = this.waitFor(
      'messages.upsert',
      ({ messages }) => messages.some((m) => m.key.id === id && reached(m.status)),
      timeoutMs,
    );
    return Promise.any([viaUpdate, viaUpsert]).then(
      () => undefined,
      () =>
        Promise.reject(
          new Error(`message ${id} did not reach status ${proto.WebMessageInfo.Status[status]}`),
        ),
    );
  }

  waitForQr(timeoutMs?: number): Promise<string> {
    return this.waitFor('connection.update', (u) => !!u.qr, timeoutMs).then((u) => u.qr!);
  }

  waitForOpen(timeoutMs?: number): Promise<void> {
    return this.next('connection.update', (u) => u.connection === 'open', timeoutMs).then(() => undefined);
  }

  /** Resolves with the status code of the next close. */
  waitForClose(timeoutMs?: number): Promise<number | undefined> {
    return this.next('connection.update', (u) => u.connection === 'close', timeoutMs).then(
      (u) =>
        (u.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode,
    );
  }

  /** Baileys' own download and decryption of a media message, through the trusted dispatcher. */
  downloadMedia(message: WAMessage): Promise<Buffer> {
    return downloadMediaMessage(message, 'buffer', {
      options: { dispatcher: this.options.http?.dispatcher } as RequestInit,
    });
  }

  end(): void {
    this.closedByUser = true;
    this.socket?.end(undefined);
  }
}

function toStatusNumber(status: unknown): number {
  if (typeof status === 'number') return status;
  if (typeof status === 'string')
    return proto.WebMessageInfo.Status[status as keyof typeof proto.WebMessageInfo.Status] ?? -1;
  return -1;
}
