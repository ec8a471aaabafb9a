// The groups service as its own processes (two replicas in the queue group zg-groups, one durable
// consumer on ZG_EVENTS) beside a gateway, a shard and the simulator, on a private NATS and
// FerretDB, from the build under dist/. One replica is SIGKILLed while group requests flow: the
// other answers them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  startFerretDb,
  startNatsServer,
  startProcess,
  type RunningFerretDb,
  type RunningNatsServer,
  type RunningProcess,
} from '@zapgate/testing';

const dist = (app: string) =>
  fileURLToPath(new URL(`../../../dist/apps/${app}/src/main.js`, import.meta.url));
const ADMIN = 'e2e-admin-token-0123456789abcdef';
const SHOP = '5511961000001';
const ANA = '5511961000002';
const BIA = '5511961000003';
/** The gateway's command timeout: a request caught in the killed replica fails within it (plus 2 s). */
const COMMAND_TIMEOUT_MS = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(method: string, url: string, body?: unknown, token?: string) {
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: json as any };
}

async function waitUntil<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

describe('distributed: the groups service as two processes, one SIGKILLed mid-traffic', () => {
  let nats: RunningNatsServer;
  let mongo: RunningFerretDb;
  let mongoDir: string;
  let simBase: string;
  let base: string;
  const procs: RunningProcess[] = [];
  const groups: RunningProcess[] = [];

  const cluster = () => ({ NATS_URL: nats.url, MONGODB_URI: mongo.uri, LOG_LEVEL: 'info' });

  async function startGroups(name: string): Promise<RunningProcess> {
    const port = await freePort();
    const p = await startProcess({
      name,
      entry: dist('groups'),
      env: {
        ...cluster(),
        PORT: String(port),
        HOST: '127.0.0.1',
        ZG_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    groups.push(p);
    procs.push(p);
    return p;
  }

  beforeAll(async () => {
    mongoDir = await mkdtemp(join(tmpdir(), 'zg-e2e-groups-'));
    [nats, mongo] = await Promise.all([startNatsServer(), startFerretDb({ dir: mongoDir })]);
    const simPort = await freePort();
    simBase = `http://127.0.0.1:${simPort}`;
    procs.push(
      await startProcess({
        name: 'wa-sim',
        entry: dist('wa-sim'),
        env: { WA_SIM_PORT: String(simPort), WA_SIM_LOG_LEVEL: 'warn' },
        readyUrl: `${simBase}/sandbox/trust`,
      }),
    );
    const trust = (await call('GET', `${simBase}/sandbox/trust`)).body;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    procs.push(
      await startProcess({
        name: 'gateway',
        entry: dist('gateway'),
        env: {
          ...cluster(),
          PORT: String(port),
          HOST: '127.0.0.1',
          ZG_ADMIN_TOKEN: ADMIN,
          SECRET_KEY: 'e2e-secret-key-0123456789',
          ZG_DATA_KEY: Buffer.alloc(32, 3).toString('base64'),
          ZG_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
        },
        readyUrl: `${base}/health/ready`,
      }),
    );
    const shardPort = await freePort();
    procs.push(
      await startProcess({
        name: 'shard-a',
        entry: dist('session-shard'),
        env: {
          ...cluster(),
          SHARD_ID: 'shard-a',
          WA_WEBSOCKET_URL: trust.waWebSocketUrl,
          WA_SIM_TRUST_ROOT: trust.trustRoot,
          HEALTH_HOST: '127.0.0.1',
          HEALTH_PORT: String(shardPort),
        },
        readyUrl: `http://127.0.0.1:${shardPort}/health/ready`,
      }),
    );
    await Promise.all([startGroups('groups-a'), startGroups('groups-b')]);
  }, 180_000);

  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop().catch(() => undefined);
    await Promise.all([nats?.stop(), mongo?.stop()]);
    await rm(mongoDir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('answers group routes from either replica, and from the survivor after a SIGKILL', async () => {
    for (const number of [SHOP, ANA, BIA]) await call('POST', `${simBase}/sandbox/phones`, { number });
    const init = await call('POST', `${base}/rest/instance/init?instance_key=shop`, {}, ADMIN);
    const token: string = init.body.data.token;
    const qr = await waitUntil('the QR', async () => {
      const r = await call('GET', `${base}/rest/instance/qrcode_base64/shop`, undefined, token);
      return r.status === 200 ? (r.body.qrcode as string) : undefined;
    });
    await call('POST', `${simBase}/sandbox/phones/${SHOP}/scan`, { qr });
    await waitUntil(
      'shop connected',
      async () =>
        (await call('GET', `${base}/rest/instance/shop`, undefined, token)).body.instance?.status ===
        'connected',
    );

    const created = await call(
      'POST',
      `${base}/rest/group/shop/create`,
      { group_data: { group_name: 'Ops', participants: [ANA, BIA] } },
      token,
    );
    expect(created.status).toBe(200);
    const group: string = created.body.data.id;

    // traffic: reads from the read model and mutations through the shard, one after another
    const outcomes: { at: number; status: number }[] = [];
    let stop = false;
    const traffic = (async () => {
      for (let n = 0; !stop; n++) {
        const r =
          n % 3 === 2
            ? await call(
                'POST',
                `${base}/rest/group/shop/${n % 2 ? 'promote' : 'demote'}Participants`,
                { group_data: { jid: group, participants: [ANA] } },
                token,
              )
            : await call('GET', `${base}/rest/group/shop/group?jid=${group}`, undefined, token);
        outcomes.push({ at: Date.now(), status: r.status });
      }
    })();
    await waitUntil('traffic before the kill', () => outcomes.length >= 20);
    const killedAt = Date.now();
    await groups[0]!.kill();
    await waitUntil(
      'traffic after the kill',
      () => outcomes.filter((o) => o.at > killedAt).length >= 30,
      60_000,
    );
    stop = true;
    await traffic;

    const before = outcomes.filter((o) => o.at <= killedAt);
    const after = outcomes.filter((o) => o.at > killedAt);
    expect(before.every((o) => o.status === 200)).toBe(true);
    // at most the one request the killed replica held fails (504 after the command timeout);
    // everything else is answered by the survivor
    const failed = after.filter((o) => o.status !== 200);
    expect(failed.length).toBeLessThanOrEqual(1);
    for (const f of failed) expect(f.status).toBe(504);
    expect(after.slice(-20).every((o) => o.status === 200)).toBe(true);
    console.log('group requests:', {
      beforeKill: before.length,
      afterKill: after.length,
      failed: failed.length,
    });

    // the survivor's read model follows the events: bia removed through the shard
    const removed = await call(
      'POST',
      `${base}/rest/group/shop/removeParticipants`,
      { group_data: { jid: group, participants: [BIA] } },
      token,
    );
    expect(removed.status).toBe(200);
    await waitUntil('the read model without bia', async () => {
      const r = await call('GET', `${base}/rest/group/shop/group?jid=${group}`, undefined, token);
      return r.body.data.participants.length === 2;
    });
  }, 240_000);
});
