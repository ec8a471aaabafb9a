import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, open, readFile, rename, rm, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AUTH_SCHEMA_VERSION, AuthStateRepository, type AuthEntry } from '../ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import { ensurePrivateDir, narrowFilesIn, openCollection, PRIVATE_FILE_MODE } from './embedded-store.js';

/** One line of an instance's auth log: the key's value, or null once it is deleted. */
interface AuthLine {
  /** key type (creds, pre-key, session, ...) */
  t: string;
  /** key id */
  i: string;
  v: string | null;
  /** schema version of the value (AUTH_SCHEMA_VERSION) */
  s: number;
}

/** The file's first line: whose keys these are, and the file layout. */
interface AuthLogHeader {
  instance: string;
  layout: 1;
}

interface LoadedInstance {
  /** `type \0 id` -> where its current line is in the file (see `position`) */
  index: Map<string, number>;
  /** bytes in the file */
  size: number;
  /** lines in the file after the header (compaction is due when far more than index.size) */
  lines: number;
}

const mapKey = (type: string, id: string) => `${type}\u0000${id}`;
const line = (type: string, id: string, value: string | null): string =>
  `${JSON.stringify({ t: type, i: id, v: value, s: AUTH_SCHEMA_VERSION } satisfies AuthLine)}\n`;

// A line's place in its file as one number: offset * 2^24 + length (exact up to 2^53, so offsets
// up to 512 MB; a log is compacted long before, and one line is refused past 16 MB).
const LENGTH_BITS = 2 ** 24;
const position = (offset: number, length: number): number => {
  if (length >= LENGTH_BITS) throw new Error(`an auth key of ${length} bytes is over the 16 MB limit`);
  return offset * LENGTH_BITS + length;
};
const offsetOf = (pos: number) => Math.floor(pos / LENGTH_BITS);
const lengthOf = (pos: number) => pos % LENGTH_BITS;

/** An instance's log stays open for appends until it has seen none for this long. */
const APPEND_IDLE_MS = 30_000;

interface Appender {
  handle: FileHandle;
  usedAt: number;
}

/**
 * Auth state in `<dir>/auth/<sha256(instance)>.jsonl`: per instance, an append-only log of one
 * JSON line per key change (one key = one line, so a torn write at a crash leaves each key either
 * old or new, and a torn last line is dropped on load). When an instance is first used its log is
 * scanned into an index of where each key's current line is; values stay on disk and are read
 * when asked for (the WhatsApp port keeps what it uses often in memory; the hundreds of one-time
 * pre-keys are read at most once each). A write is one append of all its lines; the log is
 * rewritten (temp file, fsync, rename) once it holds far more lines than live keys. Reads and
 * writes of an instance run one after another, so a read never meets a log being rewritten.
 *
 * Not nedb, which the other embedded collections use: nedb keeps every document in memory with an
 * index node each, and an instance has ~830 keys (812 pre-keys); with 100 idle instances that cost
 * 1.62x bare Baileys' memory per session (`bench/gateway-memory`). Keys written by earlier
 * versions to `<dir>/auth.db` (nedb) are moved here once, on open.
 *
 * The folder is 0700 and every log 0600 (created so, narrowed on open if an earlier version left
 * them wider): they hold the account's private keys.
 */
export class EmbeddedAuthStateRepository extends AuthStateRepository {
  private readonly queue = new KeyedSerialQueue();
  private readonly loaded = new Map<string, Promise<LoadedInstance>>();
  private readonly files = new Map<string, string>();
  /**
   * Logs open for appending, by instance: a session writes its keys on every message, and
   * opening and closing the file each time tripled the system calls of a write. A log idle for
   * APPEND_IDLE_MS is closed (at most one descriptor per busy instance); a log is closed before
   * it is replaced (compaction) or removed (clear), always within the instance's queue.
   */
  private readonly appenders = new Map<string, Appender>();
  private sweeper?: NodeJS.Timeout;

  private constructor(private readonly dir: string) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedAuthStateRepository> {
    const authDir = join(dir, 'auth');
    await ensurePrivateDir(authDir);
    await narrowFilesIn(authDir);
    const repo = new EmbeddedAuthStateRepository(authDir);
    await repo.migrateFromNedb(dir);
    return repo;
  }

  read(instance: string, type: string, ids: string[]): Promise<Record<string, string>> {
    return this.queue.run(instance, async () => {
      const { index } = await this.load(instance);
      const found: [string, number][] = [];
      for (const id of ids) {
        const pos = index.get(mapKey(type, id));
        if (pos !== undefined) found.push([id, pos]);
      }
      const out: Record<string, string> = {};
      if (!found.length) return out;
      const handle = await open(this.file(instance), 'r');
      try {
        for (const [id, pos] of found) {
          const buf = Buffer.allocUnsafe(lengthOf(pos));
          await handle.read(buf, 0, buf.length, offsetOf(pos));
          out[id] = (JSON.parse(buf.toString('utf8')) as AuthLine).v!;
        }
      } finally {
        await handle.close();
      }
      return out;
    });
  }

  /** One append per write (all its lines); the index follows once the append succeeded. */
  write(instance: string, entries: AuthEntry[]): Promise<void> {
    return this.queue.run(instance, async () => {
      const state = await this.load(instance);
      const last = new Map<string, AuthEntry>();
      for (const e of entries) last.set(mapKey(e.type, e.id), e);
      // an empty log (new, cleared, or cut short before its first line ended) starts with its header
      const head = state.size > 0 ? '' : header(instance);
      let text = head;
      let offset = state.size + Buffer.byteLength(head);
      const placed: [string, number | null][] = [];
      for (const [k, e] of last) {
        if (e.value === null && !state.index.has(k)) continue; // deleting what is not there
        const l = line(e.type, e.id, e.value);
        const length = Buffer.byteLength(l);
        placed.push([k, e.value === null ? null : position(offset, length)]);
        text += l;
        offset += length;
      }
      if (!placed.length) return;
      try {
        const appender = await this.appender(instance);
        await appender.handle.appendFile(text);
        appender.usedAt = Date.now();
      } catch (err) {
        // part of it may be on disk: scan the log again before the next write (which drops a
        // partial last line), rather than append after it
        this.loaded.delete(instance);
        await this.closeAppender(instance);
        throw err;
      }
      state.size = offset;
      state.lines += placed.length;
      for (const [k, pos] of placed) {
        if (pos === null) state.index.delete(k);
        else state.index.set(k, pos);
      }
      if (state.lines > Math.max(1_000, 2 * state.index.size)) await this.compact(instance, state);
    });
  }

  clear(instance: string): Promise<void> {
    return this.queue.run(instance, async () => {
      await this.closeAppender(instance);
      await rm(this.file(instance), { force: true });
      this.loaded.set(instance, Promise.resolve(empty()));
    });
  }

  async count(instance: string): Promise<number> {
    return (await this.load(instance)).index.size;
  }

  /** Every live key's line, read in one pass of the log (in the instance's queue: one moment). */
  entries(instance: string): Promise<AuthEntry[]> {
    return this.queue.run(instance, async () => {
      const { index } = await this.load(instance);
      if (!index.size) return [];
      const buf = await readFile(this.file(instance));
      const out: AuthEntry[] = [];
      for (const pos of index.values()) {
        const entry = JSON.parse(
          buf.toString('utf8', offsetOf(pos), offsetOf(pos) + lengthOf(pos)),
        ) as AuthLine;
        out.push({ type: entry.t, id: entry.i, value: entry.v });
      }
      return out;
    });
  }

  /** Closes the logs left open for appending (a closed repository opens them again if used). */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    await Promise.all([...this.appenders.keys()].map((i) => this.queue.run(i, () => this.closeAppender(i))));
  }

  private file(instance: string): string {
    let file = this.files.get(instance);
    if (!file) {
      file = join(this.dir, `${createHash('sha256').update(instance).digest('hex').slice(0, 40)}.jsonl`);
      this.files.set(instance, file);
    }
    return file;
  }

  /** The instance's log opened for appending (created 0600 if missing); call within its queue. */
  private async appender(instance: string): Promise<Appender> {
    let appender = this.appenders.get(instance);
    if (!appender) {
      appender = { handle: await open(this.file(instance), 'a', PRIVATE_FILE_MODE), usedAt: Date.now() };
      this.appenders.set(instance, appender);
      this.sweeper ??= setInterval(() => this.closeIdle(), APPEND_IDLE_MS).unref();
    }
    return appender;
  }

  /** Call within the instance's queue. */
  private async closeAppender(instance: string): Promise<void> {
    const appender = this.appenders.get(instance);
    if (!appender) return;
    this.appenders.delete(instance);
    await appender.handle.close().catch(() => undefined);
  }

  private closeIdle(): void {
    const before = Date.now() - APPEND_IDLE_MS;
    for (const [instance, appender] of this.appenders)
      if (appender.usedAt < before)
        void this.queue.run(instance, async () => {
          if (this.appenders.get(instance) === appender && appender.usedAt < before)
            await this.closeAppender(instance);
        });
    if (!this.appenders.size) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private load(instance: string): Promise<LoadedInstance> {
    let state = this.loaded.get(instance);
    if (!state) {
      state = this.scan(instance);
      this.loaded.set(instance, state);
      state.catch(() => this.loaded.delete(instance)); // a failed load is tried again next time
    }
    return state;
  }

  private async scan(instance: string): Promise<LoadedInstance> {
    const file = this.file(instance);
    const buf = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    const state = empty();
    if (!buf?.length) return state;
    const end = buf.lastIndexOf(0x0a) + 1;
    if (end < buf.length) {
      // the last append was cut short (a crash mid-write): drop the partial line so the next
      // append starts on a line of its own
      await truncate(file, end);
    }
    if (end === 0) return state;
    const headEnd = buf.indexOf(0x0a) + 1;
    let head: Partial<AuthLogHeader> | undefined;
    try {
      head = JSON.parse(buf.toString('utf8', 0, headEnd)) as Partial<AuthLogHeader>;
    } catch {
      throw new Error(`${file} line 1 is not valid JSON: the auth log is damaged`);
    }
    if (head?.instance !== instance) {
      throw new Error(`${file} holds the auth keys of ${String(head?.instance)}, not ${instance}`);
    }
    for (let start = headEnd, n = 2; start < end; n++) {
      const next = buf.indexOf(0x0a, start) + 1;
      let entry: AuthLine;
      try {
        entry = JSON.parse(buf.toString('utf8', start, next)) as AuthLine;
      } catch {
        throw new Error(`${file} line ${n} is not valid JSON: the auth log is damaged`);
      }
      if (entry.s > AUTH_SCHEMA_VERSION) {
        throw new Error(
          `${file} line ${n} has auth schema ${entry.s}; this version reads ${AUTH_SCHEMA_VERSION}`,
        );
      }
      if (entry.v === null) state.index.delete(mapKey(entry.t, entry.i));
      else state.index.set(mapKey(entry.t, entry.i), position(start, next - start));
      state.lines++;
      start = next;
    }
    state.size = end;
    return state;
  }

  /** Rewrites the log with the live keys' lines only: a temp file, fsynced, renamed over the log. */
  private async compact(instance: string, state: LoadedInstance): Promise<void> {
    const file = this.file(instance);
    const old = await readFile(file);
    const parts = [Buffer.from(header(instance))];
    let offset = parts[0]!.length;
    const index = new Map<string, number>();
    for (const [k, pos] of state.index) {
      const length = lengthOf(pos);
      parts.push(old.subarray(offsetOf(pos), offsetOf(pos) + length));
      index.set(k, position(offset, length));
      offset += length;
    }
    const temp = `${file}.compact`;
    // appends after the rename go to the new file
    await this.closeAppender(instance);
    const handle = await open(temp, 'w', PRIVATE_FILE_MODE);
    try {
      await handle.writev(parts);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    Object.assign(state, { index, size: offset, lines: index.size });
  }

  /** Moves keys an earlier version kept in `<dir>/auth.db` (nedb) into the logs, once. */
  private async migrateFromNedb(dir: string): Promise<void> {
    const old = join(dir, 'auth.db');
    if (!existsSync(old)) return;
    interface OldDoc {
      instance: string;
      type: string;
      id: string;
      value: string;
    }
    const collection = await openCollection<OldDoc>(dir, 'auth');
    collection.stopAutocompaction();
    const byInstance = new Map<string, OldDoc[]>();
    for (const d of await collection.findAsync({})) {
      const list = byInstance.get(d.instance);
      if (list) list.push(d);
      else byInstance.set(d.instance, [d]);
    }
    for (const [instance, list] of byInstance) {
      const file = this.file(instance);
      if (existsSync(file)) continue; // moved by an earlier, interrupted migration
      const temp = `${file}.migrate`;
      await appendFile(temp, header(instance) + list.map((d) => line(d.type, d.id, d.value)).join(''), {
        flag: 'w',
        mode: PRIVATE_FILE_MODE,
      });
      await rename(temp, file);
    }
    await rename(old, join(dir, `auth.db.migrated-${Date.now()}`));
  }
}

function empty(): LoadedInstance {
  return { index: new Map(), size: 0, lines: 0 };
}

function header(instance: string): string {
  return `${JSON.stringify({ instance, layout: 1 } satisfies AuthLogHeader)}\n`;
}
