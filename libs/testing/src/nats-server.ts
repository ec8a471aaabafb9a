import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RunningNatsServer {
  /** `nats://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
  /** Stops the server and keeps its store (JetStream streams, consumers, KV): an outage. */
  down(): Promise<void>;
  /** Starts it again on the same port with the same store, after `down`. */
  up(): Promise<void>;
}

const BINARY = process.env['NATS_SERVER_BIN'] ?? 'nats-server';

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise<ChildProcess>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error('nats-server did not start within 15 s')), 15_000);
    child.once('error', (err) =>
      reject(new Error(`cannot run ${BINARY} (install the nats-server package): ${err.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`nats-server exited with ${code}`)));
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Server is ready')) {
        clearTimeout(timer);
        seen = '';
        resolveReady(child);
      }
    });
  });
}

async function end(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Starts a private NATS server with JetStream on a free loopback port and a throwaway store, so a
 * suite that creates `ZG_EVENTS` and `zg_leases` cannot collide with another run on the shared
 * server at `NATS_URL`. Fails loudly if `nats-server` (Debian package `nats-server`) is missing.
 * `down` and `up` restart it in place, for outage tests.
 */
export async function startNatsServer(): Promise<RunningNatsServer> {
  const dir = await mkdtemp(join(tmpdir(), 'zg-nats-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, dir);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      await end(child);
      child = undefined;
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
    down: async () => {
      await end(child);
      child = undefined;
    },
    up: async () => {
      if (child) return;
      // the port was ours a moment ago; another process taking it meanwhile fails loudly here
      child = await launch(port, dir);
    },
  };
}
