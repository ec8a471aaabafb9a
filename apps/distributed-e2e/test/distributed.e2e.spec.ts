// zapgate scaled out, as separate OS processes on loopback: a private NATS (JetStream), FerretDB
// (MongoDB wire protocol), the simulator, the gateway and two session shards, all started from
// the build under dist/ (`npm test` builds first). Everything is driven through real HTTP.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { io } from 'socket.io-client';
import type { RunningProcess } from '@zapgate/testing';
import { ADMIN, call, DistributedHarness, SECRET } from './distributed-harness.js';

const LEASE_TTL_MS = 10_000; // the default
const CUSTOMER = '5511960000099';

interface Instance {
  key: string;
  number: string;
  dialect: 'mega' | 'wpp';
  token: string;
}

describe('distributed: gateway and two session shards on NATS and FerretDB', () => {
  let h: DistributedHarness;
  let simBase: string;
  let base: string;
  const shards = new Map<string, RunningProcess>();
  const instances: Instance[] = [];
  const waitUntil = <T>(
    what: string,
    probe: () => T | undefined | Promise<T | undefined>,
    timeoutMs: number,
  ) => h.waitUntil(what, probe, timeoutMs);

  async function startGateway() {
    await h.startGateway();
    base = h.base;
  }

  async function startShard(id: string) {
    const { process: shard, healthPort } = await h.startShard(id, { leaseTtlMs: LEASE_TTL_MS });
    // its readiness probe, as Kubernetes calls it
    const probe = await call('GET', `http://127.0.0.1:${healthPort}/health/ready`);
    expect(probe).toEqual({ status: 200, body: { status: 'ok', checks: { nats: 'ok', mongodb: 'ok' } } });
    shards.set(id, shard);
    return shard;
  }

  /** Which shard process adopted the instance last (its log line). */
  function holderOf(key: string): string | undefined {
    let holder: string | undefined;
    let at = -1;
    for (const [id, shard] of shards) {
      if (shard.child.exitCode !== null || shard.child.signalCode !== null) continue;
      for (const line of shard.logs().split('\n')) {
        if (!line.includes('"instance adopted"') || !line.includes(`"instance":"${key}"`)) continue;
        const time = JSON.parse(line).time as number;
        if (time > at) [holder, at] = [id, time];
      }
    }
    return holder;
  }

  async function statusOf(i: Instance): Promise<string | undefined> {
    if (i.dialect === 'mega') {
      const r = await call('GET', `${base}/rest/instance/${i.key}`, undefined, i.token);
      return r.body?.instance?.status;
    }
    const r = await call('GET', `${base}/api/${i.key}/status-session`, undefined, i.token);
    return r.body?.status === 'CONNECTED' ? 'connected' : r.body?.status;
  }

  async function send(i: Instance, text: string) {
    const r =
      i.dialect === 'mega'
        ? await call(
            'POST',
            `${base}/rest/sendMessage/${i.key}/text`,
            { messageData: { to: CUSTOMER, text } },
            i.token,
          )
        : await call(
            'POST',
            `${base}/api/${i.key}/send-message`,
            { phone: CUSTOMER, message: text, isGroup: false },
            i.token,
          );
    expect(r.status).toBeLessThan(300);
    await waitUntil(
      `${CUSTOMER} to receive "${text}"`,
      async () =>
        (await call('GET', `${simBase}/sandbox/phones/${CUSTOMER}/messages`)).body.some(
          (m: { text?: string }) => m.text === text,
        ),
      20_000,
    );
  }

  // a graceful stop waits for the auth writes of a fresh pairing (nothing is lost), and that wait
  // is not handover
  const authWritesSettled = () => h.authWritesSettled();
  const simStats = () => h.simStats();

  beforeAll(async () => {
    h = await DistributedHarness.start({ tmpPrefix: 'zg-e2e-mongo-' });
    simBase = h.simBase;
    await Promise.all([startGateway(), startShard('shard-a'), startShard('shard-b')]);
    await h.addPhone(CUSTOMER, 'Customer');
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('pairs four instances in both dialects, each sends a text', async () => {
    for (let n = 1; n <= 3; n++) {
      const key = `mega-${n}`;
      const number = `551196000000${n}`;
      await call('POST', `${simBase}/sandbox/phones`, { number });
      const init = await call('POST', `${base}/rest/instance/init?instance_key=${key}`, {}, ADMIN);
      expect(init.status).toBe(201);
      const token: string = init.body.data.token;
      const qr = await waitUntil(
        `${key} QR`,
        async () => {
          const r = await call('GET', `${base}/rest/instance/qrcode_base64/${key}`, undefined, token);
          return r.status === 200 ? (r.body.qrcode as string) : undefined;
        },
        30_000,
      );
      expect((await call('POST', `${simBase}/sandbox/phones/${number}/scan`, { qr })).status).toBe(200);
      instances.push({ key, number, dialect: 'mega', token });
    }
    const number = '5511960000004';
    await call('POST', `${simBase}/sandbox/phones`, { number });
    const generated = await call('POST', `${base}/api/wpp-1/${SECRET}/generate-token`);
    expect(generated.status).toBe(201);
    const token: string = generated.body.token;
    const started = await call('POST', `${base}/api/wpp-1/start-session`, { waitQrCode: true }, token);
    expect(started.body).toMatchObject({ status: 'qrcode', qrcode: expect.any(String) });
    await call('POST', `${simBase}/sandbox/phones/${number}/scan`, {
      qr: `data:image/png;base64,${started.body.qrcode}`,
    });
    instances.push({ key: 'wpp-1', number, dialect: 'wpp', token });

    for (const i of instances)
      await waitUntil(`${i.key} connected`, async () => (await statusOf(i)) === 'connected', 30_000);
    for (const i of instances) await send(i, `hello from ${i.key}`);
    for (const i of instances) expect(holderOf(i.key)).toMatch(/^shard-[ab]$/);
    console.log('placement:', Object.fromEntries(instances.map((i) => [i.key, holderOf(i.key)])));
  }, 180_000);

  it('the gateway serves the web manager, and Socket.IO events from NATS to the session token', async () => {
    expect((await call('GET', `${base}/manager`)).status).toBe(200);
    expect((await call('GET', `${base}/manager/api/instances`)).status).toBe(401);
    const listed = await call('GET', `${base}/manager/api/instances`, undefined, ADMIN);
    expect(listed.body.map((i: { key: string; state: string }) => `${i.key}:${i.state}`).sort()).toEqual(
      instances.map((i) => `${i.key}:connected`).sort(),
    );

    const wpp = instances.find((i) => i.dialect === 'wpp')!;
    const received: { body?: string }[] = [];
    const socket = io(base, { auth: { session: wpp.key, token: wpp.token }, transports: ['websocket'] });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      socket.on('received-message', ({ response }: { response: { body?: string } }) =>
        received.push(response),
      );
      await call('POST', `${simBase}/sandbox/phones/${CUSTOMER}/messages`, {
        to: wpp.number,
        text: 'via socket',
      });
      await waitUntil(
        'received-message on the socket',
        async () => received.some((m) => m.body === 'via socket'),
        20_000,
      );
    } finally {
      socket.close();
    }
  });

  it('sends an image through gateway, the JetStream object store and a shard; the phone gets the same bytes', async () => {
    const mega = instances.find((i) => i.dialect === 'mega')!;
    const image = await sharp({
      create: { width: 96, height: 64, channels: 3, background: { r: 20, g: 120, b: 220 } },
    })
      .png()
      .toBuffer();
    const sent = await call(
      'POST',
      `${base}/rest/sendMessage/${mega.key}/mediaBase64`,
      {
        messageData: {
          to: CUSTOMER,
          base64: `data:image/png;base64,${image.toString('base64')}`,
          type: 'image',
          caption: 'distributed image',
        },
      },
      mega.token,
    );
    expect(sent).toMatchObject({
      status: 201,
      body: { error: false, messageData: { key: { id: expect.any(String) } } },
    });
    const received = await waitUntil(
      `${CUSTOMER} to download the image`,
      async () =>
        (
          (await call('GET', `${simBase}/sandbox/phones/${CUSTOMER}/messages`)).body as {
            id: string;
            media?: { state: string; sha256?: string; mimetype: string; caption?: string };
          }[]
        ).find((m) => m.id === sent.body.messageData.key.id && m.media?.state !== 'pending'),
      20_000,
    );
    expect(received!.media).toMatchObject({
      state: 'ready',
      mimetype: 'image/png',
      caption: 'distributed image',
      sha256: createHash('sha256').update(image).digest('hex'),
    });
  }, 60_000);

  it('SIGTERM: the stopping shard hands its instances over at once, not after the lease TTL', async () => {
    // the shard holding more instances stops
    const count = (id: string) => instances.filter((i) => holderOf(i.key) === id).length;
    const leaving = count('shard-a') >= count('shard-b') ? 'shard-a' : 'shard-b';
    const staying = leaving === 'shard-a' ? 'shard-b' : 'shard-a';
    const moved = instances.filter((i) => holderOf(i.key) === leaving);
    expect(moved.length).toBeGreaterThan(0);
    await authWritesSettled();

    const started = Date.now();
    const { code } = await shards.get(leaving)!.stop(30_000);
    if (code !== 0)
      throw new Error(
        `${leaving} exited with ${code}:\n${shards.get(leaving)!.logs().split('\n').slice(-25).join('\n')}`,
      );
    expect(shards.get(leaving)!.logs()).toContain('instance handed over');
    shards.delete(leaving);
    for (const i of moved)
      await waitUntil(
        `${i.key} connected on ${staying}`,
        async () => holderOf(i.key) === staying && (await statusOf(i)) === 'connected',
        LEASE_TTL_MS,
      );
    const handoverMs = Date.now() - started;
    console.log(`SIGTERM handover of ${moved.length} instance(s): ${handoverMs} ms (stop to all connected)`);
    // the others adopt on request, not at their next round or after the TTL
    expect(handoverMs).toBeLessThan(LEASE_TTL_MS / 2);
    for (const i of moved) await send(i, `after handover from ${i.key}`);
    expect((await simStats()).concurrentLogins).toBe(0);
  }, 120_000);

  it('SIGKILL: a crashed shard’s instances reopen on another within the lease TTL plus reconnect', async () => {
    await startShard('shard-c');
    const [victim] = [...shards.keys()].filter((id) => id !== 'shard-c');
    const moved = instances.filter((i) => holderOf(i.key) === victim);
    const placement = Object.fromEntries(instances.map((i) => [i.key, holderOf(i.key)]));
    const alive = [...shards].map(
      ([id, p]) => `${id}: exit ${p.child.exitCode ?? p.child.signalCode ?? 'running'}`,
    );
    expect({ placement, alive }).toEqual({
      placement: Object.fromEntries(instances.map((i) => [i.key, victim])),
      alive: [`${victim}: exit running`, 'shard-c: exit running'],
    });

    const killedAt = Date.now();
    await shards.get(victim!)!.kill();
    shards.delete(victim!);
    const failover: Record<string, number> = {};
    await Promise.all(
      moved.map(async (i) => {
        await waitUntil(
          `${i.key} connected on shard-c`,
          async () => holderOf(i.key) === 'shard-c' && (await statusOf(i)) === 'connected',
          LEASE_TTL_MS + 20_000,
        );
        failover[i.key] = Date.now() - killedAt;
      }),
    );
    console.log(`SIGKILL failover (kill to connected, lease TTL ${LEASE_TTL_MS} ms):`, failover);
    for (const ms of Object.values(failover)) expect(ms).toBeLessThan(LEASE_TTL_MS + 10_000);
    for (const i of moved) await send(i, `after failover from ${i.key}`);
    expect((await simStats()).concurrentLogins).toBe(0);
  }, 120_000);

  it('restart of gateway and shards: instances log in from stored auth, no new QR', async () => {
    const loginsBefore = (await simStats()).logins;
    await h.processes.get('gateway')!.stop();
    for (const [id, shard] of shards) {
      await shard.stop(30_000);
      shards.delete(id);
    }
    // storage survives a restart of the database too
    await h.restartMongo();

    const restartedAt = Date.now();
    await Promise.all([startGateway(), startShard('shard-d'), startShard('shard-e')]);
    for (const i of instances)
      await waitUntil(`${i.key} connected again`, async () => (await statusOf(i)) === 'connected', 60_000);
    console.log(`restart to all ${instances.length} connected: ${Date.now() - restartedAt} ms`);
    const stats = await simStats();
    // each instance logged in again with its stored credentials (a new QR would need a scan)
    expect(stats.logins).toBeGreaterThanOrEqual(loginsBefore + instances.length);
    expect(stats.concurrentLogins).toBe(0);
    for (const i of instances) await send(i, `after restart from ${i.key}`);
  }, 180_000);
});
