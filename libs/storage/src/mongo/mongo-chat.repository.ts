import type { Model, SortOrder } from 'mongoose';
import {
  BlocklistRepository,
  chatActivity,
  clampChatLimit,
  ChatRepository,
  ContactRepository,
  mergeChat,
  mergeContact,
  type ChatCursor,
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

/** The record without fields MongoDB would store as null. */
function withoutUndefined<T extends object>(v: T): T {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as T;
}

/**
 * Chats in MongoDB, one document each. A patch reads the chat, merges it (`mergeChat`, as the
 * embedded store does) and replaces it; the owning shard is the only writer of an instance and
 * its writes go one at a time in call order, so no transaction is needed (FerretDB 1.24 runs it).
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
      // messages to one chat is one read and one write, not two per message)
      const merged = new Map<string, StoredChat>();
      for (const patch of patches) {
        const stored = merged.has(patch.id) ? merged.get(patch.id) : await this.get(instance, patch.id);
        merged.set(patch.id, mergeChat(instance, stored, patch, now));
      }
      for (const chat of merged.values()) {
        const doc: ChatDoc = {
          ...chat,
          activity: chatActivity(chat),
          isGroup: chat.id.endsWith('@g.us'),
        };
        // the driver's replaceOne: mongoose would make a Document of the replacement to cast it
        await this.model.collection.replaceOne({ instance, id: chat.id }, withoutUndefined(doc), {
          upsert: true,
        });
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
