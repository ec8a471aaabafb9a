import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, open, readFile, rename, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { AUTH_SCHEMA_VERSION, AuthStateRepository, type AuthEntry } from '../ports.js';
import { KeyedSerialQueue } from '../serial-queue.js';
import { openCollection } from './embedded-store.js';

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
  /** `type \0 id` -> serialised value */
  keys: Map<string, string>;
  /** lines in the file after the header (compaction is due when far more than keys.size) */
  lines: number;
  /** whether the file starts with its header line (it does not exist yet, or was cut short) */
  headed: boolean;
}

const mapKey = (type: string, id: string) => `${type}\u0000${id}`;
const line = (type: string, id: string, value: string | null): string =>
  `${JSON.stringify({ t: type, i: id, v: value, s: AUTH_SCHEMA_VERSION } satisfies AuthLine)}\n`;

/**
 * Auth state in `<dir>/auth/<sha256(instance)>.jsonl`: per instance, an append-only log of one
 * JSON line per key change (one key = one line, so a torn write at a crash leaves each key either
 * old or new, and a torn last line is dropped on load), replayed into a Map when the instance is
 * first used. A write is one append of all its lines; the log is rewritten (temp file, fsync,
 * rename) once it holds far more lines than live keys.
 *
 * Not nedb, which the other embedded collections use: nedb keeps every document in memory with an
 * index node each, and an instance has ~830 keys (812 pre-keys), so 100 instances cost ~0.2 MB per
 * instance more than this (measured with `bench/gateway-memory`). Keys written by earlier versions
 * to `<dir>/auth.db` (nedb) are moved here once, on open.
 */
export class EmbeddedAuthStateRepository extends AuthStateRepository {
  private readonly queue = new KeyedSerialQueue();
  private readonly loaded = new Map<string, Promise<LoadedInstance>>();

  private constructor(private readonly dir: string) {
    super();
  }

  static async open(dir: string): Promise<EmbeddedAuthStateRepository> {
    const authDir = join(dir, 'auth');
    await mkdir(authDir, { recursive: true });
    const repo = new EmbeddedAuthStateRepository(authDir);
    await repo.migrateFromNedb(dir);
    return repo;
  }

  async read(instance: string, type: string, ids: string[]): Promise<Record<string, string>> {
    const { keys } = await this.load(instance);
    const out: Record<string, string> = {};
    for (const id of ids) {
      const value = keys.get(mapKey(type, id));
      if (value !== undefined) out[id] = value;
    }
    return out;
  }

  /** One append per write (all its lines); memory follows once the append succeeded. */
  write(instance: string, entries: AuthEntry[]): Promise<void> {
    return this.queue.run(instance, async () => {
      const state = await this.load(instance);
      const last = new Map<string, AuthEntry>();
      for (const e of entries) last.set(mapKey(e.type, e.id), e);
      let text = '';
      let lines = 0;
      for (const [k, e] of last) {
        if (e.value === null && !state.keys.has(k)) continue; // deleting what is not there
        text += line(e.type, e.id, e.value);
        lines++;
      }
      if (!lines) return;
      try {
        await appendFile(this.file(instance), state.headed ? text : header(instance) + text);
      } catch (err) {
        // part of it may be on disk: read the log again before the next write (which drops a
        // partial last line), rather than append after it
        this.loaded.delete(instance);
        throw err;
      }
      state.headed = true;
      state.lines += lines;
      for (const [k, e] of last) {
        if (e.value === null) state.keys.delete(k);
        else state.keys.set(k, e.value);
      }
      if (state.lines > Math.max(1_000, 2 * state.keys.size)) await this.compact(instance, state);
    });
  }

  clear(instance: string): Promise<void> {
    return this.queue.run(instance, async () => {
      await rm(this.file(instance), { force: true });
      this.loaded.set(instance, Promise.resolve({ keys: new Map(), lines: 0, headed: false }));
    });
  }

  async count(instance: string): Promise<number> {
    return (await this.load(instance)).keys.size;
  }

  private file(instance: string): string {
    return join(this.dir, `${createHash('sha256').update(instance).digest('hex').slice(0, 40)}.jsonl`);
  }

  private load(instance: string): Promise<LoadedInstance> {
    let state = this.loaded.get(instance);
    if (!state) {
      state = this.replay(instance);
      this.loaded.set(instance, state);
      state.catch(() => this.loaded.delete(instance)); // a failed load is tried again next time
    }
    return state;
  }

  private async replay(instance: string): Promise<LoadedInstance> {
    const file = this.file(instance);
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const keys = new Map<string, string>();
    if (!text) return { keys, lines: 0, headed: false };
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      // the last append was cut short (a crash mid-write): drop the partial line so the next
      // append starts on a line of its own
      await truncate(file, Buffer.byteLength(text.slice(0, end)));
    }
    const rows = text.slice(0, end).split('\n');
    rows.pop(); // after the last newline
    const head = rows.length ? (JSON.parse(rows[0]!) as Partial<AuthLogHeader>) : undefined;
    if (rows.length && head?.instance !== instance) {
      throw new Error(`${file} holds the auth keys of ${String(head?.instance)}, not ${instance}`);
    }
    for (let n = 1; n < rows.length; n++) {
      let entry: AuthLine;
      try {
        entry = JSON.parse(rows[n]!) as AuthLine;
      } catch {
        throw new Error(`${file} line ${n + 1} is not valid JSON: the auth log is damaged`);
      }
      if (entry.s > AUTH_SCHEMA_VERSION) {
        throw new Error(
          `${file} line ${n + 1} has auth schema ${entry.s}; this version reads ${AUTH_SCHEMA_VERSION}`,
        );
      }
      if (entry.v === null) keys.delete(mapKey(entry.t, entry.i));
      else keys.set(mapKey(entry.t, entry.i), entry.v);
    }
    return { keys, lines: Math.max(0, rows.length - 1), headed: rows.length > 0 };
  }

  /** Rewrites the log with the live keys only: a temp file, fsynced, renamed over the log. */
  private async compact(instance: string, state: LoadedInstance): Promise<void> {
    const file = this.file(instance);
    const temp = `${file}.compact`;
    let text = header(instance);
    for (const [k, value] of state.keys) {
      const cut = k.indexOf('\u0000');
      text += line(k.slice(0, cut), k.slice(cut + 1), value);
    }
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    state.lines = state.keys.size;
    state.headed = true;
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
      });
      await rename(temp, file);
    }
    await rename(old, join(dir, `auth.db.migrated-${Date.now()}`));
  }
}

function header(instance: string): string {
  return `${JSON.stringify({ instance, layout: 1 } satisfies AuthLogHeader)}\n`;
}
