import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import type { AuthEntry, AuthStateRepository } from '@zapgate/storage';

export interface StoredAuthState {
  state: AuthenticationState;
  /** Writes the current creds (Baileys' `creds.update`); resolves once they are stored. */
  saveCreds(): Promise<void>;
  /**
   * Resolves once every key and creds change made so far is in storage; rejects if writing them
   * failed (they stay queued and are tried again).
   */
  flushed(): Promise<void>;
  /** Forgets everything (after a logout); later writes through this state are ignored. */
  clear(): Promise<void>;
  /** Storage holds creds of this instance: found when loaded, or stored since (until `clear`). */
  hasStoredCreds(): boolean;
}

export interface StoredAuthStateOptions {
  /**
   * Wait before writing again after a failed write (default 250 ms); doubles with each failure in
   * a row, up to `maxRetryDelayMs`, and starts over once a write succeeds.
   */
  retryDelayMs?: number;
  /** The longest wait between two tries of a failing write (default 5 s). */
  maxRetryDelayMs?: number;
  /** A write failed (`failures`: in a row, this one included); it is tried again after a backoff. */
  onWriteError?: (err: unknown, failures: number) => void;
}

/**
 * JSON with Buffers as base64 (Baileys' `BufferJSON`). A Buffer value is encoded directly, to the
 * same text: through `JSON.stringify` it would first become an array of one number per byte
 * (`Buffer#toJSON`), some 100 times slower. A sender-key record is such a Buffer, written on every
 * group send and growing with the group's traffic (Baileys keeps the message keys its own chain
 * skips, up to 2,000: hundreds of KB).
 */
export const serialise = (value: unknown): string =>
  value instanceof Uint8Array
    ? JSON.stringify({
        type: 'Buffer',
        data: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
      })
    : JSON.stringify(value, BufferJSON.replacer);
const revive = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;
const slot = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * Baileys auth state over the storage port: creds and each Signal key are one document each.
 *
 * Baileys commits every send's key changes (the session ratchet) inside a per-account lock, so a
 * storage round trip in `keys.set` caps one account at one message per write latency (measured:
 * 88 msg/s on the embedded store). Here `keys.set` updates memory and queues the write: queued
 * writes of one instance are coalesced (latest value per key), handed to storage on the next turn
 * of the event loop and written in order, and retried when storage fails. `flushed()` tells when
 * everything queued is stored; closing a session waits for it, so a graceful stop loses nothing.
 * A failed write (the database restarting, a connection dropped mid-write) keeps its entries
 * queued and is tried again with exponential backoff (bounded by `maxRetryDelayMs`) until it
 * succeeds: every write is an idempotent upsert or delete of whole entries, so a write that was
 * partly applied before its connection dropped is simply written again, and the latest value of
 * each key wins. Entries are never given up on (that would lose keys the session already uses).
 * A crash can lose the key changes of the last write in flight: the next message to that contact
 * then fails to decrypt once and Baileys' retry receipts re-establish the session (see
 * docs/architecture.md). Reads are served from memory once loaded, absent keys included: a shard
 * holds the instance's lease, so it is the only writer of its keys.
 */
export async function loadStoredAuthState(
  instance: string,
  repo: AuthStateRepository,
  options: StoredAuthStateOptions = {},
): Promise<StoredAuthState> {
  const stored = (await repo.read(instance, 'creds', ['creds']))['creds'];
  const creds: AuthenticationCreds = stored ? revive(stored) : initAuthCreds();
  const store = new WriteBehindKeys(instance, repo, options);
  const state: AuthenticationState = {
    creds,
    keys: {
      get: <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => store.get(type, ids),
      set: async (data: SignalDataSet) => store.set(data),
      clear: () => store.clear(),
    },
  };
  let credsStored = stored !== undefined;
  return {
    state,
    saveCreds: () =>
      store.enqueue([{ type: 'creds', id: 'creds', value: serialise(state.creds) }]).then(() => {
        if (!store.isCleared) credsStored = true;
      }),
    flushed: () => store.flushed(),
    clear: () => store.clear(),
    // a clear (a logout, or Baileys clearing the keys) deletes the creds too, for good
    hasStoredCreds: () => credsStored && !store.isCleared,
  };
}

/**
 * Key types not kept in memory: an account uploads hundreds of one-time pre-keys (812 in Baileys
 * 7) and each is read at most once, when a contact starts a session.
 */
const UNCACHED_TYPES = new Set<string>(['pre-key']);

class WriteBehindKeys {
  /** Every key read or written, by `type\0id` (but the UNCACHED_TYPES); null when storage has none. */
  private readonly known = new Map<string, unknown>();
  /** Writes not yet handed to storage, latest value per key. */
  private readonly pending = new Map<string, AuthEntry>();
  /** The write storage is busy with (read by getUncached until it is stored). */
  private writing = new Map<string, AuthEntry>();
  /** The write that will take the pending entries, once scheduled. */
  private next?: Promise<void>;
  /** The last write handed to storage (writes are chained: storage sees them in order). */
  private tail: Promise<void> = Promise.resolve();
  private retry?: NodeJS.Timeout;
  /** Writes failed in a row (0 once one succeeds): the backoff's exponent. */
  private failures = 0;
  /** After a failure, no write before this time (changes made meanwhile join the retry). */
  private retryAt = 0;
  // a socket may still flush creds or keys after a logout; none of it may resurrect the state
  private cleared = false;

  get isCleared(): boolean {
    return this.cleared;
  }

  constructor(
    private readonly instance: string,
    private readonly repo: AuthStateRepository,
    private readonly options: StoredAuthStateOptions,
  ) {}

  async get<T extends keyof SignalDataTypeMap>(
    type: T,
    ids: string[],
  ): Promise<{ [id: string]: SignalDataTypeMap[T] }> {
    if (UNCACHED_TYPES.has(type)) return this.getUncached(type, ids);
    const missing = ids.filter((id) => !this.known.has(slot(type, id)));
    if (missing.length) {
      const found = await this.repo.read(this.instance, type, missing);
      for (const id of missing) {
        // a set made while reading is newer than what was read
        if (this.known.has(slot(type, id))) continue;
        const text = found[id];
        this.known.set(slot(type, id), text === undefined ? null : reviveKey(type, text));
      }
    }
    const out: { [id: string]: SignalDataTypeMap[T] } = {};
    for (const id of ids) {
      const value = this.known.get(slot(type, id));
      if (value !== null && value !== undefined) out[id] = value as SignalDataTypeMap[T];
    }
    return out;
  }

  /** Queued values first (they are newer), then storage. */
  private async getUncached<T extends keyof SignalDataTypeMap>(
    type: T,
    ids: string[],
  ): Promise<{ [id: string]: SignalDataTypeMap[T] }> {
    const out: { [id: string]: SignalDataTypeMap[T] } = {};
    const rest: string[] = [];
    for (const id of ids) {
      const queued = this.pending.get(slot(type, id)) ?? this.writing.get(slot(type, id));
      if (!queued) rest.push(id);
      else if (queued.value !== null) out[id] = reviveKey(type, queued.value);
    }
    if (rest.length) {
      const found = await this.repo.read(this.instance, type, rest);
      for (const [id, text] of Object.entries(found)) out[id] = reviveKey(type, text);
    }
    return out;
  }

  set(data: SignalDataSet): void {
    if (this.cleared) return;
    const entries: AuthEntry[] = [];
    for (const [type, values] of Object.entries(data)) {
      for (const [id, value] of Object.entries(values ?? {})) {
        if (!UNCACHED_TYPES.has(type)) this.known.set(slot(type, id), value ?? null);
        entries.push({ type, id, value: value ? serialise(value) : null });
      }
    }
    if (entries.length) void this.enqueue(entries).catch(() => undefined); // flushed() reports it
  }

  enqueue(entries: AuthEntry[]): Promise<void> {
    if (this.cleared) return Promise.resolve();
    for (const e of entries) this.pending.set(slot(e.type, e.id), e);
    return this.schedule();
  }

  /** The write that covers everything queued so far (or the last one when nothing is queued). */
  flushed(): Promise<void> {
    return this.pending.size ? this.schedule() : this.tail;
  }

  async clear(): Promise<void> {
    this.cleared = true;
    this.pending.clear();
    this.known.clear();
    clearTimeout(this.retry);
    await this.tail.catch(() => undefined);
    await this.repo.clear(this.instance);
  }

  /** The wait before the next try of a failing write: doubling from retryDelayMs, capped. */
  private backoffMs(): number {
    const base = this.options.retryDelayMs ?? 250;
    return Math.min(this.options.maxRetryDelayMs ?? 5_000, base * 2 ** Math.min(this.failures - 1, 20));
  }

  private schedule(): Promise<void> {
    if (this.next) return this.next;
    const write = this.tail
      .catch(() => undefined)
      .then(() => {
        const wait = this.retryAt - Date.now();
        return new Promise<void>((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
      })
      .then(async () => {
        this.next = undefined;
        const entries = [...this.pending.values()];
        this.writing = new Map(this.pending);
        this.pending.clear();
        if (!entries.length || this.cleared) return;
        try {
          await this.repo.write(this.instance, entries);
          this.writing = new Map();
          this.failures = 0;
        } catch (err) {
          this.writing = new Map();
          // keep them (unless a newer value came meanwhile) and try again later
          for (const e of entries) {
            const key = slot(e.type, e.id);
            if (!this.pending.has(key)) this.pending.set(key, e);
          }
          this.failures++;
          this.options.onWriteError?.(err, this.failures);
          clearTimeout(this.retry);
          const backoff = this.backoffMs();
          this.retryAt = Date.now() + backoff;
          this.retry = setTimeout(() => void this.schedule().catch(() => undefined), backoff);
          throw err;
        }
      });
    this.next = write;
    this.tail = write;
    return write;
  }
}

function reviveKey<T extends keyof SignalDataTypeMap>(type: T, text: string): SignalDataTypeMap[T] {
  const value = revive<SignalDataTypeMap[T]>(text);
  return (
    type === 'app-state-sync-key' ? proto.Message.AppStateSyncKeyData.fromObject(value as object) : value
  ) as SignalDataTypeMap[T];
}
