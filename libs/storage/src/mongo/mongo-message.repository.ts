import type { Model, SortOrder } from 'mongoose';
import {
  clampMessageLimit,
  MessageRepository,
  statusesBefore,
  type MessageCursor,
  type MessageListQuery,
  type MessageStatus,
  type NewStoredMessage,
  type StoredMessage,
} from '../messages.ports.js';
import type { MessageDoc } from './message.schema.js';

const DUPLICATE_KEY = 11000;
const PROJECTION = { _id: 0 } as const;

type Filter = Record<string, unknown>;

const keyOf = (m: { instance: string; id: string; chat: string }) => ({
  instance: m.instance,
  id: m.id,
  chat: m.chat,
});

/** Documents whose status `to` may replace: none yet, or one it moves forward from. */
const movableTo = (to: MessageStatus): Filter => ({
  $or: [{ status: { $exists: false } }, { status: { $in: statusesBefore(to) } }],
});

/** `(timestamp, id) <op> at`, written so the timestamp range can use an index. */
function bound(at: number | MessageCursor, op: '<' | '>'): Filter {
  const [strict, loose] = op === '<' ? (['$lt', '$lte'] as const) : (['$gt', '$gte'] as const);
  if (typeof at === 'number') return { timestamp: { [strict]: at } };
  return {
    timestamp: { [loose]: at.timestamp },
    $or: [{ timestamp: { [strict]: at.timestamp } }, { id: { [strict]: at.id } }],
  };
}

/** A status move whose caller does not ask whether it moved (`moveStatus`). */
interface StatusMove {
  chat: string;
  id: string;
  status: MessageStatus;
}

/** A write waiting for its instance's turn (see `MongoMessageRepository.enqueue`). */
type QueuedWrite =
  | { kind: 'save'; messages: NewStoredMessage[]; resolve: () => void; reject: (err: unknown) => void }
  | {
      kind: 'status' | 'alone';
      run: () => Promise<unknown>;
      resolve: (value: unknown) => void;
      reject: (err: unknown) => void;
    }
  | { kind: 'move'; move: StatusMove; resolve: () => void; reject: (err: unknown) => void };

/**
 * Messages in MongoDB, one document each. New messages go in with one insertMany; a message that is
 * already stored is replaced with single-document updates, its status only moving forward through a
 * conditional filter (no transactions, no pipeline updates: FerretDB 1.24 must run it). Writes of
 * one instance go in call order, one round of writes at a time; what queued up meanwhile goes in
 * the next round together: consecutive saves as one insertMany, consecutive `moveStatus`
 * moves as one bulkWrite (`updateStatus`, which answers whether it moved, and the rest one at a
 * time). A send waits for its save, which had waited behind every write queued before it, one
 * round trip each.
 */
export class MongoMessageRepository extends MessageRepository {
  /** Each instance's writes not yet started, in call order; present while a round runs. */
  private readonly queues = new Map<string, QueuedWrite[]>();

  constructor(private readonly model: Model<MessageDoc>) {
    super();
  }

  async save(messages: NewStoredMessage[]): Promise<void> {
    const byInstance = new Map<string, NewStoredMessage[]>();
    for (const m of messages) byInstance.set(m.instance, [...(byInstance.get(m.instance) ?? []), m]);
    await Promise.all(
      [...byInstance].map(
        ([instance, batch]) =>
          new Promise<void>((resolve, reject) =>
            this.enqueue(instance, { kind: 'save', messages: batch, resolve, reject }),
          ),
      ),
    );
  }

  private write<T>(instance: string, kind: 'status' | 'alone', run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.enqueue(instance, { kind, run, resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  private enqueue(instance: string, write: QueuedWrite): void {
    const queue = this.queues.get(instance);
    if (queue) {
      queue.push(write);
      return;
    }
    this.queues.set(instance, [write]);
    void this.drain(instance);
  }

  /** Runs an instance's queued writes, a round at a time, until none is left. */
  private async drain(instance: string): Promise<void> {
    const queue = this.queues.get(instance)!;
    while (queue.length) {
      const kind = queue[0]!.kind;
      let n = 1;
      if (kind !== 'alone') while (n < queue.length && queue[n]!.kind === kind) n++;
      const round = queue.splice(0, n);
      if (kind === 'save') await this.saveRound(round as Extract<QueuedWrite, { kind: 'save' }>[]);
      else if (kind === 'move')
        await this.moveRound(instance, round as Extract<QueuedWrite, { kind: 'move' }>[]);
      // one at a time, as before: FerretDB over PostgreSQL stopped answering altogether under
      // dozens of concurrent updates (seen once in the send benchmark)
      else
        for (const w of round as Extract<QueuedWrite, { kind: 'status' | 'alone' }>[])
          await w.run().then(w.resolve, w.reject);
    }
    this.queues.delete(instance);
  }

  /** Saves together; when that fails, each save alone (every save is idempotent), so only a failing one fails. */
  private async saveRound(round: Extract<QueuedWrite, { kind: 'save' }>[]): Promise<void> {
    try {
      await this.saveBatch(round.flatMap((w) => w.messages));
      for (const w of round) w.resolve();
      return;
    } catch (err) {
      if (round.length === 1) {
        round[0]!.reject(err);
        return;
      }
    }
    for (const w of round) await this.saveBatch(w.messages).then(w.resolve, w.reject);
  }

  /**
   * Status moves queued together, in one ordered bulkWrite (applied one after another, in call
   * order, as separate updates would be); when that fails, each alone, so only a failing one fails.
   * Every move is conditional on moving forward: one applied before a failure is harmless again.
   * The driver's bulkWrite: the filters and updates are plain strings, nothing for mongoose to cast.
   */
  private async moveRound(instance: string, round: Extract<QueuedWrite, { kind: 'move' }>[]): Promise<void> {
    const op = ({ chat, id, status }: StatusMove) => ({
      updateOne: { filter: { instance, id, chat, ...movableTo(status) }, update: { $set: { status } } },
    });
    if (round.length > 1) {
      try {
        await this.model.collection.bulkWrite(
          round.map((w) => op(w.move)),
          { ordered: true },
        );
        for (const w of round) w.resolve();
        return;
      } catch {
        // each alone below
      }
    }
    for (const w of round)
      await this.model.collection
        .bulkWrite([op(w.move)], { ordered: true })
        .then(() => w.resolve(), w.reject);
  }

  private async saveBatch(batch: NewStoredMessage[]): Promise<void> {
    // the first of each key is inserted; a later one in the same batch replaces it, in order
    const first = new Map<string, NewStoredMessage>();
    const again: NewStoredMessage[] = [];
    for (const m of batch) {
      const k = JSON.stringify([m.instance, m.id, m.chat]);
      if (first.has(k)) again.push(m);
      else first.set(k, m);
    }
    const createdAt = new Date().toISOString();
    const stored = await this.insertNew([...first.values()], createdAt);
    for (const m of [...stored, ...again]) await this.replace(m);
  }

  /** Inserts the messages; returns those already stored (not written). */
  private async insertNew(messages: NewStoredMessage[], createdAt: string): Promise<NewStoredMessage[]> {
    try {
      await this.model.insertMany(
        messages.map((m) => ({ ...withoutUndefined(m), createdAt })),
        { ordered: false, lean: true },
      );
      return [];
    } catch (err) {
      const failures = (
        err as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }
      ).writeErrors;
      const list = failures === undefined ? undefined : Array.isArray(failures) ? failures : [failures];
      if (!list?.length || list.some((f) => f.code !== DUPLICATE_KEY)) throw err;
      return list.map((f) => messages[f.index]!);
    }
  }

  /** Replaces a stored message but its createdAt, and its status only when that moves forward. */
  private async replace(m: NewStoredMessage): Promise<void> {
    const { status, ...rest } = m;
    const fields = withoutUndefined(rest);
    const cleared = (['sender', 'text'] as const).filter((f) => m[f] === undefined);
    const update = (set: object) => ({
      $set: set,
      ...(cleared.length ? { $unset: Object.fromEntries(cleared.map((f) => [f, 1])) } : {}),
    });
    if (status !== undefined) {
      const res = await this.model.updateOne(
        { ...keyOf(m), ...movableTo(status) },
        update({ ...fields, status }),
      );
      if (res.matchedCount > 0) return;
    }
    await this.model.updateOne(keyOf(m), update(fields));
  }

  async get(instance: string, id: string, chat?: string): Promise<StoredMessage | undefined> {
    const found =
      chat === undefined
        ? await this.model.findOne({ instance, id }, PROJECTION).sort({ timestamp: -1 }).lean<StoredMessage>()
        : await this.model.findOne({ instance, id, chat }, PROJECTION).lean<StoredMessage>();
    return found ?? undefined;
  }

  async list(instance: string, query: MessageListQuery): Promise<StoredMessage[]> {
    const and: Filter[] = [];
    if (query.before !== undefined) and.push(bound(query.before, '<'));
    if (query.after !== undefined) and.push(bound(query.after, '>'));
    const filter: Filter = {
      instance,
      ...(query.chat !== undefined ? { chat: query.chat } : {}),
      ...(query.fromMe !== undefined ? { fromMe: query.fromMe } : {}),
      ...(and.length ? { $and: and } : {}),
    };
    // with `after`, the messages nearest to it: oldest first, then turned around
    const dir: SortOrder = query.after !== undefined ? 1 : -1;
    const found = await this.model
      .find(filter, PROJECTION)
      .sort({ timestamp: dir, id: dir })
      .limit(clampMessageLimit(query.limit))
      .lean<StoredMessage[]>();
    return dir === 1 ? found.reverse() : found;
  }

  updateStatus(instance: string, chat: string, id: string, status: MessageStatus): Promise<boolean> {
    return this.write(instance, 'status', async () => {
      const res = await this.model.updateOne(
        { instance, id, chat, ...movableTo(status) },
        { $set: { status } },
      );
      return res.modifiedCount > 0;
    });
  }

  /** `updateStatus` without its answer: the moves queued meanwhile go in one bulkWrite (`moveRound`). */
  override moveStatus(instance: string, chat: string, id: string, status: MessageStatus): Promise<void> {
    return new Promise<void>((resolve, reject) =>
      this.enqueue(instance, { kind: 'move', move: { chat, id, status }, resolve, reject }),
    );
  }

  async deleteOlderThan(cutoffMs: number, maxBatch?: number): Promise<number> {
    const old = { timestamp: { $lt: cutoffMs } };
    if (maxBatch === undefined) return (await this.model.deleteMany(old)).deletedCount;
    const batch = await this.model
      .find(old, { _id: 1 })
      .limit(Math.max(1, Math.trunc(maxBatch)))
      .lean<{ _id: unknown }[]>();
    if (!batch.length) return 0;
    return (await this.model.deleteMany({ _id: { $in: batch.map((d) => d._id) }, ...old })).deletedCount;
  }

  clear(instance: string): Promise<number> {
    return this.write(
      instance,
      'alone',
      async () => (await this.model.deleteMany({ instance })).deletedCount,
    );
  }
}

/** The message without its absent optional fields (MongoDB would store them as null). */
function withoutUndefined<T extends object>(m: T): Partial<T> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as Partial<T>;
}
