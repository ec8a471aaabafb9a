// NATS restarted mid-traffic under gateway, two shards and the webhook dispatcher, each its own OS
// process from dist/ (`npm run build` first), on a private nats-server and FerretDB. Proves: no
// process crashes, a phone's message sent during the outage reaches the webhook after NATS is
// back, commands answer 503 (with Retry-After, at once) during the outage and 2xx after, a shard
// that cannot renew its lease closes the WhatsApp socket before another may log in (the
// simulator's overlapping-login counter stays 0), and the shards' and the dispatcher's /metrics
// show the outage. After it, a webhook moved and an instance deleted through the gateway take
// effect at once in the processes caching instance records (the `zg.instance.changed` notice).
import { call, DATA_KEY, DistributedHarness } from './distributed-harness.js';

const LEASE_TTL_MS = 6_000;
const CUSTOMER = '5511960000199';
const NUMBER = '5511960000101';
const KEY = 'nats-1';

describe('distributed: NATS restarted mid-traffic', () => {
  let h: DistributedHarness;
  let simBase: string;
  let base: string;
  let token: string;
  const healthPorts = new Map<string, number>();
  const waitUntil = <T>(
    what: string,
    probe: () => T | undefined | Promise<T | undefined>,
    timeoutMs: number,
  ) => h.waitUntil(what, probe, timeoutMs);
  const logLines = (name: string) => h.logLines(name);

  const holder = () => h.holderOf(KEY);

  const status = async () =>
    (await call('GET', `${base}/rest/instance/${KEY}`, undefined, token)).body?.instance?.status;
  const send = (text: string) =>
    call('POST', `${base}/rest/sendMessage/${KEY}/text`, { messageData: { to: CUSTOMER, text } }, token);
  const crashed = () =>
    [...h.processes.values()]
      .filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)
      .map((p) => `${p.name}: ${p.child.exitCode ?? p.child.signalCode}`);
  const metricsOf = async (name: string) =>
    (await fetch(`http://127.0.0.1:${healthPorts.get(name)}/metrics`)).text();
  const simStats = () => h.simStats();

  beforeAll(async () => {
    h = await DistributedHarness.start({
      tmpPrefix: 'zg-e2e-nats-mongo-',
      webhookReceiver: true,
      clusterEnv: { ZG_DATA_KEY: DATA_KEY, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    simBase = h.simBase;
    const shard = async (id: string) =>
      healthPorts.set(id, (await h.startShard(id, { leaseTtlMs: LEASE_TTL_MS })).healthPort);
    await Promise.all([
      h.startGateway().then(() => (base = h.base)),
      h.startWebhookDispatch().then((port) => healthPorts.set('webhook-dispatch', port)),
      shard('shard-a'),
      shard('shard-b'),
    ]);
    await h.addPhone(CUSTOMER, 'Customer');
    await h.addPhone(NUMBER);
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('loses no event, answers 503 while NATS is down and 2xx after, without a restart or two sockets', async () => {
    token = await h.pairMegaInstance(KEY, NUMBER);
    const owner = holder()!;
    expect(owner).toMatch(/^shard-[ab]$/);

    // traffic before: sends answer 2xx, a phone's message reaches the webhook
    expect((await send('before the outage')).status).toBe(201);
    await call('POST', `${simBase}/sandbox/phones/${CUSTOMER}/messages`, {
      to: NUMBER,
      text: 'phone before',
    });
    const hasText = (text: string) => (h: { raw: string }) => h.raw.includes(text);
    await h.receiver.waitFor(1, hasText('phone before'), 20_000);

    // NATS goes down
    await h.nats.down();
    const duringOutage = 'phone during the outage';
    const sentByPhone = await call('POST', `${simBase}/sandbox/phones/${CUSTOMER}/messages`, {
      to: NUMBER,
      text: duringOutage,
    });
    expect(sentByPhone.status).toBe(201);
    // commands fail at once with the dialect's 503 and Retry-After (not after the command timeout)
    const started = Date.now();
    const refused = await send('during the outage');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(refused).toMatchObject({
      status: 503,
      retryAfter: expect.stringMatching(/^\d+$/),
      body: { error: true, code: 'unavailable', message: expect.stringContaining('/rest/sendMessage') },
    });
    const statusRefused = await call('GET', `${base}/rest/instance/${KEY}`, undefined, token);
    expect(statusRefused).toMatchObject({ status: 503, body: { error: true, code: 'unavailable' } });
    // the phone's message now takes one of two paths, by timing: the shard decrypted it and keeps
    // its event (unreceipted) until the log is back, or the session closed first (below) and the
    // simulator delivers it again at the next login; either way it must reach the webhook once
    await waitUntil(
      `${owner} to keep an event it could not publish`,
      () =>
        logLines(owner).some((l) => String(l['msg']).startsWith('publishing the event failed; it is kept')),
      20_000,
    );
    // it cannot renew the lease: it closes the socket before the lease could lapse
    await waitUntil(
      `${owner} to close the session it cannot prove it holds`,
      () =>
        logLines(owner).some((l) => l['instance'] === KEY && /not renewed in time/.test(String(l['msg']))),
      LEASE_TTL_MS + 10_000,
    );
    expect(crashed()).toEqual([]);

    // NATS is back: the same processes go on
    await h.nats.up();
    await waitUntil(
      `${duringOutage} at the webhook`,
      () => h.receiver.received.some(hasText(duringOutage)),
      60_000,
    );
    await waitUntil('connected again', async () => (await status()) === 'connected', 60_000);
    const after = await waitUntil(
      'a send to go through',
      async () => {
        const r = await send('after the outage');
        return r.status < 300 ? r : undefined;
      },
      30_000,
    );
    expect(after.status).toBe(201);
    await waitUntil(
      `${CUSTOMER} to receive the send after the outage`,
      async () =>
        (await call('GET', `${simBase}/sandbox/phones/${CUSTOMER}/messages`)).body.some(
          (m: { text?: string }) => m.text === 'after the outage',
        ),
      20_000,
    );
    await call('POST', `${simBase}/sandbox/phones/${CUSTOMER}/messages`, { to: NUMBER, text: 'phone after' });
    await h.receiver.waitFor(1, hasText('phone after'), 20_000);

    // each event once, the one of the outage included
    const outageHooks = h.receiver.received.filter(hasText(duringOutage));
    expect(outageHooks.map((h) => h.headers['x-zapgate-event'])).toEqual(['message']);
    expect(crashed()).toEqual([]);
    expect((await simStats()).concurrentLogins).toBe(0);

    // the outage shows in the metrics; the buffer empties (the last status events may still be
    // on their way when the webhook above arrives)
    const shardMetrics = await waitUntil(
      'the shard event buffer to empty',
      async () => {
        const text = await metricsOf(owner);
        return text.includes('zg_shard_event_buffer_depth 0') ? text : undefined;
      },
      15_000,
    );
    expect(shardMetrics).toMatch(/zg_shard_event_publish_failures_total\{event="[a-z-]+"\} [1-9]/);
    expect(shardMetrics).toMatch(/zg_shard_releases_total\{reason="lease not renewed"\} 1/);
    expect(shardMetrics).toContain('zg_shard_event_buffer_depth 0');
    const dispatchMetrics = await metricsOf('webhook-dispatch');
    expect(dispatchMetrics).toMatch(/zg_webhook_attempts_total\{outcome="delivered"\} [1-9]/);
  }, 240_000);

  it('a webhook moved and an instance deleted through the gateway take effect at once in the processes caching it', async () => {
    const hasText = (text: string) => (h: { raw: string }) => h.raw.includes(text);
    const fromPhone = (text: string) =>
      call('POST', `${simBase}/sandbox/phones/${CUSTOMER}/messages`, { to: NUMBER, text });
    // the dispatcher reads the instance for this one, and keeps it (for up to 5 s without a notice)
    await fromPhone('phone before the move');
    await h.receiver.waitFor(1, hasText('phone before the move'), 20_000);
    const moved = await call(
      'POST',
      `${base}/rest/webhook/${KEY}/configWebhook`,
      { messageData: { webhookUrl: `${h.receiver.url}/moved`, webhookEnabled: true } },
      token,
    );
    expect(moved.status).toBeLessThan(300);
    // the gateway's `zg.instance.changed` notice reached the dispatcher: the next event goes there
    await fromPhone('phone after the move');
    const [hook] = await h.receiver.waitFor(1, hasText('phone after the move'), 20_000);
    expect(hook!.url).toBe('/moved');

    // the gateway kept the instance for the calls above: its token is refused right after a delete
    expect((await call('GET', `${base}/rest/instance/${KEY}`, undefined, token)).status).toBe(200);
    expect((await call('DELETE', `${base}/rest/instance/${KEY}/delete`, undefined, token)).status).toBe(200);
    expect((await call('GET', `${base}/rest/instance/${KEY}`, undefined, token)).status).toBe(401);
  }, 60_000);
});
