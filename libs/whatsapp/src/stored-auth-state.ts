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
}

export interface StoredAuthStateOptions {
  /** Wait before writing again after a failed write (default 1 s). */
  retryDelayMs?: number;
  onWriteError?: (err: unknown) => void;
}

const serialise = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
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
  return {
    state,
    saveCreds: () => store.enqueue([{ type: 'creds', id: 'creds', value: serialise(state.creds) }]),
    flushed: () => store.flushed(),
    clear: () => store.clear(),
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
  // a socket may still flush creds or keys after a logout; none of it may resurrect the state
  private cleared = false;

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

  private schedule(): Promise<void> {
    if (this.next) return this.next;
    const write = this.tail
      .catch(() => undefined)
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(async () => {
        this.next = undefined;
        const entries = [...this.pending.values()];
        this.writing = new Map(this.pending);
        this.pending.clear();
        if (!entries.length || this.cleared) return;
        try {
          await this.repo.write(this.instance, entries);
          this.writing = new Map();
        } catch (err) {
          this.writing = new Map();
          // keep them (unless a newer value came meanwhile) and try again later
          for (const e of entries) {
            const key = slot(e.type, e.id);
            if (!this.pending.has(key)) this.pending.set(key, e);
          }
          this.options.onWriteError?.(err);
          clearTimeout(this.retry);
          this.retry = setTimeout(
            () => void this.schedule().catch(() => undefined),
            this.options.retryDelayMs ?? 1000,
          );
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
