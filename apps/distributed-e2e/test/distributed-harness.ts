// Shared set-up for the distributed e2e specs: a private NATS (JetStream) and FerretDB, the
// simulator, and zapgate's processes (gateway, session shards, webhook dispatcher, groups), each
// its own OS process from the build under dist/ (`npm run build` first), on loopback.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import {
  freePort,
  startFerretDb,
  startNatsServer,
  startProcess,
  startWebhookReceiver,
  type RunningFerretDb,
  type RunningNatsServer,
  type RunningProcess,
  type WebhookReceiver,
} from '@zapgate/testing';

/** The built entry point of an app under dist/. */
export const dist = (app: string) =>
  fileURLToPath(new URL(`../../../dist/apps/${app}/src/main.js`, import.meta.url));
export const ADMIN = 'e2e-admin-token-0123456789abcdef';
export const SECRET = 'e2e-secret-key-0123456789';
/** Seals webhook secrets. */
export const DATA_KEY = Buffer.alloc(32, 3).toString('base64');

export interface Http {
  status: number;
  /** The Retry-After header, when there is one. */
  retryAfter?: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** An HTTP request with an optional JSON body and bearer token; the body parsed as JSON if it is. */
export async function call(method: string, url: string, body?: unknown, token?: string): Promise<Http> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after') ?? undefined, body: json };
}

export interface DistributedOptions {
  /** Prefix of FerretDB's temporary data directory. */
  tmpPrefix: string;
  /** Also start a webhook receiver. */
  webhookReceiver?: boolean;
  /** Extra env every zapgate process gets (beside NATS_URL, MONGODB_URI and LOG_LEVEL). */
  clusterEnv?: Record<string, string>;
}

/** NATS, FerretDB and the simulator, started; zapgate's processes are started on demand. */
export class DistributedHarness {
  nats!: RunningNatsServer;
  mongo!: RunningFerretDb;
  mongoDir!: string;
  receiver!: WebhookReceiver;
  simBase!: string;
  trust!: { trustRoot: string; waWebSocketUrl: string };
  /** The gateway's base URL (changes when it is started again). */
  base!: string;
  /** Every process started, by name (a process started again under the same name replaces it). */
  readonly processes = new Map<string, RunningProcess>();
  /** Every process ever started, those replaced under the same name too (for `saveLogs`). */
  private readonly started: RunningProcess[] = [];

  private constructor(private readonly options: DistributedOptions) {}

  static async start(options: DistributedOptions): Promise<DistributedHarness> {
    const h = new DistributedHarness(options);
    h.mongoDir = await mkdtemp(join(tmpdir(), options.tmpPrefix));
    const receiver = options.webhookReceiver ? startWebhookReceiver() : undefined;
    [h.nats, h.mongo] = await Promise.all([startNatsServer(), startFerretDb({ dir: h.mongoDir })]);
    if (receiver) h.receiver = await receiver;
    const simPort = await freePort();
    h.simBase = `http://127.0.0.1:${simPort}`;
    h.processes.set(
      'wa-sim',
      await startProcess({
        name: 'wa-sim',
        entry: dist('wa-sim'),
        env: { WA_SIM_PORT: String(simPort), WA_SIM_LOG_LEVEL: 'warn' },
        readyUrl: `${h.simBase}/sandbox/trust`,
      }),
    );
    h.trust = (await call('GET', `${h.simBase}/sandbox/trust`)).body;
    return h;
  }

  /** The env every zapgate process gets. */
  cluster(): Record<string, string> {
    return {
      NATS_URL: this.nats.url,
      MONGODB_URI: this.mongo.uri,
      // ZG_E2E_LOG_LEVEL=debug for tracing a failure (with ZG_E2E_LOG_DIR to keep the logs)
      LOG_LEVEL: process.env['ZG_E2E_LOG_LEVEL'] ?? 'info',
      ...this.options.clusterEnv,
    };
  }

  async startGateway(env: Record<string, string> = {}): Promise<RunningProcess> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    const p = await startProcess({
      name: 'gateway',
      entry: dist('gateway'),
      env: {
        ...this.cluster(),
        PORT: String(port),
        HOST: '127.0.0.1',
        ZG_ADMIN_TOKEN: ADMIN,
        SECRET_KEY: SECRET,
        ZG_DATA_KEY: DATA_KEY,
        ...env,
      },
      readyUrl: `${this.base}/health/ready`,
    });
    this.processes.set('gateway', p);
    this.started.push(p);
    return p;
  }

  /**
   * A session shard on a free health port, ready once it logs "session shard ready"; answers the
   * process and its health port.
   */
  async startShard(
    id: string,
    { leaseTtlMs, env = {} }: { leaseTtlMs?: number; env?: Record<string, string> } = {},
  ): Promise<{ process: RunningProcess; healthPort: number }> {
    const p = await startProcess({
      name: id,
      entry: dist('session-shard'),
      env: {
        ...this.cluster(),
        SHARD_ID: id,
        ...(leaseTtlMs !== undefined ? { LEASE_TTL_MS: String(leaseTtlMs) } : {}),
        WA_WEBSOCKET_URL: this.trust.waWebSocketUrl,
        WA_SIM_TRUST_ROOT: this.trust.trustRoot,
        HEALTH_PORT: '0',
        ...env,
      },
    });
    this.processes.set(id, p);
    this.started.push(p);
    const ready = await this.waitUntil(
      `${id} ready`,
      () => this.logLines(id).find((l) => l['msg'] === 'session shard ready'),
      30_000,
    );
    return { process: p, healthPort: ready['healthPort'] as number };
  }

  /** The webhook dispatcher; answers its HTTP (health and metrics) port. */
  async startWebhookDispatch(env: Record<string, string> = {}): Promise<number> {
    const port = await freePort();
    this.processes.set(
      'webhook-dispatch',
      await startProcess({
        name: 'webhook-dispatch',
        entry: dist('webhook-dispatch'),
        env: {
          ...this.cluster(),
          PORT: String(port),
          HOST: '127.0.0.1',
          WEBHOOK_DISPATCHER_ID: 'dispatch-1',
          WEBHOOK_BACKOFF_BASE_MS: '100',
          ...env,
        },
        readyUrl: `http://127.0.0.1:${port}/health/ready`,
      }),
    );
    return port;
  }

  /** A replica of the groups service. */
  async startGroups(name: string, env: Record<string, string> = {}): Promise<RunningProcess> {
    const port = await freePort();
    const p = await startProcess({
      name,
      entry: dist('groups'),
      env: { ...this.cluster(), PORT: String(port), HOST: '127.0.0.1', ...env },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    this.processes.set(name, p);
    this.started.push(p);
    return p;
  }

  /** Stops FerretDB and starts it again on the same data. */
  async restartMongo(): Promise<void> {
    await this.mongo.stop();
    this.mongo = await startFerretDb({ dir: this.mongoDir });
  }

  /** SIGKILLs FerretDB (a crash); `startMongoAgain` brings it back on the same data and address. */
  async killMongo(): Promise<void> {
    await this.mongo.kill();
  }

  /** Starts FerretDB again on the data and the port it had, so running processes reconnect to it. */
  async startMongoAgain(): Promise<void> {
    this.mongo = await startFerretDb({ dir: this.mongoDir, port: Number(new URL(this.mongo.uri).port) });
  }

  /** A process's JSON log lines. */
  logLines(name: string): Record<string, unknown>[] {
    return this.processes
      .get(name)!
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /**
   * Polls `probe` every 100 ms until it answers something truthy; after `timeoutMs` throws, with
   * the last log lines of every process.
   */
  async waitUntil<T>(
    what: string,
    probe: () => T | undefined | Promise<T | undefined>,
    timeoutMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) {
        const logs = [...this.processes.values()]
          .map((p) => `--- ${p.name}\n${p.logs().split('\n').slice(-20).join('\n')}`)
          .join('\n');
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * The shard that adopted `key` last, among `shards` (from their "instance adopted" log lines);
   * undefined before any did.
   */
  holderOf(key: string, shards: readonly string[] = ['shard-a', 'shard-b']): string | undefined {
    let found: string | undefined;
    let at = -1;
    for (const id of shards)
      if (this.processes.has(id))
        for (const l of this.logLines(id))
          if (l['msg'] === 'instance adopted' && l['instance'] === key && (l['time'] as number) > at)
            [found, at] = [id, l['time'] as number];
    return found;
  }

  /**
   * Creates mega instance `key` through the gateway, points its webhook at the receiver, has
   * `phone` scan its QR and waits until it is connected; the instance's token.
   */
  async pairMegaInstance(key: string, phone: string): Promise<string> {
    const init = await call('POST', `${this.base}/rest/instance/init?instance_key=${key}`, {}, ADMIN);
    expect(init.status).toBe(201);
    const token = init.body.data.token as string;
    const configured = await call(
      'POST',
      `${this.base}/rest/webhook/${key}/configWebhook`,
      { messageData: { webhookUrl: `${this.receiver.url}/hook`, webhookEnabled: true } },
      token,
    );
    expect(configured.status).toBeLessThan(300);
    const qr = await this.waitUntil(
      'QR',
      async () => {
        const r = await call('GET', `${this.base}/rest/instance/qrcode_base64/${key}`, undefined, token);
        return r.status === 200 ? (r.body.qrcode as string) : undefined;
      },
      30_000,
    );
    expect((await call('POST', `${this.simBase}/sandbox/phones/${phone}/scan`, { qr })).status).toBe(200);
    const status = async () =>
      (await call('GET', `${this.base}/rest/instance/${key}`, undefined, token)).body?.instance?.status;
    await this.waitUntil('connected', async () => (await status()) === 'connected', 30_000);
    return token;
  }

  /** Creates a simulated phone. */
  async addPhone(number: string, name?: string): Promise<void> {
    await call('POST', `${this.simBase}/sandbox/phones`, name === undefined ? { number } : { number, name });
  }

  async simStats(): Promise<{ liveSockets: number; logins: number; concurrentLogins: number }> {
    return (await call('GET', `${this.simBase}/sandbox/stats`)).body;
  }

  /**
   * Waits until the auth documents stop changing for two seconds. A fresh pairing stores 812
   * pre-keys per account, which FerretDB's SQLite backend (one writer at a time) takes seconds
   * to absorb.
   */
  async authWritesSettled(): Promise<void> {
    const db = mongoose.createConnection(this.mongo.uri, { dbName: 'zapgate' });
    try {
      let last = -1;
      let stableSince = Date.now();
      await this.waitUntil(
        'auth writes to settle',
        async () => {
          const count = await db.collection('auth').countDocuments();
          if (count !== last) [last, stableSince] = [count, Date.now()];
          return Date.now() - stableSince > 2_000;
        },
        60_000,
      );
    } finally {
      await db.close();
    }
  }

  /**
   * With ZG_E2E_LOG_DIR set, writes every process's full log and the webhook receiver's requests
   * to files under `<dir>/<tmpPrefix><time>/`, for tracing a failure after the run.
   */
  async saveLogs(): Promise<void> {
    const root = process.env['ZG_E2E_LOG_DIR'];
    if (!root) return;
    const dir = join(root, `${this.options.tmpPrefix}${Date.now()}`);
    await mkdir(dir, { recursive: true });
    for (const [i, p] of [...new Set([...this.started, ...this.processes.values()])].entries())
      await writeFile(join(dir, `${i}-${p.name}.log`), p.logs());
    if (this.receiver)
      await writeFile(
        join(dir, 'webhook-receiver.jsonl'),
        this.receiver.requests
          .map((r) => JSON.stringify({ at: r.at, headers: r.headers, raw: r.raw }))
          .join('\n'),
      );
  }

  /** Stops every process (the last started first), the receiver, NATS and FerretDB. */
  async stop(): Promise<void> {
    await this.saveLogs().catch(() => undefined);
    for (const p of [...this.processes.values()].reverse()) await p.stop().catch(() => undefined);
    await this.receiver?.close();
    await Promise.all([this.nats?.stop(), this.mongo?.stop()]);
    if (this.mongoDir) await rm(this.mongoDir, { recursive: true, force: true, maxRetries: 5 });
  }
}
