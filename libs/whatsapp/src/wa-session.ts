import { EventEmitter, once } from 'node:events';
import type { Readable } from 'node:stream';
import {
  Browsers,
  isJidGroup,
  isLidUser,
  jidNormalizedUser,
  makeWASocket,
  normalizeMessageContent,
  WAMessageStubType,
  type ConnectionState as BaileysConnectionState,
  type MessageUserReceiptUpdate,
  type proto,
  type WAMessage,
  type WAMessageKey,
  type WASocket,
} from '@whiskeysockets/baileys';
import {
  DomainError,
  ErrorCode,
  type ConnectionCommand,
  type ConnectionState,
  type EventData,
  type EventName,
  type InstanceStatus,
  type MediaReference,
  type MessageActionResult,
  type MessageStatus,
  type NumberCheck,
  type PresenceState,
  type SentMessage,
} from '@zapgate/contracts';
import type { MediaStore } from '@zapgate/media';
import type {
  AuthStateRepository,
  MessageRepository,
  NewStoredMessage,
  StoredMessage,
} from '@zapgate/storage';
import type { Logger } from 'pino';
import { baileysLogger } from './baileys-logger.js';
import { requireGroup } from './group-send.js';
import { quietLibsignalConsole } from './libsignal-console.js';
import { buildMessageContent, mediaOf } from './message-content.builder.js';
import { downloadVerifiedMedia, messageFromKeys } from './media-download.js';
import {
  mediaOfMessage,
  messageToJson,
  normalizeAction,
  normalizeMessage,
  type NormalizedAction,
  normalizePresence,
  normalizeStatus,
} from './normalize.js';
import { decideReconnect, DEFAULT_RECONNECT, type ReconnectPolicyOptions } from './reconnect-policy.js';
import { loadStoredAuthState, type StoredAuthState } from './stored-auth-state.js';
import { parseStoredMessage, serializeMessage, toStoredMessage } from './stored-message.js';
import { trustedSimulatorHttp, type SimulatorHttp } from './trust-root.js';
import {
  WhatsAppSession,
  type MediaDownload,
  type MessageDeletion,
  type MessageEdit,
  type MessageForward,
  type MessageReaction,
  type MessageReadKeys,
  type OutgoingMessage,
} from './whatsapp-session.port.js';

export interface WaSessionOptions {
  auth: AuthStateRepository;
  /**
   * Every message the session sends or receives is kept here; Baileys' `getMessage` (a
   * recipient's retry request, poll votes) and quoted sends read it.
   */
  messages: MessageRepository;
  /**
   * Where outgoing media waits (put there by the gateway; a sent file is deleted from it), and
   * where downloaded media goes for the gateway to stream.
   */
  media: Pick<MediaStore, 'open' | 'delete' | 'put'>;
  logger: Logger;
  /** Where to connect; WhatsApp's own URL when absent (the simulator's in tests and sandbox). */
  waWebSocketUrl?: string;
  /**
   * HTTP agents for media uploads and downloads (a simulator's media host); by default those of
   * the simulator this process trusts (`trustedSimulatorHttp()`), none against WhatsApp.
   */
  http?: SimulatorHttp;
  /**
   * Publishes an event; awaited before the session acts on it any further. When it rejects (the
   * event log unreachable) the session logs it and goes on: a dependency's hiccup must not stop
   * the session, nor reach the process as an unhandled rejection.
   */
  emit<E extends EventName>(event: E, data: EventData[E]): Promise<void>;
  reconnect?: ReconnectPolicyOptions;
}

/** Own messages whose save from `messages.upsert` a send may still wait on. */
const OWN_SAVES_KEPT = 256;
/** How long a number's on-WhatsApp answer is trusted. */
const NUMBER_CACHE_MS = 10 * 60_000;
const closeCode = (err: unknown): number | undefined =>
  (err as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;

/** A receipt's furthest step (groups: per participant), as a message status. */
function receiptStatus(receipt: proto.IUserReceipt): MessageStatus | undefined {
  if (receipt.playedTimestamp) return 'played';
  if (receipt.readTimestamp) return 'read';
  if (receipt.receiptTimestamp) return 'delivered';
  return undefined;
}

/**
 * One instance's WhatsApp connection: a Baileys socket with stored auth, the reconnect policy,
 * normalised events, and every message kept in the message store. Lifecycle commands must not
 * run concurrently (the shard serialises them); sends and reads may.
 */
export class WaSession extends WhatsAppSession {
  private socket?: WASocket;
  private auth?: StoredAuthState;
  private current: InstanceStatus;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private pairingPhone?: string;
  /** A QR or pairing code was offered since the last connection: the next `connected` is a new link. */
  private linking = false;
  private readonly changes = new EventEmitter();
  private readonly numberCache = new Map<string, { jid?: string; until: number }>();
  private readonly ownSaves = new Map<string, Promise<void>>();

  constructor(
    readonly instance: string,
    private readonly o: WaSessionOptions,
  ) {
    super();
    this.current = { instance, state: 'stopped', updatedAt: new Date().toISOString() };
    // libsignal prints sessions with their private keys to the console (the apps also send what
    // it says to their debug log; this covers any other process that runs a session)
    quietLibsignalConsole();
  }

  status(): InstanceStatus {
    return { ...this.current };
  }

  async hasCredentials(): Promise<boolean> {
    return (await this.o.auth.count(this.instance)) > 0;
  }

  /** Opens the connection unless it is already open or opening; resolves once the socket is created. */
  async start(options: { pairingPhone?: string } = {}): Promise<InstanceStatus> {
    if (this.socket) return this.status();
    this.pairingPhone = options.pairingPhone;
    this.attempt = 0;
    this.linking = false;
    await this.connect();
    return this.status();
  }

  /** Resolves with the status once its state is one of `states` (or immediately if it is). */
  async waitForState(states: ConnectionState[], timeoutMs: number): Promise<InstanceStatus> {
    const signal = AbortSignal.timeout(timeoutMs);
    while (!states.includes(this.current.state)) {
      try {
        await once(this.changes, 'change', { signal });
      } catch {
        throw new DomainError(
          ErrorCode.Timeout,
          `instance did not reach ${states.join('/')} within ${timeoutMs} ms`,
        );
      }
    }
    return this.status();
  }

  qr(): string {
    if (this.current.state === 'connected')
      throw new DomainError(ErrorCode.AlreadyConnected, 'the instance is already connected');
    if (this.current.state !== 'qr' || !this.current.qr)
      throw new DomainError(ErrorCode.QrNotAvailable, `no QR code right now (state: ${this.current.state})`);
    return this.current.qr;
  }

  /** Asks WhatsApp for a pairing code for `phone` (the socket must be waiting for a login). */
  async requestPairingCode(phone: string): Promise<string> {
    if (this.current.state === 'connected')
      throw new DomainError(ErrorCode.AlreadyConnected, 'the instance is already connected');
    if (!this.socket || !['connecting', 'qr', 'pairing-code'].includes(this.current.state)) {
      throw new DomainError(
        ErrorCode.NotConnected,
        'the instance is not waiting for a login; start it first',
      );
    }
    const code = await this.socket.requestPairingCode(phone);
    const formatted = `${code.slice(0, 4)}-${code.slice(4)}`;
    this.set({ state: 'pairing-code', pairingCode: formatted, qr: undefined });
    await this.publish('pairing-code-issued', { code: formatted, phone });
    return formatted;
  }

  /**
   * Sends a message to a recipient the caller checked (the shard: numbers on WhatsApp). A group
   * must be one this account is in; a quoted message must be in the message store. Media streams
   * from the media store into Baileys, which encrypts and uploads it; the stored file is deleted
   * once sent (unless `keepMedia`). The sent message is in the message store before this resolves.
   */
  async sendMessage({ to, content, options = {} }: OutgoingMessage): Promise<SentMessage> {
    const socket = this.requireConnected();
    if (isJidGroup(to)) await requireGroup(socket, to);
    const quoted = options.quoted ? await this.quotable(options.quoted, to) : undefined;
    const ref = mediaOf(content);
    let media: Readable | undefined;
    let sent: WAMessage | undefined;
    try {
      media = ref ? await this.o.media.open(ref) : undefined;
      const message = buildMessageContent(content, { media, mentions: options.mentions });
      sent = await socket.sendMessage(to, message, quoted ? { quoted } : {});
    } finally {
      // Baileys ends or destroys what it read; a send that failed before reading must not leak it
      media?.destroy();
    }
    if (!sent?.key.id) throw new DomainError(ErrorCode.Internal, 'WhatsApp did not accept the message');
    // Baileys usually hands its own sends to `messages.upsert` before the send resolves: that save
    // is awaited rather than made twice
    const saving = this.ownSaves.get(sent.key.id);
    this.ownSaves.delete(sent.key.id);
    await (saving ?? this.store([sent]));
    if (ref && !options.keepMedia)
      await this.o.media
        .delete(ref)
        .catch((err: unknown) => this.o.logger.warn({ err, media: ref.id }, 'deleting sent media failed'));
    const t = sent.messageTimestamp;
    return {
      id: sent.key.id,
      remoteJid: sent.key.remoteJid ?? to,
      fromMe: true,
      timestamp: typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000),
      raw: messageToJson(sent),
    };
  }

  /** The stored message to quote; message_not_found when the store does not have it. */
  private async quotable(quoted: { id: string; chat?: string }, to: string): Promise<WAMessage> {
    const found =
      (await this.o.messages.get(this.instance, quoted.id, quoted.chat ?? jidNormalizedUser(to))) ??
      (quoted.chat ? undefined : await this.o.messages.get(this.instance, quoted.id));
    if (!found)
      throw new DomainError(
        ErrorCode.MessageNotFound,
        `message ${quoted.id} to quote not found${quoted.chat ? ` in ${quoted.chat}` : ''}: it was never seen by this instance, or is past its retention`,
        { id: quoted.id, ...(quoted.chat ? { chat: quoted.chat } : {}) },
      );
    return parseStoredMessage(found.raw);
  }

  /**
   * Fetches and decrypts a message's file (a stored message by id, or a file by its keys) and
   * streams it into the media store. message_not_found when the store does not have the message;
   * validation_failed with details.reason `no_media` (no file) or `download_failed` (the file could
   * not be fetched or decrypted: expired, or keys that do not match).
   */
  override async downloadMedia(request: MediaDownload): Promise<MediaReference> {
    const http = this.o.http ?? trustedSimulatorHttp();
    const msg = request.id
      ? await this.storedMessage(request.id, request.chat)
      : messageFromKeys(request.keys!, !http);
    const media = mediaOfMessage(msg.message);
    if (!media)
      throw new DomainError(ErrorCode.ValidationFailed, 'Message does not contain media', {
        reason: 'no_media',
        ...(request.id ? { id: request.id } : {}),
      });
    const failed = (err: unknown) =>
      new DomainError(
        ErrorCode.ValidationFailed,
        `the file could not be downloaded or decrypted (${(err as Error)?.message ?? String(err)}): WhatsApp keeps media for a limited time`,
        { reason: 'download_failed', ...(request.id ? { id: request.id } : {}) },
      );
    let stream: Readable;
    const dispatcher = http?.dispatcher;
    try {
      stream = await downloadVerifiedMedia(msg, { dispatcher }).catch(async (err: unknown) => {
        // an expired file: the sender's phone is asked to upload it again (connected sessions)
        const e = err as { status?: number; output?: { statusCode?: number } } | undefined;
        const status = e?.status ?? e?.output?.statusCode;
        if (!this.socket || !request.id || (status !== 404 && status !== 410)) throw err;
        return downloadVerifiedMedia(await this.socket.updateMediaMessage(msg), { dispatcher });
      });
    } catch (err) {
      throw failed(err);
    }
    try {
      const ref = await this.o.media.put(stream, {
        mime: media.mime ?? 'application/octet-stream',
        ...(media.fileName ? { fileName: media.fileName } : {}),
      });
      return {
        id: ref.id,
        size: ref.size,
        mime: ref.mime,
        sha256: ref.sha256,
        ...(ref.fileName ? { fileName: ref.fileName } : {}),
      };
    } catch (err) {
      if (err instanceof DomainError && err.code !== ErrorCode.ValidationFailed) throw err;
      throw failed(err);
    } finally {
      stream.destroy();
    }
  }

  /** A stored message by id (in `chat` when given); message_not_found when the store does not have it. */
  private async storedMessage(id: string, chat?: string): Promise<WAMessage> {
    const found = await this.o.messages.get(this.instance, id, chat ? jidNormalizedUser(chat) : undefined);
    if (!found)
      throw new DomainError(
        ErrorCode.MessageNotFound,
        `message ${id} not found${chat ? ` in ${chat}` : ''}: it was never seen by this instance, or is past its retention`,
        { id, ...(chat ? { chat } : {}) },
      );
    return parseStoredMessage(found.raw);
  }

  /** Reacts to a stored message (an empty emoji removes this account's reaction). */
  override async react({ id, chat, emoji }: MessageReaction): Promise<MessageActionResult> {
    const socket = this.requireConnected();
    const { msg, stored } = await this.actionTarget(id, chat, 'react to');
    const sent = await socket.sendMessage(msg.key.remoteJid!, { react: { text: emoji, key: msg.key } });
    return this.actionResult(stored, sent);
  }

  /** Edits a text this account sent (WhatsApp shows it as edited on every device of the chat). */
  override async editMessage({ id, chat, text }: MessageEdit): Promise<MessageActionResult> {
    const socket = this.requireConnected();
    const { msg, stored } = await this.actionTarget(id, chat, 'edit');
    if (!stored.fromMe)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `message ${id} was not sent by this account: only your own messages can be edited`,
        { id },
      );
    if (stored.kind !== 'text')
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `message ${id} is a ${stored.kind} message: only texts can be edited`,
        { id },
      );
    const sent = await socket.sendMessage(msg.key.remoteJid!, { text, edit: msg.key });
    return { ...this.actionResult(stored, sent), text };
  }

  /**
   * Deletes a stored message for everyone (a revoke). Deleting only for this account goes through
   * WhatsApp's app-state sync, which this session does not keep: not_implemented.
   */
  override async deleteMessage({ id, chat, forEveryone }: MessageDeletion): Promise<MessageActionResult> {
    const socket = this.requireConnected();
    const { msg, stored } = await this.actionTarget(id, chat, 'delete');
    if (!forEveryone)
      throw new DomainError(
        ErrorCode.NotImplemented,
        "deleting a message only for me is not supported: WhatsApp syncs it through app-state patches, which zapgate's sessions do not keep; delete it for everyone instead",
      );
    if (!stored.fromMe && !isJidGroup(stored.chat))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `message ${id} was not sent by this account: only your own messages (or others' in groups you administer) can be deleted for everyone`,
        { id },
      );
    const sent = await socket.sendMessage(msg.key.remoteJid!, { delete: msg.key });
    return this.actionResult(stored, sent);
  }

  /**
   * Forwards a stored message (Baileys `{ forward }`: a received message's copy carries WhatsApp's
   * forwarded flag, this account's own is copied without it, as WhatsApp does); message_not_found
   * when the store does not have it.
   */
  override async forwardMessage({ to, id, chat }: MessageForward): Promise<SentMessage> {
    const socket = this.requireConnected();
    if (isJidGroup(to)) await requireGroup(socket, to);
    const msg = await this.storedMessage(id, chat);
    const sent = await socket.sendMessage(to, { forward: msg });
    if (!sent?.key.id) throw new DomainError(ErrorCode.Internal, 'WhatsApp did not accept the forward');
    const saving = this.ownSaves.get(sent.key.id);
    this.ownSaves.delete(sent.key.id);
    await (saving ?? this.store([sent]));
    const t = sent.messageTimestamp;
    return {
      id: sent.key.id,
      remoteJid: sent.key.remoteJid ?? to,
      fromMe: true,
      timestamp: typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000),
      raw: messageToJson(sent),
    };
  }

  /** Sends read receipts (the senders' phones show them read); resolves with how many. */
  override async readMessages(keys: MessageReadKeys): Promise<number> {
    const socket = this.requireConnected();
    await socket.readMessages(
      keys.map((k) => ({
        remoteJid: k.chat,
        id: k.id,
        fromMe: k.fromMe ?? false,
        ...(k.participant ? { participant: k.participant } : {}),
      })),
    );
    return keys.length;
  }

  /** The account's presence, or a chat state (composing, recording, paused) shown in `chat`. */
  override async sendPresence(state: PresenceState, chat?: string): Promise<void> {
    await this.requireConnected().sendPresenceUpdate(state, chat);
  }

  /**
   * The stored message an action names: message_not_found when the store does not have it;
   * validation_failed when `chat` is given and the message is in another chat.
   */
  private async actionTarget(
    id: string,
    chat: string | undefined,
    what: string,
  ): Promise<{ stored: StoredMessage; msg: WAMessage }> {
    const wanted = chat ? jidNormalizedUser(chat) : undefined;
    const found =
      (wanted ? await this.o.messages.get(this.instance, id, wanted) : undefined) ??
      (await this.o.messages.get(this.instance, id));
    if (!found)
      throw new DomainError(
        ErrorCode.MessageNotFound,
        `message ${id} to ${what} not found: it was never seen by this instance, or is past its retention`,
        { id, ...(chat ? { chat } : {}) },
      );
    if (wanted && found.chat !== wanted && !(await this.sameChat(found.chat, wanted)))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `message ${id} is not in chat ${chat}: it belongs to another chat`,
        { id, chat },
      );
    return { stored: found, msg: parseStoredMessage(found.raw) };
  }

  /** Whether two user jids are one account's PN and LID. */
  private async sameChat(a: string, b: string): Promise<boolean> {
    const mapping = this.socket?.signalRepository.lidMapping;
    if (!mapping || isJidGroup(a) || isJidGroup(b)) return false;
    const alt = isLidUser(a) ? await mapping.getPNForLID(a) : await mapping.getLIDForPN(a);
    return !!alt && jidNormalizedUser(alt) === b;
  }

  private actionResult(stored: StoredMessage, sent: WAMessage | undefined): MessageActionResult {
    const t = sent?.messageTimestamp;
    return {
      id: stored.id,
      chat: stored.chat,
      timestamp: typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000),
    };
  }

  /** Which numbers have WhatsApp; answers are remembered for a while (a send checks first). */
  async checkNumbers(numbers: string[]): Promise<NumberCheck[]> {
    const socket = this.requireConnected();
    const digits = numbers.map((n) => n.replace(/\D/g, ''));
    const now = Date.now();
    const unknown = [...new Set(digits.filter((d) => !((this.numberCache.get(d)?.until ?? 0) > now)))];
    if (unknown.length) {
      const found = (await socket.onWhatsApp(...unknown)) ?? [];
      for (const d of unknown) {
        const hit = found.find((f) => f.exists && jidNormalizedUser(f.jid).startsWith(`${d}@`));
        this.numberCache.set(d, {
          jid: hit ? jidNormalizedUser(hit.jid) : undefined,
          until: now + NUMBER_CACHE_MS,
        });
      }
    }
    return numbers.map((input, i) => {
      const jid = this.numberCache.get(digits[i]!)?.jid;
      return jid ? { input, exists: true, jid } : { input, exists: false };
    });
  }

  /** Unlinks the device (when connected) and forgets the credentials. */
  async logout(): Promise<InstanceStatus> {
    const socket = this.socket;
    this.socket = undefined;
    clearTimeout(this.retryTimer);
    if (socket && this.current.state === 'connected')
      await socket.logout().catch(() => socket.end(undefined));
    else socket?.end(undefined);
    await (this.auth ?? (await loadStoredAuthState(this.instance, this.o.auth))).clear();
    this.auth = undefined;
    // the account is gone: its messages go with it (another account may be linked next)
    await this.o.messages
      .clear(this.instance)
      .catch((err: unknown) => this.o.logger.error({ err }, 'deleting the messages failed'));
    await this.transition({ state: 'logged-out', reason: 'logged out on request', me: undefined }, 'logout');
    return this.status();
  }

  /**
   * Closes the socket and keeps the credentials. `command` says which instance command asked
   * for it (published with the change); absent when the shard closes it (handover, shutdown).
   */
  async close(
    reason = 'closed on request',
    command?: Extract<ConnectionCommand, 'close' | 'restart'>,
  ): Promise<InstanceStatus> {
    const socket = this.socket;
    this.socket = undefined;
    clearTimeout(this.retryTimer);
    socket?.end(undefined);
    await this.auth?.flushed().catch((err) => this.o.logger.error({ err }, 'storing keys failed'));
    if (this.current.state !== 'stopped')
      await this.transition({ state: 'stopped', reason, qr: undefined, pairingCode: undefined }, command);
    return this.status();
  }

  async restart(): Promise<InstanceStatus> {
    await this.close('restarting', 'restart');
    return this.start();
  }

  /** Socket options for media over a trusted simulator's HTTPS host (uploads and downloads). */
  private mediaHttp(): { fetchAgent?: SimulatorHttp['fetchAgent']; options?: RequestInit } {
    const http = this.o.http ?? trustedSimulatorHttp();
    return http
      ? { fetchAgent: http.fetchAgent, options: { dispatcher: http.dispatcher } as RequestInit }
      : {};
  }

  private requireConnected(): WASocket {
    if (!this.socket || this.current.state !== 'connected') {
      throw new DomainError(
        ErrorCode.NotConnected,
        `the WhatsApp session is not connected (state: ${this.current.state})`,
      );
    }
    return this.socket;
  }

  private async connect(): Promise<void> {
    this.auth ??= await loadStoredAuthState(this.instance, this.o.auth, {
      onWriteError: (err) => this.o.logger.error({ err }, 'storing auth keys failed; retrying'),
    });
    const auth = this.auth;
    const socket = makeWASocket({
      auth: auth.state,
      logger: baileysLogger(this.o.logger, { linking: () => this.linking }),
      browser: Browsers.ubuntu('zapgate'),
      markOnlineOnConnect: false,
      shouldSyncHistoryMessage: () => false,
      // a recipient's retry request (and a poll vote) needs the message: the store has it, also
      // after a restart or on another shard, when Baileys' own recent-message cache does not
      getMessage: (key) => this.storedContent(key),
      ...(this.o.waWebSocketUrl ? { waWebSocketUrl: this.o.waWebSocketUrl } : {}),
      ...this.mediaHttp(),
    });
    this.socket = socket;
    const mine = () => this.socket === socket;
    await this.transition({ state: 'connecting', reason: undefined });

    socket.ev.on(
      'creds.update',
      () => void auth.saveCreds().catch((err) => this.o.logger.error({ err }, 'saving creds failed')),
    );
    socket.ev.on('connection.update', (u) => {
      if (!mine()) return;
      void this.onConnectionUpdate(socket, u).catch((err) =>
        this.o.logger.error({ err }, 'connection update failed'),
      );
    });
    socket.ev.on('messages.upsert', ({ messages, type }) => {
      if (!mine()) return;
      const me = auth.state.creds.me?.id ? jidNormalizedUser(auth.state.creds.me.id) : undefined;
      // stored and published side by side: neither waits on the other, and the store's write
      // starts at once, long before a webhook round trip could ask for the message
      const saving = this.store(messages);
      for (const m of messages) if (m.key.fromMe && m.key.id) this.remember(m.key.id, saving);
      for (const msg of messages) {
        const normalized = normalizeMessage(msg, type === 'append' ? 'append' : 'notify', me);
        if (normalized) void this.publish('message-received', normalized);
        const action = normalizeAction(msg, [
          ...(me ? [me] : []),
          ...(auth.state.creds.me?.lid ? [jidNormalizedUser(auth.state.creds.me.lid)] : []),
        ]);
        if (action) {
          void this.publish(action.event, action.data);
          void this.applyAction(action, msg, saving);
        }
        // Baileys folds status updates into an upsert that is still buffered
        if (msg.key.fromMe && msg.status) {
          const status = normalizeStatus({ key: msg.key, update: { status: msg.status } });
          if (status && status.status !== 'pending' && status.status !== 'sent')
            void this.publish('message-status-changed', status);
        }
      }
    });
    socket.ev.on('presence.update', (update) => {
      if (!mine()) return;
      for (const presence of normalizePresence(update)) void this.publish('presence-updated', presence);
    });
    socket.ev.on('messages.update', (updates) => {
      if (!mine()) return;
      for (const u of updates) {
        const status = normalizeStatus(u);
        if (!status) continue;
        void this.publish('message-status-changed', status);
        void this.moveStatus(status.chat, status.id, status.status);
      }
    });
    // group receipts come per participant: the stored status is the furthest any of them got
    socket.ev.on('message-receipt.update', (updates: MessageUserReceiptUpdate[]) => {
      if (!mine()) return;
      for (const { key, receipt } of updates) {
        const status = receiptStatus(receipt);
        if (status && key.id && key.remoteJid) void this.moveStatus(key.remoteJid, key.id, status);
      }
    });
  }

  /** Own messages being saved from `messages.upsert`, for `sendMessage` to wait on (the latest few). */
  private remember(id: string, saving: Promise<void>): void {
    this.ownSaves.set(id, saving);
    if (this.ownSaves.size > OWN_SAVES_KEPT) this.ownSaves.delete(this.ownSaves.keys().next().value!);
  }

  /** Saves messages (those that are messages of a chat) in the store; a failure is logged. */
  private async store(messages: WAMessage[]): Promise<void> {
    const stored = messages
      .map((m) => toStoredMessage(this.instance, m))
      .filter((m): m is NewStoredMessage => !!m);
    if (!stored.length) return;
    try {
      await this.o.messages.save(stored);
    } catch (err) {
      this.o.logger.error(
        { err, messageIds: stored.map((m) => m.id) },
        'storing messages failed: they cannot be quoted, downloaded or re-sent on a retry',
      );
    }
  }

  /**
   * Keeps the message store in step with an edit (the stored text and content become the new
   * ones) or a revoke (the stored message loses its content and is marked `REVOKE`, as Baileys
   * marks it); reactions change nothing stored. Waits for the batch's own save first.
   */
  private async applyAction(
    action: NormalizedAction,
    source: WAMessage,
    saving: Promise<void>,
  ): Promise<void> {
    if (action.event === 'message-reacted') return;
    const { chat, target } = action.data;
    try {
      await saving;
      const stored = await this.o.messages.get(this.instance, target.id, jidNormalizedUser(chat));
      if (!stored) return;
      const msg = parseStoredMessage(stored.raw);
      if (action.event === 'message-edited') {
        const edited = normalizeMessageContent(source.message)?.protocolMessage?.editedMessage;
        const { status: _status, ...rest } = stored;
        void _status;
        await this.o.messages.save([
          {
            ...rest,
            text: action.data.text,
            raw: serializeMessage({ ...msg, message: edited ?? { conversation: action.data.text } }),
          },
        ]);
      } else {
        const { status: _status, text: _text, ...rest } = stored;
        void _status;
        void _text;
        await this.o.messages.save([
          {
            ...rest,
            raw: serializeMessage({ ...msg, message: null, messageStubType: WAMessageStubType.REVOKE }),
          },
        ]);
      }
    } catch (err) {
      this.o.logger.error({ err, messageId: target.id }, `storing a ${action.event} event failed`);
    }
  }

  private async moveStatus(chat: string, id: string, status: MessageStatus): Promise<void> {
    await this.o.messages
      .updateStatus(this.instance, jidNormalizedUser(chat), id, status)
      .catch((err: unknown) =>
        this.o.logger.error({ err, messageId: id, status }, 'storing a message status failed'),
      );
  }

  /**
   * Baileys' `getMessage`: a stored message's content, looked up in the chat the key names (or
   * that chat's other address, PN or LID), never by id alone: a contact asking for a retry of a
   * message id from another chat gets nothing.
   */
  private async storedContent(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    if (!key.id || !key.remoteJid) return undefined;
    try {
      const chat = jidNormalizedUser(key.remoteJid);
      const chats = [chat, ...(key.remoteJidAlt ? [jidNormalizedUser(key.remoteJidAlt)] : [])];
      const mapping = this.socket?.signalRepository.lidMapping;
      if (mapping && !key.remoteJidAlt && !isJidGroup(chat)) {
        const alt = isLidUser(chat) ? await mapping.getPNForLID(chat) : await mapping.getLIDForPN(chat);
        if (alt) chats.push(jidNormalizedUser(alt));
      }
      for (const c of chats) {
        const found = await this.o.messages.get(this.instance, key.id, c);
        if (found) return parseStoredMessage(found.raw).message ?? undefined;
      }
      this.o.logger.debug({ messageId: key.id }, 'a message WhatsApp asked for is not in the store');
    } catch (err) {
      this.o.logger.error({ err, messageId: key.id }, 'reading a message from the store failed');
    }
    return undefined;
  }

  private async onConnectionUpdate(socket: WASocket, u: Partial<BaileysConnectionState>): Promise<void> {
    if (u.qr) {
      if (this.pairingPhone) {
        const phone = this.pairingPhone;
        this.pairingPhone = undefined;
        // the first QR means the socket waits for a login: ask for the code instead of showing it
        await this.requestPairingCode(phone);
      } else if (this.current.state !== 'pairing-code') {
        await this.transition({ state: 'qr', qr: u.qr }, undefined, 'qr-updated');
      }
    }
    if (u.connection === 'open') {
      this.attempt = 0;
      const me = this.auth?.state.creds.me;
      await this.transition({
        state: 'connected',
        qr: undefined,
        pairingCode: undefined,
        reason: undefined,
        me: me
          ? {
              id: jidNormalizedUser(me.id),
              ...(me.lid ? { lid: jidNormalizedUser(me.lid) } : {}),
              ...(me.name ? { name: me.name } : {}),
            }
          : undefined,
      });
    }
    if (u.connection === 'close') {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const code = closeCode(u.lastDisconnect?.error);
      const waitingForQr = this.current.state === 'qr' || this.current.state === 'pairing-code';
      const decision = decideReconnect(
        code,
        this.attempt,
        waitingForQr,
        this.o.reconnect ?? DEFAULT_RECONNECT,
      );
      if (decision.action === 'stop') {
        if (decision.state === 'logged-out') {
          await this.auth?.clear();
          this.auth = undefined;
        }
        await this.transition({
          state: decision.state,
          reason: decision.reason,
          qr: undefined,
          pairingCode: undefined,
        });
        return;
      }
      if (code !== 515) this.attempt++;
      await this.transition({
        state: 'connecting',
        reason: `connection closed (${code ?? 'unknown'}), reconnecting`,
      });
      this.retryTimer = setTimeout(
        () => void this.connect().catch((err) => this.o.logger.error({ err }, 'reconnect failed')),
        decision.delayMs,
      );
    }
  }

  /**
   * Updates the status; publishes `connection-changed` when the state changed (with the command
   * that changed it, if one did), and the QR when asked.
   */
  private async transition(
    patch: Partial<InstanceStatus>,
    command?: ConnectionCommand,
    event?: 'qr-updated',
  ): Promise<void> {
    const before = this.current.state;
    this.set(patch);
    if (event === 'qr-updated' && this.current.qr) await this.publish('qr-updated', { qr: this.current.qr });
    if (before === this.current.state) return;
    const { state, me, reason } = this.current;
    const linked = state === 'connected' ? this.linking : undefined;
    if (state === 'connected') this.linking = false;
    await this.publish('connection-changed', {
      state,
      ...(me ? { me } : {}),
      ...(reason ? { reason } : {}),
      ...(command ? { command } : {}),
      ...(linked !== undefined ? { linked } : {}),
    });
  }

  /** `emit`, with a failure logged (with the event and its message id) instead of thrown. */
  private async publish<E extends EventName>(event: E, data: EventData[E]): Promise<void> {
    try {
      await this.o.emit(event, data);
    } catch (err) {
      const id = (data as { id?: unknown }).id;
      this.o.logger.error(
        { err, event, ...(typeof id === 'string' ? { messageId: id } : {}) },
        'publishing the event failed: it is not delivered',
      );
    }
  }

  private set(patch: Partial<InstanceStatus>): void {
    if (patch.state === 'qr' || patch.state === 'pairing-code') this.linking = true;
    this.current = {
      ...this.current,
      ...patch,
      instance: this.instance,
      updatedAt: new Date().toISOString(),
    };
    for (const [k, v] of Object.entries(this.current))
      if (v === undefined) delete (this.current as unknown as Record<string, unknown>)[k];
    this.changes.emit('change');
  }
}
