import {
  DomainError,
  ErrorCode,
  type ConnectionCommand,
  type ConnectionState,
  type DownloadMediaCommand,
  type EventData,
  type EventName,
  type InstanceStatus,
  type DeleteMessageCommand,
  type StarMessageCommand,
  type EditMessageCommand,
  type ForwardMessageCommand,
  type MediaReference,
  type MessageActionResult,
  type NumberCheck,
  type PostStatusCommand,
  type PresenceState,
  type ReactMessageCommand,
  type ReadMessagesCommand,
  type SendMessageCommand,
  type SentMessage,
} from '@zapgate/contracts';
import type { Logger } from 'pino';
import { NoGroups, type WhatsAppGroups } from './whatsapp-groups.port.js';
import { NoChats, type WhatsAppChats } from './whatsapp-chats.port.js';
import { NoProfile, type WhatsAppProfile } from './whatsapp-profile.port.js';

/** A send, as the session takes it: the recipient already checked by the shard. */
export type OutgoingMessage = Omit<SendMessageCommand, 'instance'>;

/** A download, as the session takes it. */
export type MediaDownload = Omit<DownloadMediaCommand, 'instance'>;

/** Actions on a stored message, as the session takes them. */
export type MessageReaction = Omit<ReactMessageCommand, 'instance'>;
export type MessageEdit = Omit<EditMessageCommand, 'instance'>;
export type MessageDeletion = Omit<DeleteMessageCommand, 'instance'>;
export type MessageStar = Omit<StarMessageCommand, 'instance'>;
export type MessageForward = Omit<ForwardMessageCommand, 'instance'>;
export type MessageReadKeys = ReadMessagesCommand['keys'];
/** A status post, as the session takes it. */
export type StatusPost = Omit<PostStatusCommand, 'instance'>;

const cannot = (what: string) =>
  Promise.reject(new DomainError(ErrorCode.NotImplemented, `this session cannot ${what}`));

/**
 * One instance's WhatsApp connection, as the shard sees it (the port at the shard's edge): its
 * lifecycle, the QR and pairing-code login, number checks and sends. Events (connection changes,
 * QR codes, messages, receipts, presences) go out through the `emit` of its context, normalised.
 * `WaSession` implements it over Baileys; shard tests use a fake.
 */
export abstract class WhatsAppSession {
  abstract readonly instance: string;
  /** Where the connection stands now. */
  abstract status(): InstanceStatus;
  /** Whether it holds credentials of a linked device (it logs in again without a QR then). */
  abstract hasCredentials(): Promise<boolean>;
  /** Opens the connection unless it is open or opening; with `pairingPhone`, logs in by code. */
  abstract start(options?: { pairingPhone?: string }): Promise<InstanceStatus>;
  /** Resolves once its state is one of `states` (at once if it is); a Timeout DomainError after `timeoutMs`. */
  abstract waitForState(states: ConnectionState[], timeoutMs: number): Promise<InstanceStatus>;
  /** The QR text to scan; qr_not_available or already_connected otherwise. */
  abstract qr(): string;
  /** Asks WhatsApp for a pairing code for `phone` (digits); resolves with it as `ABCD-EFGH`. */
  abstract requestPairingCode(phone: string): Promise<string>;
  /** Which numbers have WhatsApp (answers are remembered for a while). */
  abstract checkNumbers(numbers: string[]): Promise<NumberCheck[]>;
  /** Sends one message; not_connected, group_not_found or message_not_found (a quote) when it cannot. */
  abstract sendMessage(message: OutgoingMessage): Promise<SentMessage>;
  /**
   * Fetches and decrypts a message's file into the media store (a stored message by id, or a file
   * by its keys); message_not_found, or validation_failed with details.reason `no_media` or
   * `download_failed`. Sessions that cannot download answer not_implemented.
   */
  downloadMedia(request: MediaDownload): Promise<MediaReference> {
    void request;
    return Promise.reject(new DomainError(ErrorCode.NotImplemented, 'this session cannot download media'));
  }
  /**
   * Reacts to a stored message (`emoji` '' removes the reaction): message_not_found when the store
   * does not have it, validation_failed when `chat` is not the message's chat.
   */
  react(reaction: MessageReaction): Promise<MessageActionResult> {
    void reaction;
    return cannot('react to messages');
  }
  /**
   * Edits a text this account sent: message_not_found, or validation_failed (someone else's
   * message, not a text, another chat).
   */
  editMessage(edit: MessageEdit): Promise<MessageActionResult> {
    void edit;
    return cannot('edit messages');
  }
  /** Deletes a stored message for everyone (a revoke), or only for this account. */
  deleteMessage(deletion: MessageDeletion): Promise<MessageActionResult> {
    void deletion;
    return cannot('delete messages');
  }
  /**
   * Stars or unstars a stored message (an app-state change): message_not_found, or
   * not_implemented when the session has no app-state key.
   */
  starMessage(star: MessageStar): Promise<MessageActionResult> {
    void star;
    return cannot('star messages');
  }
  /**
   * Forwards a stored message to `to` (already checked by the shard) as WhatsApp's "Forwarded"
   * copy: message_not_found when the store does not have it.
   */
  forwardMessage(forward: MessageForward): Promise<SentMessage> {
    void forward;
    return cannot('forward messages');
  }
  /** Sends read receipts for received messages; resolves with how many. */
  readMessages(keys: MessageReadKeys): Promise<number> {
    void keys;
    return cannot('send read receipts');
  }
  /** Sets the account's presence, or a chat state (composing, recording, paused) in `chat`. */
  sendPresence(state: PresenceState, chat?: string): Promise<void> {
    void state;
    void chat;
    return cannot('send presence');
  }
  /**
   * Posts a status (story) to `status@broadcast`, delivered to `recipients` only; the post is in
   * the message store (chat `status@broadcast`) before this resolves, and its file is deleted.
   */
  postStatus(post: StatusPost): Promise<SentMessage> {
    void post;
    return cannot('post statuses');
  }
  /** Turns disappearing messages in a chat on for `seconds`, or off (0). */
  setDisappearing(chat: string, seconds: number): Promise<void> {
    void chat;
    void seconds;
    return cannot('set disappearing messages');
  }
  /** The instance's group operations (create, metadata, participants, settings, invites, leave). */
  readonly groups: WhatsAppGroups = new NoGroups();
  /** The instance's chats, contacts, blocklist and profile (reads from its chat store). */
  readonly chats: WhatsAppChats = new NoChats();
  /** The instance's profile picture (and its groups'), and business profiles. */
  readonly profile: WhatsAppProfile = new NoProfile();
  /**
   * Forgets what the session kept of its account: messages, chats, contacts, blocklist (the
   * instance was deleted; the session is closed first). Sessions that keep nothing do nothing.
   */
  forget(): Promise<void> {
    return Promise.resolve();
  }
  /** Unlinks the device and forgets its credentials and messages. */
  abstract logout(): Promise<InstanceStatus>;
  /** Closes the connection and keeps the credentials; `command` says which instance command asked. */
  abstract close(
    reason?: string,
    command?: Extract<ConnectionCommand, 'close' | 'restart'>,
  ): Promise<InstanceStatus>;
  /** Closes and reopens the connection with the same credentials. */
  abstract restart(): Promise<InstanceStatus>;
}

/** What the shard gives each session it creates. */
export interface WhatsAppSessionContext {
  logger: Logger;
  /**
   * Publishes an event; the session awaits it before acting on the event any further, and logs a
   * rejection (the event log unreachable) instead of stopping. `id`: the event id when the session
   * derives it (the events of a message: the same when the message arrives again), else a new one.
   */
  emit<E extends EventName>(event: E, data: EventData[E], id?: string): Promise<void>;
  /**
   * Publishes an event under the given id and resolves only once the event log has STORED it
   * (rejects when it cannot). An incoming message's delivery receipt waits for its events on it.
   */
  emitStored?<E extends EventName>(event: E, data: EventData[E], id: string): Promise<void>;
}

/** Makes the shard's sessions (injected, so the shard can be tested without WhatsApp). */
export abstract class WhatsAppSessionFactory {
  abstract create(instance: string, context: WhatsAppSessionContext): WhatsAppSession;
}
