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
}

/** tools/ferretdb/ensure.sh of this checkout, from the sources or from their build under dist/. */
function ensureScript(): string {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'tools/ferretdb/ensure.sh');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('tools/ferretdb/ensure.sh not found above ' + import.meta.dirname);
}

/**
 * Starts FerretDB 1.x (MongoDB wire protocol over SQLite) on a free loopback port with a
 * throwaway data directory (or `dir`, kept). Builds it first if needed; fails loudly if it cannot start.
 */
export async function startFerretDb(options: { dir?: string } = {}): Promise<RunningFerretDb> {
  const { stdout } = await promisify(execFile)('bash', [ensureScript()], { timeout: 600_000 });
  const binary = stdout.trim();
  // a given directory outlives the server (a test restarts it on the same data), a temporary one not
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'zg-ferretdb-')));
  const port = await freePort();
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, '-dir', dir], {
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
    uri: withPoolLimit(uri),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dir) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
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
