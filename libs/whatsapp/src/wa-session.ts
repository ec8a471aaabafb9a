import { EventEmitter, once } from 'node:events';
import type { Readable } from 'node:stream';
import {
  Browsers,
  generateMessageIDV2,
  generateWAMessageFromContent,
  isJidGroup,
  isLidUser,
  isPnUser,
  jidNormalizedUser,
  makeWASocket,
  normalizeMessageContent,
  prepareWAMessageMedia,
  updateMessageWithPollUpdate,
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
import { saveMessagesBounded, waitBounded } from './bounded-message-save.js';
import { GroupMetadataCache } from './group-metadata-cache.js';
import { BaileysChats } from './baileys-chats.js';
import { normalizeCall } from './call-normalize.js';
import { appStateChange } from './app-state-change.js';
import { acceptsHistory, ChatFeed, type ChatStores } from './chat-sync.js';
import { syncAppStateWhenKeyArrives } from './initial-app-state.js';
import { NoChats, type WhatsAppChats } from './whatsapp-chats.port.js';
import { BaileysGroups } from './baileys-groups.js';
import { BaileysProfile } from './baileys-profile.js';
import {
  normalizeGroupUpdate,
  normalizeGroupUpsert,
  normalizeJoinRequest,
  normalizeParticipantsUpdate,
} from './group-normalize.js';
import { memoizeCurveVerify } from './curve-verify-memo.js';
import { quietLibsignalConsole } from './libsignal-console.js';
import { buildMessageContent, mediaOf } from './message-content.builder.js';
import {
  buildInteractiveMessage,
  isInteractive,
  type InteractiveContent,
} from './interactive-content.builder.js';
import { downloadVerifiedMedia, messageFromKeys } from './media-download.js';
import {
  actionBase,
  mediaOfMessage,
  messageToJson,
  normalizeAction,
  normalizeMessage,
  type NormalizedAction,
  normalizePresence,
  normalizeStatus,
  target,
  textOf,
} from './normalize.js';
import { cleanedCopy, faultBeforePublish, inboundEventId } from './inbound-receipt.js';
import { decideReconnect, DEFAULT_RECONNECT, type ReconnectPolicyOptions } from './reconnect-policy.js';
import { loadStoredAuthState, type StoredAuthState } from './stored-auth-state.js';
import { buildStatusContent, STATUS_BROADCAST } from './status-content.builder.js';
import { decryptVote, pollOfMessage, selectedOptionNames, tallyPoll } from './poll-vote.js';
import { parseStoredMessage, serializeMessage, toStoredMessage } from './stored-message.js';
import { trustedSimulatorHttp, type SimulatorHttp } from './trust-root.js';
import {
  WhatsAppSession,
  type MediaDownload,
  type MessageDeletion,
  type MessageStar,
  type MessageEdit,
  type MessageForward,
  type MessageReaction,
  type MessageReadKeys,
  type OutgoingMessage,
  type StatusPost,
} from './whatsapp-session.port.js';

export interface WaSessionOptions {
  auth: AuthStateRepository;
  /** Test-only: see faultBeforePublish (ZG_FAULT_KILL_BEFORE_PUBLISH). */
  faultKillBeforePublish?: string;
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
  emit<E extends EventName>(event: E, data: EventData[E], id?: string): Promise<void>;
  /**
   * Publishes an event under the given id and resolves once the event log STORED it. When given,
   * an incoming message's delivery receipt waits for its events (Baileys patched:
   * `beforeMessageReceipt`, tools/patches): a process killed before that leaves the message
   * unreceipted and WhatsApp delivers it again on the next login, with the same event ids.
   */
  emitStored?<E extends EventName>(event: E, data: EventData[E], id: string): Promise<void>;
  reconnect?: ReconnectPolicyOptions;
  /**
   * The instance's chats, contacts and blocklist, kept from WhatsApp's events and history sync
   * (chat routes read them); without it the session keeps none and takes no history.
   */
  chats?: ChatStores;
}

/** Own messages whose save from `messages.upsert` a send may still wait on. */
const OWN_SAVES_KEPT = 256;
/** Messages whose events were published before their receipt, until their `messages.upsert`. */
const PUBLISHED_EARLY_KEPT = 1_024;
/** How long a number's on-WhatsApp answer is trusted. */
const NUMBER_CACHE_MS = 10 * 60_000;
const closeCode = (err: unknown): number | undefined =>
  (err as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;

/** Whether two stored forms of a message would write the same document. */
function sameStoredMessage(a: NewStoredMessage, b: NewStoredMessage): boolean {
  return (
    a.chat === b.chat &&
    a.raw === b.raw &&
    a.status === b.status &&
    a.text === b.text &&
    a.sender === b.sender &&
    a.kind === b.kind &&
    a.timestamp === b.timestamp &&
    a.fromMe === b.fromMe
  );
}

/** The raw message without its status (WebMessageInfo's `status`), to compare two of them. */
function rawWithoutStatus(raw: string): string {
  const { status: _status, ...rest } = JSON.parse(raw) as Record<string, unknown>;
  void _status;
  return JSON.stringify(rest);
}

/** Whether `b` is `a` with only its status changed (a receipt folded into the message). */
function onlyStatusMoved(a: NewStoredMessage, b: NewStoredMessage): boolean {
  return (
    sameStoredMessage({ ...a, status: b.status, raw: '' }, { ...b, raw: '' }) &&
    rawWithoutStatus(a.raw) === rawWithoutStatus(b.raw)
  );
}

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
  /** Counts close and logout calls: a connect that outlived one opens no socket. */
  private closes = 0;
  private pairingPhone?: string;
  /** A QR or pairing code was offered since the last connection: the next `connected` is a new link. */
  private linking = false;
  private readonly changes = new EventEmitter();
  private readonly numberCache = new Map<string, { jid?: string; until: number }>();
  private readonly ownSaves = new Map<string, Promise<void>>();
  /**
   * Own sends this session saved before Baileys handed them to `messages.upsert` (it does so on a
   * later tick): the document written and its save, so the upsert does not write it again.
   */
  private readonly sentSaves = new Map<string, { doc: NewStoredMessage; saving: Promise<void> }>();
  /** Keys (chat, id) of messages whose events `beforeReceipt` stored: upsert does not publish them again. */
  private readonly publishedEarly = new Set<string>();
  /** Keeps the chat store in step with WhatsApp (when the session has one). */
  private readonly feed?: ChatFeed;
  override readonly chats: WhatsAppChats;
  /** Metadata of the groups this session sends to, forgotten when WhatsApp reports a change. */
  private readonly groupCache = new GroupMetadataCache();
  /** Votes are applied to their stored poll one at a time (each reads and rewrites it). */
  private pollVotes: Promise<void> = Promise.resolve();

  constructor(
    readonly instance: string,
    private readonly o: WaSessionOptions,
  ) {
    super();
    this.current = { instance, state: 'stopped', updatedAt: new Date().toISOString() };
    // libsignal prints sessions with their private keys to the console (the apps also send what
    // it says to their debug log; this covers any other process that runs a session)
    quietLibsignalConsole();
    // each connect's certificate chain checked for real, and a chain that verified is not
    // verified again on every connect (see curve-verify-memo.ts)
    memoizeCurveVerify();
    if (o.chats) {
      this.feed = new ChatFeed({
        instance,
        stores: o.chats,
        publish: (event, data) => this.publish(event, data),
        logger: o.logger,
        saveMessages: (messages) => this.store(messages),
        pnOf: async (jid) => (await this.socket?.signalRepository.lidMapping.getPNForLID(jid)) ?? undefined,
      });
      this.chats = new BaileysChats(instance, o.chats, o.messages, this.feed, () => this.requireConnected());
    } else this.chats = new NoChats();
  }

  /** Group operations on this session's socket (not_connected while it is not connected). */
  override readonly groups = new BaileysGroups(() => this.requireConnected());
  /** Pictures and business profiles on this session's socket; picture files from the media store. */
  override readonly profile = new BaileysProfile(() => this.requireConnected(), {
    open: (ref) => this.o.media.open(ref),
  });

  status(): InstanceStatus {
    return { ...this.current };
  }

  async hasCredentials(): Promise<boolean> {
    // loads the auth state the connect that follows uses: the creds are read once (by id: one
    // lookup, not a count over the instance's keys, which FerretDB would answer with a scan)
    return (await this.loadAuth()).hasStoredCreds();
  }

  /** The auth state, read from storage on first use (a logout forgets it). */
  private async loadAuth(): Promise<StoredAuthState> {
    this.auth ??= await loadStoredAuthState(this.instance, this.o.auth, {
      onWriteError: (err, failures) =>
        this.o.logger.error({ err, failures }, 'storing auth keys failed; retrying'),
    });
    return this.auth;
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
    if (isJidGroup(to)) await requireGroup(socket, to, this.groupCache);
    const quoted = options.quoted ? await this.quotable(options.quoted, to) : undefined;
    const ref = mediaOf(content);
    let media: Readable | undefined;
    let sent: WAMessage | undefined;
    try {
      media = ref ? await this.o.media.open(ref) : undefined;
      if (isInteractive(content))
        sent = await this.relayInteractive(socket, to, content, {
          media,
          quoted,
          messageId: options.messageId,
        });
      else {
        const message = buildMessageContent(content, { media, mentions: options.mentions });
        sent = await socket.sendMessage(to, message, {
          ...(quoted ? { quoted } : {}),
          // a caller-chosen id (bulk sends record it first, to resend under it after a crash)
          ...(options.messageId ? { messageId: options.messageId } : {}),
        });
      }
    } finally {
      // Baileys ends or destroys what it read; a send that failed before reading must not leak it
      media?.destroy();
    }
    if (!sent?.key.id) throw new DomainError(ErrorCode.Internal, 'WhatsApp did not accept the message');
    // saved once, whether Baileys hands it to `messages.upsert` before the send resolves or after
    await waitBounded(this.sentSaved(sent), this.o.logger);
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

  /**
   * Lists, buttons and templates, which Baileys 7's `sendMessage` no longer builds: their proto
   * (a template's image uploaded first) made into a full message by Baileys'
   * `generateWAMessageFromContent`, relayed under its id (encrypted like any send) and handed to
   * `messages.upsert` as Baileys does with its own sends, so it is stored and published alike.
   */
  private async relayInteractive(
    socket: WASocket,
    to: string,
    content: InteractiveContent,
    o: { media?: Readable; quoted?: WAMessage; messageId?: string },
  ): Promise<WAMessage> {
    let image: proto.Message.IImageMessage | undefined;
    if (content.kind === 'template' && content.media) {
      if (!o.media) throw new Error('a template with media needs its media stream');
      const prepared = await prepareWAMessageMedia(
        { image: { stream: o.media }, mimetype: content.media.mime },
        { upload: socket.waUploadToServer },
      );
      image = prepared.imageMessage ?? undefined;
    }
    const full = generateWAMessageFromContent(to, buildInteractiveMessage(content, image), {
      userJid: socket.user!.id,
      ...(o.quoted ? { quoted: o.quoted } : {}),
      messageId: o.messageId ?? generateMessageIDV2(socket.user?.id),
    });
    await socket.relayMessage(to, full.message!, { messageId: full.key.id! });
    await socket.upsertMessage(full, 'append');
    return full;
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
   * Deletes a stored message for everyone (a revoke), or only for this account: an app-state
   * change (Baileys `chatModify` deleteForMe) that the account's other devices sync, which needs
   * the app-state key the phone shares (not_implemented without it).
   */
  override async deleteMessage({ id, chat, forEveryone }: MessageDeletion): Promise<MessageActionResult> {
    const socket = this.requireConnected();
    const { msg, stored } = await this.actionTarget(id, chat, 'delete');
    if (!forEveryone) {
      await appStateChange(() =>
        socket.chatModify(
          {
            deleteForMe: {
              key: msg.key,
              timestamp: Number(msg.messageTimestamp ?? Math.floor(stored.timestamp / 1000)),
              deleteMedia: false,
            },
          },
          msg.key.remoteJid!,
        ),
      );
      return this.actionResult(stored, undefined);
    }
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
   * Stars or unstars a stored message: an app-state change (Baileys `chatModify` star) that the
   * account's other devices sync, which needs the app-state key the phone shares.
   */
  override async starMessage({ id, chat, star }: MessageStar): Promise<MessageActionResult> {
    const socket = this.requireConnected();
    const { msg, stored } = await this.actionTarget(id, chat, 'star');
    await appStateChange(() =>
      socket.chatModify(
        { star: { messages: [{ id: msg.key.id!, fromMe: !!msg.key.fromMe }], star } },
        msg.key.remoteJid!,
      ),
    );
    return this.actionResult(stored, undefined);
  }

  /**
   * Forwards a stored message (Baileys `{ forward }`: a received message's copy carries WhatsApp's
   * forwarded flag, this account's own is copied without it, as WhatsApp does); message_not_found
   * when the store does not have it.
   */
  override async forwardMessage({ to, id, chat }: MessageForward): Promise<SentMessage> {
    const socket = this.requireConnected();
    if (isJidGroup(to)) await requireGroup(socket, to, this.groupCache);
    const msg = await this.storedMessage(id, chat);
    const sent = await socket.sendMessage(to, { forward: msg });
    if (!sent?.key.id) throw new DomainError(ErrorCode.Internal, 'WhatsApp did not accept the forward');
    await waitBounded(this.sentSaved(sent), this.o.logger);
    const t = sent.messageTimestamp;
    return {
      id: sent.key.id,
      remoteJid: sent.key.remoteJid ?? to,
      fromMe: true,
      timestamp: typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000),
      raw: messageToJson(sent),
    };
  }

  /**
   * Posts a status to `status@broadcast` with Baileys' `statusJidList` (WhatsApp delivers it to
   * those contacts only). The post is stored (chat `status@broadcast`) and its file deleted from the
   * media store once sent.
   */
  override async postStatus({ content, recipients }: StatusPost): Promise<SentMessage> {
    const socket = this.requireConnected();
    const ref = content.kind === 'text' ? undefined : content.media;
    let media: Readable | undefined;
    let sent: WAMessage | undefined;
    try {
      media = ref ? await this.o.media.open(ref) : undefined;
      const status = buildStatusContent(content, recipients, media);
      sent = await socket.sendMessage(STATUS_BROADCAST, status.content, status.options);
    } finally {
      media?.destroy();
    }
    if (!sent?.key.id) throw new DomainError(ErrorCode.Internal, 'WhatsApp did not accept the status');
    await waitBounded(this.sentSaved(sent), this.o.logger);
    if (ref)
      await this.o.media
        .delete(ref)
        .catch((err: unknown) => this.o.logger.warn({ err, media: ref.id }, 'deleting sent media failed'));
    const t = sent.messageTimestamp;
    return {
      id: sent.key.id,
      remoteJid: STATUS_BROADCAST,
      fromMe: true,
      timestamp: typeof t === 'number' ? t : t ? Number(t.toString()) : Math.floor(Date.now() / 1000),
      raw: messageToJson(sent),
    };
  }

  /**
   * Disappearing messages in a chat: a 1:1 chat gets WhatsApp's ephemeral-setting message
   * (protocolMessage EPHEMERAL_SETTING, which the contact's devices apply), a group this account
   * is in its ephemeral setting (Baileys' groupToggleEphemeral).
   */
  override async setDisappearing(chat: string, seconds: number): Promise<void> {
    const socket = this.requireConnected();
    if (isJidGroup(chat)) await requireGroup(socket, chat, this.groupCache);
    await socket.sendMessage(chat, { disappearingMessagesInChat: seconds });
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
    // the chat store follows: nothing unread in those chats any more
    await this.feed?.read(keys.map((k) => k.chat));
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
    this.closes++;
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
    // and its chats, contacts and blocklist
    await this.clearChats();
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
    this.closes++;
    const socket = this.socket;
    this.socket = undefined;
    clearTimeout(this.retryTimer);
    socket?.end(undefined);
    const stored = await this.auth?.flushed().then(
      () => true,
      (err: unknown) => (this.o.logger.error({ err }, 'storing keys failed'), false),
    );
    // once all of it is stored, the next start reads it again (a restore may replace it meanwhile)
    if (stored) this.auth = undefined;
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
        // the gateway answers a reconnecting session as retryable (503, Retry-After)
        { state: this.current.state },
      );
    }
    return this.socket;
  }

  private async connect(): Promise<void> {
    const closes = this.closes;
    const auth = await this.loadAuth();
    // closed while the auth state loaded (a lost lease, a stop): no socket may open after that
    if (closes !== this.closes) return;
    const socket = makeWASocket({
      auth: auth.state,
      logger: baileysLogger(this.o.logger, { linking: () => this.linking }),
      browser: Browsers.ubuntu('zapgate'),
      markOnlineOnConnect: false,
      // history sync (chats, contacts, messages of a newly linked device) when there is a chat store;
      // Baileys' own probe is refused so a first login never holds events 20 s waiting for one
      shouldSyncHistoryMessage: this.feed ? acceptsHistory : () => false,
      // a recipient's retry request (and a poll vote) needs the message: the store has it, also
      // after a restart or on another shard, when Baileys' own recent-message cache does not
      getMessage: (key) => this.storedContent(key),
      // a group send reads the members from here rather than asking WhatsApp each time
      cachedGroupMetadata: async (jid) => this.groupCache.peek(jid),
      // the delivery receipt waits until the message's events are stored (patched Baileys)
      ...(this.o.emitStored
        ? {
            beforeMessageReceipt: (msg: WAMessage, type: 'append' | 'notify') =>
              this.beforeReceipt(auth, msg, type),
          }
        : {}),
      ...(this.o.waWebSocketUrl ? { waWebSocketUrl: this.o.waWebSocketUrl } : {}),
      ...this.mediaHttp(),
    });
    this.socket = socket;
    const mine = () => this.socket === socket;
    // what changed in groups while disconnected is not known
    this.groupCache.clear();
    this.feed?.attach(socket.ev, mine);
    // labels and chat states made before the link (Baileys syncs them only while awaiting history)
    if (this.feed) syncAppStateWhenKeyArrives(socket, mine, this.o.logger);
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
        // published (and stored) before Baileys receipted it: see beforeReceipt
        const early = this.publishedEarly.delete(`${msg.key.remoteJid}\n${msg.key.id}`);
        const normalized = normalizeMessage(msg, type === 'append' ? 'append' : 'notify', me);
        // the id comes from the message: one that arrives twice (delivered again, sent again after
        // a retry receipt, or resent by the phone on a placeholder request) is kept once
        if (normalized && !early)
          void this.publish(
            'message-received',
            normalized,
            inboundEventId(this.instance, 'message-received', msg.key),
          );
        const mine = [
          ...(me ? [me] : []),
          ...(auth.state.creds.me?.lid ? [jidNormalizedUser(auth.state.creds.me.lid)] : []),
        ];
        const action = normalizeAction(msg, mine);
        if (normalizeMessageContent(msg.message)?.pollUpdateMessage) {
          const vote = this.pollVotes.then(() => this.onPollVote(msg, saving, mine));
          this.pollVotes = vote;
        }
        if (action) {
          if (!early)
            void this.publish(
              action.event,
              action.data,
              inboundEventId(this.instance, action.event, msg.key),
            );
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
    // groups: what this account created, joined or was added to, and every change WhatsApp reports
    socket.ev.on('groups.upsert', (groups) => {
      if (!mine()) return;
      for (const g of groups) this.groupCache.forget(g.id);
      for (const update of normalizeGroupUpsert(groups)) void this.publish('group-updated', update);
    });
    socket.ev.on('groups.update', (updates) => {
      if (!mine()) return;
      for (const u of updates) {
        if (u.id) this.groupCache.forget(u.id);
        const update = normalizeGroupUpdate(u);
        if (update) void this.publish('group-updated', update);
      }
    });
    socket.ev.on('group-participants.update', (u) => {
      if (!mine()) return;
      this.groupCache.forget(u.id);
      const change = normalizeParticipantsUpdate(u);
      if (change) void this.publish('group-participants-changed', change);
    });
    socket.ev.on('group.join-request', (r) => {
      if (!mine()) return;
      const request = normalizeJoinRequest(r);
      if (request) void this.publish('group-join-requested', request);
    });
    socket.ev.on('call', (calls) => {
      if (!mine()) return;
      for (const call of calls) {
        const offer = normalizeCall(call);
        if (!offer) continue;
        if (this.chats instanceof BaileysChats) this.chats.noteCall(offer.id, call.from);
        void this.publish('call-received', offer);
      }
    });
    socket.ev.on('presence.update', (update) => {
      if (!mine()) return;
      for (const presence of normalizePresence(update)) {
        if (this.chats instanceof BaileysChats) this.chats.notePresence(presence);
        void this.publish('presence-updated', presence);
      }
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

  /** WhatsApp's blocklist, asked for on each connect (Baileys asks but does not emit it). */
  private async syncBlocklist(socket: WASocket): Promise<void> {
    try {
      await this.feed?.replaceBlocklist((await socket.fetchBlocklist()).filter((j): j is string => !!j));
    } catch (err) {
      this.o.logger.warn({ err }, 'fetching the blocklist failed');
    }
  }

  /** The instance was deleted: its messages, chats, contacts and blocklist go (its credentials stay as a close leaves them). */
  override async forget(): Promise<void> {
    await this.o.messages
      .clear(this.instance)
      .catch((err: unknown) => this.o.logger.error({ err }, 'deleting the messages failed'));
    await this.clearChats();
  }

  /** Forgets the instance's chats, contacts and blocklist (logout: the account is gone). */
  private async clearChats(): Promise<void> {
    const stores = this.o.chats;
    if (!stores) return;
    await this.feed?.flushed();
    await Promise.all([
      stores.chats.clear(this.instance),
      stores.contacts.clear(this.instance),
      stores.blocklist.clear(this.instance),
      stores.labels?.clear(this.instance),
    ]).catch((err: unknown) => this.o.logger.error({ err }, 'deleting the chats and contacts failed'));
  }

  /**
   * Baileys' `beforeMessageReceipt` (patched): publishes the events of a decrypted incoming message
   * (`message-received`, or the action it carries) and resolves once the log stored them, so the
   * receipt goes out only then. Their ids come from the message's key: delivered again, it gives
   * the same ids. A rejection keeps the receipt back (WhatsApp delivers the message again).
   */
  private async beforeReceipt(
    auth: StoredAuthState,
    msg: WAMessage,
    type: 'append' | 'notify',
  ): Promise<void> {
    faultBeforePublish(this.o.faultKillBeforePublish, textOf(normalizeMessageContent(msg.message)));
    const emitStored = this.o.emitStored!;
    const creds = auth.state.creds.me;
    if (!creds?.id || !msg.key.id) return;
    const me = jidNormalizedUser(creds.id);
    const view = cleanedCopy(msg, creds.id, creds.lid);
    const normalized = normalizeMessage(view, type, me);
    const mine = [me, ...(creds.lid ? [jidNormalizedUser(creds.lid)] : [])];
    const action = normalizeAction(view, mine);
    if (!normalized && !action) return;
    // in the message store first, as messages.upsert does before it publishes: a webhook
    // consumer (WPPConnect autoDownload) may ask for the file as soon as the event is out
    await this.store([view]);
    const stored: Promise<void>[] = [];
    if (normalized)
      stored.push(
        emitStored(
          'message-received',
          normalized,
          inboundEventId(this.instance, 'message-received', view.key),
        ),
      );
    if (action)
      stored.push(
        emitStored(action.event, action.data, inboundEventId(this.instance, action.event, view.key)),
      );
    await Promise.all(stored);
    this.publishedEarly.add(`${view.key.remoteJid}\n${view.key.id}`);
    if (this.publishedEarly.size > PUBLISHED_EARLY_KEPT)
      this.publishedEarly.delete(this.publishedEarly.values().next().value!);
  }

  /** Own messages being saved from `messages.upsert`, for `sendMessage` to wait on (the latest few). */
  private remember(id: string, saving: Promise<void>): void {
    this.ownSaves.set(id, saving);
    if (this.ownSaves.size > OWN_SAVES_KEPT) this.ownSaves.delete(this.ownSaves.keys().next().value!);
  }

  /**
   * Saves messages (those that are messages of a chat) in the store; a failed save is retried in
   * the background, then logged (saveMessagesBounded). Incoming messages wait for the save at most
   * MESSAGE_SAVE_WAIT_MS: Baileys handles incoming messages one at a time (its message mutex holds
   * `beforeMessageReceipt`), so an unbounded wait on a database that is down (each save waits out
   * server selection) stalls every later message and its key writes. (The webhook the FerretDB
   * restart e2e lost was the outbox taking a dropped connection for duplicates, not this bound.)
   * A send's answer waits for it at most MESSAGE_SAVE_WAIT_MS too (waitBounded).
   */
  private async store(messages: WAMessage[], sent = false): Promise<void> {
    const earlier: Promise<void>[] = [];
    const stored = messages
      .map((m) => toStoredMessage(this.instance, m))
      .filter((m): m is NewStoredMessage => {
        if (!m) return false;
        // an own send saved by `sentSaved` comes again in `messages.upsert`: written once. A
        // receipt Baileys folded into that upsert (it comes late under load) moves the stored
        // status, as a receipt in `messages.update` does (the raw message keeps the status it was
        // sent with, as with every receipt); anything else changed is saved again
        const prior = this.sentSaves.get(m.id);
        if (!prior) return true;
        this.sentSaves.delete(m.id);
        if (sameStoredMessage(prior.doc, m)) {
          earlier.push(prior.saving);
          return false;
        }
        if (m.status && onlyStatusMoved(prior.doc, m)) {
          const status = m.status;
          earlier.push(prior.saving.then(() => this.moveStatus(m.chat, m.id, status)));
          return false;
        }
        return true;
      });
    const saving = stored.length
      ? saveMessagesBounded(
          () => this.o.messages.save(stored),
          stored.map((m) => m.id),
          this.o.logger,
        )
      : Promise.resolve();
    if (sent)
      for (const doc of stored) {
        this.sentSaves.set(doc.id, { doc, saving });
        if (this.sentSaves.size > OWN_SAVES_KEPT) this.sentSaves.delete(this.sentSaves.keys().next().value!);
      }
    await Promise.all([saving, ...earlier]);
  }

  /**
   * A send's save: the one `messages.upsert` started when Baileys handed it the message before
   * the send resolved, else made here (and not made again by the upsert that follows).
   */
  private sentSaved(sent: WAMessage): Promise<void> {
    const id = sent.key.id!;
    const saving = this.ownSaves.get(id);
    this.ownSaves.delete(id);
    return saving ?? this.store([sent], true);
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

  /**
   * A poll vote (encrypted with the poll's `messageSecret`): decrypted with the stored poll, kept
   * on it (`pollUpdates`, the voter's latest) and published as `poll-voted` with the tally. A
   * vote on a poll the store does not have, or that does not decrypt, is logged and dropped.
   */
  private async onPollVote(msg: WAMessage, saving: Promise<void>, me: string[]): Promise<void> {
    const update = normalizeMessageContent(msg.message)?.pollUpdateMessage;
    const pollKey = update?.pollCreationMessageKey;
    if (!update?.vote || !pollKey?.id || !msg.key.id || !msg.key.remoteJid) return;
    try {
      await saving;
      const chat = jidNormalizedUser(msg.key.remoteJid);
      const stored =
        (await this.o.messages.get(this.instance, pollKey.id, chat)) ??
        (msg.key.remoteJidAlt
          ? await this.o.messages.get(this.instance, pollKey.id, jidNormalizedUser(msg.key.remoteJidAlt))
          : undefined);
      const poll = stored ? parseStoredMessage(stored.raw) : undefined;
      const options = pollOfMessage(poll?.message);
      const secret = poll?.message?.messageContextInfo?.messageSecret;
      if (!stored || !poll || !options || !secret?.length) {
        this.o.logger.warn(
          { messageId: msg.key.id, pollId: pollKey.id },
          'a poll vote for a poll not in the message store (or without its secret): it cannot be decrypted',
        );
        return;
      }
      const author = (key: WAMessageKey) =>
        key.fromMe
          ? me
          : [key.participant || key.remoteJid || '', key.participantAlt || key.remoteJidAlt || ''];
      const vote = decryptVote(update.vote, {
        pollId: pollKey.id,
        secret,
        creators: author(poll.key),
        voters: author(msg.key),
      });
      if (!vote) {
        this.o.logger.warn({ messageId: msg.key.id, pollId: pollKey.id }, 'a poll vote did not decrypt');
        return;
      }
      const t = update.senderTimestampMs;
      // one voter, one key: the phone-number form when WhatsApp told it (the store keeps no alt)
      const pn = (a?: string | null, b?: string | null) =>
        [a, b].find((j) => !!j && isPnUser(j)) ?? a ?? undefined;
      const participant = pn(msg.key.participant, msg.key.participantAlt);
      updateMessageWithPollUpdate(poll, {
        pollUpdateMessageKey: {
          id: msg.key.id,
          fromMe: !!msg.key.fromMe,
          remoteJid: pn(msg.key.remoteJid, msg.key.remoteJidAlt),
          ...(participant ? { participant } : {}),
        },
        vote,
        ...(t !== null && t !== undefined ? { senderTimestampMs: Number(t.toString()) } : {}),
      });
      const { status: _status, ...rest } = stored;
      void _status;
      await this.o.messages.save([{ ...rest, raw: serializeMessage(poll) }]);
      const base = actionBase(msg, me);
      if (!base) return;
      await this.publish('poll-voted', {
        ...base,
        target: target(pollKey.id, !!poll.key.fromMe, poll.key.participant),
        raw: messageToJson(msg),
        selectedOptions: selectedOptionNames(options, vote),
        tally: tallyPoll(poll.message, poll.pollUpdates, me[0] ?? ''),
      });
    } catch (err) {
      this.o.logger.error({ err, messageId: msg.key.id }, 'applying a poll vote failed');
    }
  }

  private async moveStatus(chat: string, id: string, status: MessageStatus): Promise<void> {
    await this.o.messages
      .moveStatus(this.instance, jidNormalizedUser(chat), id, status)
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
      if (this.feed) void this.syncBlocklist(socket);
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
              ...(this.auth?.state.creds.platform ? { platform: this.auth.state.creds.platform } : {}),
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
  private async publish<E extends EventName>(event: E, data: EventData[E], id?: string): Promise<void> {
    try {
      await this.o.emit(event, data, id);
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
