// What the gateway benchmarks run against: the simulator in its own process, and zapgate either as
// the standalone process or distributed (a private NATS and FerretDB, the gateway and one session
// shard as separate processes), started from dist/ and pointed at the simulator. Loopback only;
// every process started here is killed when the benchmark process exits, however it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFerretDb, startNatsServer } from '@zapgate/testing';

export type Mode = 'standalone' | 'distributed';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

// A keep-alive agent: the load generator shares the machine's cores with what it measures, and
// fetch() costs several times more CPU per request than node:http.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * A JSON call on loopback; rejects on a status of 300 or more with the body in the message. A
 * request that met a kept-alive socket the server had just closed (idle past its keep-alive
 * timeout, e.g. after a settle pause) is sent once more on a fresh socket, as Node's docs advise.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function http<T = any>(method: string, url: string, body?: unknown, token?: string): Promise<T> {
  return send<T>(method, url, body, token, true);
}

function send<T>(
  method: string,
  url: string,
  body: unknown,
  token: string | undefined,
  retry: boolean,
): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          'content-type': 'application/json',
          ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode! >= 300) reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`));
          else resolve(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && err.code === 'ECONNRESET') {
        send<T>(method, url, body, token, false).then(resolve, reject);
      } else {
        reject(new Error(`${method} ${url}: ${err.message}`, { cause: err }));
      }
    });
    req.end(payload);
  });
}

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (i > 300) throw new Error(`${url} did not answer`);
    await sleep(100);
  }
}

export interface Topology {
  /** The gateway's base URL. */
  base: string;
  /** The simulator's control API base URL. */
  simBase: string;
  /** Where Baileys connects and the root key it must trust (for bare-Baileys baselines). */
  trust: { rootPublicKey: string; trustRoot: string; waWebSocketUrl: string };
  /** The process that holds the WhatsApp sessions (standalone, or the session shard). */
  holder: ChildProcess;
  /** zapgate's own processes (standalone; or gateway and shard), not the simulator or stores. */
  zapgate: ChildProcess[];
  /** Pairs a fresh simulated phone with a new mega-API instance; resolves once connected. */
  pair(key: string, number: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TopologyOptions {
  mode: Mode;
  port: number;
  simPort: number;
  /** Node options for the session holder (`--inspect`, `--cpu-prof`...). */
  holderArgs?: string[];
  /** The holder's stderr is piped (to read the inspector URL) rather than inherited. */
  pipeHolderStderr?: boolean;
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  const base = `http://127.0.0.1:${options.port}`;
  const simBase = `http://127.0.0.1:${options.simPort}`;
  const stops: (() => Promise<void>)[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'zg-bench-'));
  stops.push(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));
  const started: ChildProcess[] = [];
  const run = (app: string, env: Record<string, string | undefined>, holder = false) => {
    const child = spawn(
      process.execPath,
      [...(holder ? (options.holderArgs ?? []) : []), here(`../apps/${app}/src/main.js`)],
      {
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'ignore', holder && options.pipeHolderStderr ? 'pipe' : 'inherit'],
      },
    );
    children.push(child);
    started.push(child);
    return child;
  };
  const stop = async () => {
    for (const child of started.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    for (const step of stops.reverse()) await step();
  };

  try {
    run('wa-sim', { WA_SIM_PORT: String(options.simPort), WA_SIM_LOG_LEVEL: 'warn' });
    await waitFor(`${simBase}/sandbox/trust`);
    const trust = await http<Topology['trust']>('GET', `${simBase}/sandbox/trust`);
    const common = {
      ZG_ADMIN_TOKEN: ADMIN_TOKEN,
      SECRET_KEY: 'bench-secret-key',
      WA_WEBSOCKET_URL: trust.waWebSocketUrl,
      WA_SIM_TRUST_ROOT: trust.trustRoot,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      // the benchmarks' webhook receivers run on loopback: the explicit opt-in for private targets
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      // the gateway seals webhook secrets with it, webhook-dispatch opens them
      ZG_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    let holder: ChildProcess;
    const zapgate: ChildProcess[] = [];
    if (options.mode === 'standalone') {
      holder = run('standalone', { ...common, DATA_DIR: dir }, true);
      zapgate.push(holder);
    } else {
      const [nats, mongo] = await Promise.all([startNatsServer(), startFerretDb()]);
      stops.push(nats.stop, mongo.stop);
      const cluster = { ...common, NATS_URL: nats.url, MONGODB_URI: mongo.uri };
      holder = run(
        'session-shard',
        { ...cluster, SHARD_ID: 'bench-shard', SHARD_CAPACITY: '10000', HEALTH_PORT: '0' },
        true,
      );
      zapgate.push(
        holder,
        run('gateway', cluster),
        // webhook delivery (its health port away from the others)
        run('webhook-dispatch', {
          ...cluster,
          PORT: String(options.port + 3),
          WEBHOOK_DISPATCHER_ID: 'bench',
        }),
      );
    }
    await waitFor(`${base}/health`);

    const pair = async (key: string, number: string): Promise<string> => {
      await http('POST', `${simBase}/sandbox/phones`, { number });
      const { data } = await http('POST', `${base}/rest/instance/init?instance_key=${key}`, {}, ADMIN_TOKEN);
      const token: string = data.token;
      // the QR exists once the shard has opened the socket
      let qrcode = '';
      for (let t = 0; !qrcode; t++) {
        qrcode = await http('GET', `${base}/rest/instance/qrcode_base64/${key}`, undefined, token).then(
          (r) => r.qrcode as string,
          (err: Error) => {
            if (t > 100) throw err;
            return sleep(100).then(() => '');
          },
        );
      }
      await http('POST', `${simBase}/sandbox/phones/${number}/scan`, { qr: qrcode });
      for (let t = 0; ; t++) {
        const status = await http('GET', `${base}/rest/instance/${key}`, undefined, token);
        if (status.instance.status === 'connected') return token;
        if (t > 300) throw new Error(`${key} did not connect`);
        await sleep(100);
      }
    };
    return { base, simBase, trust, holder, zapgate, pair, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export function parseMode(value: string | undefined): Mode {
  if (value === 'standalone' || value === 'distributed') return value;
  throw new Error(`--mode is standalone or distributed, not ${value}`);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the parenthesised command name; utime and stime are the 14th and 15th fields
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;
