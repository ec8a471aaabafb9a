// What the gateway benchmarks run against: the simulator in its own process, and zapgate either as
// the standalone process or distributed (a private NATS and FerretDB, the gateway and one session
// shard as separate processes), started from dist/ and pointed at the simulator. Loopback only;
// every process started here is killed when the benchmark process exits, however it ends.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFerretDb, startNatsServer } from '@zapgate/testing';

export type Mode = 'standalone' | 'distributed';
/**
 * What FerretDB keeps the distributed topology's data in: SQLite files (no server needed) or a
 * throwaway database on the machine's PostgreSQL server (`ZG_BENCH_POSTGRESQL_URL`, default
 * `postgres://postgres@127.0.0.1:5432/`: trust auth on loopback), created and dropped per run.
 */
export type Store = 'sqlite' | 'postgresql';
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
  /** The simulator's process. */
  sim: ChildProcess;
  /** Pairs a fresh simulated phone with a new mega-API instance; resolves once connected. */
  pair(key: string, number: string): Promise<string>;
  stop(): Promise<void>;
  /** Distributed only: the shared stores, and more session shards on them. */
  cluster?: Cluster;
}

export interface Cluster {
  natsUrl: string;
  mongoUri: string;
  /** The PostgreSQL database FerretDB keeps the data in (`store: 'postgresql'`). */
  postgresqlUrl?: string;
  /**
   * Starts one more session-shard process on the same NATS and FerretDB (killed with the rest);
   * `env` adds to or overrides its settings (`SHARD_CAPACITY`, `LEASE_TTL_MS`...).
   */
  startShard(
    id: string,
    options?: { env?: Record<string, string>; nodeArgs?: string[]; pipeStderr?: boolean },
  ): ChildProcess;
}

export interface TopologyOptions {
  mode: Mode;
  port: number;
  simPort: number;
  /** Node options for the session holder (`--inspect`, `--cpu-prof`...). */
  holderArgs?: string[];
  /** The holder's stderr is piped (to read the inspector URL) rather than inherited. */
  pipeHolderStderr?: boolean;
  /** Node options for every zapgate process (standalone; or shard, gateway, dispatcher), before holderArgs. */
  zapgateArgs?: string[];
  /** Distributed: FerretDB over SQLite (the default) or over the machine's PostgreSQL. */
  store?: Store;
  /** Distributed: settings added to the first shard's (`LEASE_TTL_MS`...). */
  shardEnv?: Record<string, string>;
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  const base = `http://127.0.0.1:${options.port}`;
  const simBase = `http://127.0.0.1:${options.simPort}`;
  const stops: (() => Promise<void>)[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'zg-bench-'));
  stops.push(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));
  const started: ChildProcess[] = [];
  const run = (
    app: string,
    env: Record<string, string | undefined>,
    holder = false,
    spawnOptions: { nodeArgs?: string[]; pipeStderr?: boolean } = holder
      ? { nodeArgs: options.holderArgs, pipeStderr: options.pipeHolderStderr }
      : {},
  ) => {
    if (app !== 'wa-sim' && options.zapgateArgs?.length)
      spawnOptions = {
        ...spawnOptions,
        nodeArgs: [...options.zapgateArgs, ...(spawnOptions.nodeArgs ?? [])],
      };
    const child = spawn(
      process.execPath,
      [...(spawnOptions.nodeArgs ?? []), here(`../apps/${app}/src/main.js`)],
      {
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'ignore', spawnOptions.pipeStderr ? 'pipe' : 'inherit'],
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
    const sim = run('wa-sim', { WA_SIM_PORT: String(options.simPort), WA_SIM_LOG_LEVEL: 'warn' });
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
    let cluster: Cluster | undefined;
    const zapgate: ChildProcess[] = [];
    if (options.mode === 'standalone') {
      holder = run('standalone', { ...common, DATA_DIR: dir }, true);
      zapgate.push(holder);
    } else {
      const postgresqlUrl = options.store === 'postgresql' ? await createPostgresDatabase(stops) : undefined;
      const [nats, mongo] = await Promise.all([
        startNatsServer(),
        startFerretDb(postgresqlUrl ? { postgresqlUrl } : {}),
      ]);
      stops.push(nats.stop, mongo.stop);
      const clusterEnv = { ...common, NATS_URL: nats.url, MONGODB_URI: mongo.uri };
      const shardEnv = { ...clusterEnv, SHARD_CAPACITY: '10000', HEALTH_PORT: '0' };
      cluster = {
        natsUrl: nats.url,
        mongoUri: mongo.uri,
        ...(postgresqlUrl ? { postgresqlUrl } : {}),
        startShard: (id, o = {}) => run('session-shard', { ...shardEnv, SHARD_ID: id, ...o.env }, false, o),
      };
      holder = run('session-shard', { ...shardEnv, SHARD_ID: 'bench-shard', ...options.shardEnv }, true);
      zapgate.push(
        holder,
        run('gateway', clusterEnv),
        // webhook delivery (its health port away from the others)
        run('webhook-dispatch', {
          ...clusterEnv,
          PORT: String(options.port + 3),
          WEBHOOK_DISPATCHER_ID: 'bench',
        }),
      );
    }
    await waitFor(`${base}/health`);
    if (cluster && options.store === 'postgresql') await indexFerretDbTables(cluster.postgresqlUrl!);

    const pair = async (key: string, number: string): Promise<string> => {
      await http('POST', `${simBase}/sandbox/phones`, { number });
      const { data } = await http('POST', `${base}/rest/instance/init?instance_key=${key}`, {}, ADMIN_TOKEN);
      const token: string = data.token;
      // the QR exists once the shard has opened the socket; one read just before Baileys showed
      // the next is refused as expired (seen under load): read it again
      for (let scan = 1; ; scan++) {
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
        const scanned = await http('POST', `${simBase}/sandbox/phones/${number}/scan`, { qr: qrcode }).then(
          () => true,
          (err: Error) => {
            if (scan >= 5 || !/qr_expired/.test(err.message)) throw err;
            return sleep(500).then(() => false);
          },
        );
        if (scanned) break;
      }
      for (let t = 0; ; t++) {
        const status = await http('GET', `${base}/rest/instance/${key}`, undefined, token);
        if (status.instance.status === 'connected') return token;
        if (t > 300) throw new Error(`${key} did not connect`);
        await sleep(100);
      }
    };
    return { base, simBase, trust, holder, zapgate, sim, pair, stop, ...(cluster ? { cluster } : {}) };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A throwaway database on the machine's PostgreSQL for FerretDB's PostgreSQL handler (dropped by
 * the topology's stop, after FerretDB's); its URL.
 */
export async function createPostgresDatabase(stops: (() => Promise<void>)[]): Promise<string> {
  const server = new URL(process.env['ZG_BENCH_POSTGRESQL_URL'] ?? 'postgres://postgres@127.0.0.1:5432/');
  const name = `zg_bench_${process.pid}_${Date.now()}`;
  const admin = new URL('/postgres', server).toString();
  const psql = (sql: string) => promisify(execFile)('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
  await psql(`CREATE DATABASE ${name}`).catch((err: Error) => {
    throw new Error(`cannot create a database on ${server.host} (is PostgreSQL running?): ${err.message}`);
  });
  stops.push(() => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined));
  // FerretDB's queries are prepared with the field name as a parameter (`_jsonb->$1 @> $2`): a
  // generic plan, which PostgreSQL switches to after five runs, cannot use an index on
  // `_jsonb->'_id'` (indexFerretDbTables) and scans the table; custom plans can
  await psql(`ALTER DATABASE ${name} SET plan_cache_mode = force_custom_plan`);
  return new URL(`/${name}`, server).toString();
}

/**
 * GIN indexes on `_jsonb->'_id'` and `_jsonb->'instance'` of every FerretDB table (the collections
 * the gateway and the shard created at start). FerretDB 1.24's PostgreSQL handler filters an
 * equality as jsonb containment (`_jsonb->'_id' @> '"x"'`), which its own btree `_id` index cannot
 * serve: every auth key lookup scanned the whole auth table (200 ms at 78,000 keys, 50 sessions);
 * with these, 0.2 ms. A deployment of zapgate on FerretDB over PostgreSQL needs the same
 * (docs/architecture.md); MongoDB and FerretDB over SQLite serve `_id` from their index.
 */
export async function indexFerretDbTables(postgresqlUrl: string): Promise<void> {
  const sql = `DO $$ DECLARE t record; BEGIN
    FOR t IN SELECT schemaname, tablename FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE '\_ferretdb%' LOOP
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->''_id'') jsonb_path_ops)',
        t.tablename || '_zg_id', t.schemaname, t.tablename);
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->''instance'') jsonb_path_ops)',
        t.tablename || '_zg_instance', t.schemaname, t.tablename);
    END LOOP; END $$`;
  await promisify(execFile)('psql', [postgresqlUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
}

export function parseStore(value: string | undefined): Store {
  if (value === 'sqlite' || value === 'postgresql') return value;
  throw new Error(`--store is sqlite or postgresql, not ${value}`);
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
/**
 * CPU seconds (user + system) used so far by the live processes whose command name starts with
 * `command` (Linux `comm`, at most 15 characters): the stores' servers, which this process did not
 * start (PostgreSQL's backends) or whose pid it does not hold. Processes that exited are not counted.
 */
export function commandCpuSeconds(command: string): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith(command)) sum += cpuSeconds(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return sum;
}
/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;
