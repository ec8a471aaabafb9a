import type { Model, mongo, SortOrder } from 'mongoose';
import {
  BlocklistRepository,
  chatActivity,
  clampChatLimit,
  ChatRepository,
  ContactRepository,
  mergeChat,
  mergeContact,
  type ChatCursor,
  type ChatLastMessage,
  type ChatListQuery,
  type ChatPatch,
  type ContactListQuery,
  type ContactPatch,
  type StoredChat,
  type StoredContact,
} from '../chats.ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import type { BlockedDoc, ChatDoc, ContactDoc } from './chat.schema.js';

const PROJECTION = { _id: 0, activity: 0, isGroup: 0 } as const;
type Filter = Record<string, unknown>;

/** `(activity, id) <op> at`, written so the activity range can use the index. */
function bound(at: ChatCursor, op: '<' | '>'): Filter {
  const [strict, loose] = op === '<' ? (['$lt', '$lte'] as const) : (['$gt', '$gte'] as const);
  return {
    activity: { [loose]: at.activity },
    $or: [{ activity: { [strict]: at.activity } }, { id: { [strict]: at.id } }],
  };
}

/**
 * One chat's patches as a single update, when they are what messages make (a last message, an
 * unread count going up) and so need no read: the filter matches only a stored chat whose last
 * message is not newer than theirs, and the change is what `mergeChat` would make of it then
 * (the last of the newest messages, the unread increments summed, activity and updatedAt).
 * Anything else (a new chat, an older message, names, archiving...) goes the read-merge way.
 */
function messagePatchUpdate(
  patches: ChatPatch[],
  now: string,
): { filter: Filter; change: mongo.UpdateFilter<mongo.Document> } | undefined {
  let last: ChatLastMessage | undefined;
  let unread = 0;
  for (const patch of patches) {
    for (const field of Object.keys(patch))
      if (field !== 'id' && field !== 'lastMessage' && field !== 'unreadDelta') return undefined;
    if (patch.unreadDelta !== undefined) {
      if (!Number.isInteger(patch.unreadDelta) || patch.unreadDelta < 0) return undefined;
      unread += patch.unreadDelta;
    }
    if (patch.lastMessage && (!last || patch.lastMessage.timestamp >= last.timestamp))
      last = patch.lastMessage;
  }
  if (!last) return undefined;
  return {
    filter: { 'lastMessage.timestamp': { $lte: last.timestamp } },
    change: {
      $set: { lastMessage: withoutUndefined(last), activity: last.timestamp, updatedAt: now },
      ...(unread ? { $inc: { unreadCount: unread } } : {}),
    },
  };
}

/** The record without fields MongoDB would store as null. */
function withoutUndefined<T extends object>(v: T): T {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as T;
}

/**
 * Chats in MongoDB, one document each. A patch reads the chat, merges it (`mergeChat`, as the
 * embedded store does) and replaces it; the owning shard is the only writer of an instance and
 * its writes go one at a time in call order, so no transaction is needed (FerretDB 1.24 runs it).
 * The patches every message makes (a newer last message, unread +1) are one conditional update
 * instead (`messagePatchUpdate`): a send to a chat costs one write, not a read and a write.
 */
export class MongoChatRepository extends ChatRepository {
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly model: Model<ChatDoc>) {
    super();
  }

  apply(instance: string, patches: ChatPatch[]): Promise<void> {
    return this.queue.run(instance, async () => {
      const now = new Date().toISOString();
      // each chat read once and written once, with its patches merged in order (a batch of
      // messages to one chat is one read and one write, not two per message); patches of
      // different chats do not touch each other, so each chat's go together
      const byChat = new Map<string, ChatPatch[]>();
      for (const patch of patches) {
        const list = byChat.get(patch.id);
        if (list) list.push(patch);
        else byChat.set(patch.id, [patch]);
      }
      for (const [id, list] of byChat) {
        const update = messagePatchUpdate(list, now);
        // the chat exists and its last message is not newer: the update is the merge's result
        if (
          update &&
          (await this.model.collection.updateOne({ instance, id, ...update.filter }, update.change))
            .matchedCount
        )
          continue;
        let chat = await this.get(instance, id);
        for (const patch of list) chat = mergeChat(instance, chat, patch, now);
        const doc: ChatDoc = {
          ...chat!,
          activity: chatActivity(chat!),
          isGroup: id.endsWith('@g.us'),
        };
        // the driver's replaceOne: mongoose would make a Document of the replacement to cast it
        await this.model.collection.replaceOne({ instance, id }, withoutUndefined(doc), { upsert: true });
      }
    });
  }

  async get(instance: string, id: string): Promise<StoredChat | undefined> {
    return (await this.model.findOne({ instance, id }, PROJECTION).lean<StoredChat>()) ?? undefined;
  }

  async list(instance: string, query: ChatListQuery): Promise<StoredChat[]> {
    const and: Filter[] = [];
    if (query.after) and.push(bound(query.after, '<'));
    if (query.before) and.push(bound(query.before, '>'));
    const filter: Filter = {
      instance,
      ...(query.archived !== undefined ? { archived: query.archived } : {}),
      ...(query.kind !== undefined ? { isGroup: query.kind === 'group' } : {}),
      ...(query.unreadOnly ? { unreadCount: { $gt: 0 } } : {}),
      ...(query.withMessages ? { activity: { $gt: 0 } } : {}),
      ...(query.labels?.length ? { labels: { $in: query.labels } } : {}),
      ...(and.length ? { $and: and } : {}),
    };
    const dir: SortOrder = query.before && !query.after ? 1 : -1;
    const found = await this.model
      .find(filter, PROJECTION)
      .sort({ activity: dir, id: dir })
      .limit(clampChatLimit(query.limit))
      .lean<StoredChat[]>();
    return dir === 1 ? found.reverse() : found;
  }

  delete(instance: string, id: string): Promise<boolean> {
    return this.queue.run(
      instance,
      async () => (await this.model.deleteOne({ instance, id })).deletedCount > 0,
    );
  }

  clear(instance: string): Promise<number> {
    return this.queue.run(instance, async () => (await this.model.deleteMany({ instance })).deletedCount);
  }
}

export class MongoContactRepository extends ContactRepository {
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly model: Model<ContactDoc>) {
    super();
  }

  apply(instance: string, patches: ContactPatch[]): Promise<void> {
    return this.queue.run(instance, async () => {
      const now = new Date().toISOString();
      for (const patch of patches) {
        const stored =
          (await this.get(instance, patch.id)) ??
          (patch.pn ? await this.get(instance, patch.pn) : undefined) ??
          (patch.lid ? await this.get(instance, patch.lid) : undefined);
        const contact = mergeContact(instance, stored, stored ? { ...patch, id: stored.id } : patch, now);
        await this.model.replaceOne({ instance, id: contact.id }, withoutUndefined(contact), {
          upsert: true,
        });
      }
    });
  }

  async get(instance: string, jid: string): Promise<StoredContact | undefined> {
    for (const field of ['id', 'pn', 'lid'] as const) {
      const found = await this.model.findOne({ instance, [field]: jid }, { _id: 0 }).lean<StoredContact>();
      if (found) return found;
    }
    return undefined;
  }

  async list(instance: string, query: ContactListQuery): Promise<StoredContact[]> {
    return this.model
      .find({ instance, ...(query.after !== undefined ? { id: { $gt: query.after } } : {}) }, { _id: 0 })
      .sort({ id: 1 })
      .limit(clampChatLimit(query.limit))
      .lean<StoredContact[]>();
  }

  clear(instance: string): Promise<number> {
    return this.queue.run(instance, async () => (await this.model.deleteMany({ instance })).deletedCount);
  }
}

export class MongoBlocklistRepository extends BlocklistRepository {
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly model: Model<BlockedDoc>) {
    super();
  }

  replace(instance: string, jids: string[]): Promise<void> {
    return this.queue.run(instance, async () => {
      await this.model.deleteMany({ instance, jid: { $nin: jids } });
      await this.insert(instance, jids);
    });
  }

  add(instance: string, jids: string[]): Promise<void> {
    return this.queue.run(instance, () => this.insert(instance, jids));
  }

  private async insert(instance: string, jids: string[]): Promise<void> {
    for (const jid of new Set(jids))
      await this.model.updateOne({ instance, jid }, { $set: { instance, jid } }, { upsert: true });
  }

  remove(instance: string, jids: string[]): Promise<void> {
    return this.queue.run(instance, async () => {
      await this.model.deleteMany({ instance, jid: { $in: jids } });
    });
  }

  async list(instance: string): Promise<string[]> {
    const found = await this.model
      .find({ instance }, { _id: 0, jid: 1 })
      .sort({ jid: 1 })
      .lean<BlockedDoc[]>();
    return found.map((d) => d.jid);
  }

  clear(instance: string): Promise<number> {
    return this.queue.run(instance, async () => (await this.model.deleteMany({ instance })).deletedCount);
  }
}
