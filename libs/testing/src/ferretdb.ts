import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

export interface RunningFerretDb {
  /** `mongodb://127.0.0.1:<port>/` */
  uri: string;
  stop(): Promise<void>;
  /** SIGKILLs the server (a crash: nothing flushed, the data left as it is); resolves once it is gone. */
  kill(): Promise<void>;
}

/** tools/ferretdb/ensure.sh of this checkout, from the sources or from their build under dist/. */
function ensureScript(): string {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'tools/ferretdb/ensure.sh');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('tools/ferretdb/ensure.sh not found above ' + import.meta.dirname);
}

export interface FerretDbOptions {
  /** SQLite files here (kept after `stop`); a throwaway directory when absent. */
  dir?: string;
  /**
   * `postgres://user@host:port/database`: FerretDB's PostgreSQL handler keeps the data in that
   * (existing) database instead of SQLite files; the caller creates and drops it. `dir` is unused.
   */
  postgresqlUrl?: string;
  /** Listens on this loopback port (a restart on the address clients already use); a free one when absent. */
  port?: number;
}

/**
 * Starts FerretDB 1.x (MongoDB wire protocol over SQLite, or over a PostgreSQL database with
 * `postgresqlUrl`) on a free loopback port with a throwaway data directory (or `dir`, kept).
 * Builds it first if needed; fails loudly if it cannot start.
 */
export async function startFerretDb(options: FerretDbOptions = {}): Promise<RunningFerretDb> {
  const { stdout } = await promisify(execFile)('bash', [ensureScript()], { timeout: 600_000 });
  const binary = stdout.trim();
  const pg = options.postgresqlUrl;
  // a given directory outlives the server (a test restarts it on the same data), a temporary one not
  const dir = pg ? undefined : (options.dir ?? (await mkdtemp(join(tmpdir(), 'zg-ferretdb-'))));
  const port = options.port ?? (await freePort());
  const store = pg ? ['-postgresql-url', pg] : ['-dir', dir!];
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, ...store], {
    env: { ...process.env, DO_NOT_TRACK: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolveUri, reject) => {
    const timer = setTimeout(() => reject(new Error('FerretDB did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`FerretDB exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('ready ')) return;
      clearTimeout(timer);
      resolveUri(line.slice('ready '.length).trim());
    });
  });
  return {
    // PostgreSQL takes concurrent writers: the pool limit is SQLite's
    uri: pg ? uri : withPoolLimit(uri),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (dir && !options.dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * FerretDB 1.24's SQLite backend holds one of its 100 connections for the query step of an
 * update and takes a second to insert an upsert: 100 concurrent upserts (one mongoose client's
 * default pool) deadlock it for good. Every client of the test server gets a small pool, so that
 * the processes of a test together stay far below that.
 */
export const FERRETDB_CLIENT_POOL = 12;

function withPoolLimit(uri: string): string {
  const url = new URL(uri);
  url.searchParams.set('maxPoolSize', String(FERRETDB_CLIENT_POOL));
  return url.toString();
}
