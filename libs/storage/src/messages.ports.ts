/** What a message carries, as the canonical send command names its content (`other` for the rest). */
export type MessageKind =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'ptt'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contact'
  | 'reaction'
  | 'poll'
  | 'other';

/**
 * Where a message stands. `pending` < `sent` (server ack) < `delivered` < `read` < `played`;
 * `failed` (the server refused it) stands alone: it only follows `pending` and nothing follows it.
 */
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export const MESSAGE_STATUSES: readonly MessageStatus[] = [
  'pending',
  'sent',
  'delivered',
  'read',
  'played',
  'failed',
];
const PROGRESS: readonly MessageStatus[] = ['pending', 'sent', 'delivered', 'read', 'played'];

/** Whether a message at `from` (undefined: no status yet) may take `to`: statuses only move forward. */
export function statusMayMove(from: MessageStatus | undefined, to: MessageStatus): boolean {
  if (from === undefined) return true;
  if (from === 'failed') return false;
  if (to === 'failed') return from === 'pending';
  return PROGRESS.indexOf(to) > PROGRESS.indexOf(from);
}

/** The statuses a message may have for `to` to replace them (a message with none may take any). */
export const statusesBefore = (to: MessageStatus): MessageStatus[] =>
  MESSAGE_STATUSES.filter((from) => statusMayMove(from, to));

/** One message an instance sent or received, any type. */
export interface StoredMessage {
  instance: string;
  /** WhatsApp's message id (`key.id`). */
  id: string;
  /**
   * The chat's JID (`key.remoteJid`) as the caller normalised it (Baileys' `jidNormalizedUser`:
   * no device part); storage compares it exactly.
   */
  chat: string;
  fromMe: boolean;
  /** Who wrote it, in groups (`key.participant`). */
  sender?: string;
  /** WhatsApp's message time, in ms since the epoch (retention goes by it). */
  timestamp: number;
  kind: MessageKind;
  /** The text or caption, for listings and search. */
  text?: string;
  status?: MessageStatus;
  /**
   * The Baileys `WAMessage` as JSON text written with Baileys' `BufferJSON.replacer`, so
   * `getMessage` and media download can be fed from it. Opaque to storage, kept byte for byte.
   */
  raw: string;
  /** ISO time it was first stored (set by the store; later saves keep it). */
  createdAt: string;
}

/** What `save` takes: `createdAt` is the store's. */
export type NewStoredMessage = Omit<StoredMessage, 'createdAt'>;

/** A point in an instance's message order (newest first: by timestamp, then id). */
export interface MessageCursor {
  timestamp: number;
  id: string;
}

export interface MessageListQuery {
  /** One chat; absent: every chat of the instance. */
  chat?: string;
  /**
   * Only messages older than this: a timestamp (ms, exclusive), or a message from an earlier page
   * (its timestamp and id), so a page boundary inside one second loses nothing.
   */
  before?: number | MessageCursor;
  /** Only messages newer than this (the `limit` nearest to it, still listed newest first). */
  after?: number | MessageCursor;
  /** At most this many (capped at MAX_MESSAGE_LIST_LIMIT, at least 1). */
  limit: number;
  fromMe?: boolean;
}

/** The most one `list` returns, whatever the caller asks: `raw` can be tens of KB (thumbnails). */
export const MAX_MESSAGE_LIST_LIMIT = 500;

export const clampMessageLimit = (limit: number): number =>
  Math.min(Math.max(Math.trunc(limit) || 1, 1), MAX_MESSAGE_LIST_LIMIT);

/**
 * The message store, per instance: every message an instance sends or receives, kept until
 * retention removes it. Messages are keyed by (instance, chat, id); every method but the
 * retention sweep is scoped to one instance. Writes of one instance apply in call order.
 */
export abstract class MessageRepository {
  /**
   * Inserts or replaces messages by (instance, chat, id): idempotent. A later save replaces every
   * field (an absent `text` or `sender` clears it) but keeps the first `createdAt`, and takes its
   * `status` only when that is a step forward (an absent one keeps the stored status), so saving a
   * message again (history sync, an edit) never undoes a receipt.
   */
  abstract save(messages: NewStoredMessage[]): Promise<void>;
  /** A message by id; without `chat`, the newest message of the instance with that id. */
  abstract get(instance: string, id: string, chat?: string): Promise<StoredMessage | undefined>;
  /** Messages newest first (timestamp, then id, descending). */
  abstract list(instance: string, query: MessageListQuery): Promise<StoredMessage[]>;
  /** Moves a message's status forward; false when it does not exist or it would not move forward. */
  abstract updateStatus(instance: string, chat: string, id: string, status: MessageStatus): Promise<boolean>;
  /**
   * `updateStatus` for a caller that does not need to know whether it moved (a receipt): a store
   * may write the moves queued meanwhile together. Applied in call order with the other writes.
   */
  async moveStatus(instance: string, chat: string, id: string, status: MessageStatus): Promise<void> {
    await this.updateStatus(instance, chat, id, status);
  }
  /**
   * Retention, across instances: deletes messages whose timestamp is before `cutoffMs`, at most
   * `maxBatch` of them when given (so a sweep can go in bounded steps); returns how many it deleted.
   */
  abstract deleteOlderThan(cutoffMs: number, maxBatch?: number): Promise<number>;
  /** Deletes every message of the instance (logout, deletion); returns how many. */
  abstract clear(instance: string): Promise<number>;
}
