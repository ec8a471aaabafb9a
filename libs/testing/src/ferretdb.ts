import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

export interface RunningFerretDb {
  /** `mongodb://127.0.0.1:<port>/` */
  uri: string;
  stop(): Promise<void>;
}

const ENSURE = resolve(import.meta.dirname, '../../../tools/ferretdb/ensure.sh');

/**
 * Starts FerretDB 1.x (MongoDB wire protocol over SQLite) on a free loopback port with a
 * throwaway data directory. Builds it first if needed; fails loudly if it cannot start.
 */
export async function startFerretDb(): Promise<RunningFerretDb> {
  const { stdout } = await promisify(execFile)('bash', [ENSURE], { timeout: 600_000 });
  const binary = stdout.trim();
  const dir = await mkdtemp(join(tmpdir(), 'zg-ferretdb-'));
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
    uri,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
