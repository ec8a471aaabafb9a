import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subjects, type EventEnvelope, type WebhookDialect, type WebhookRenderer } from '@zapgate/contracts';
import { WPP_WEBHOOK_RULES } from '@zapgate/dialect-wppconnect';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { startWebhookReceiver, type WebhookReceiver } from '@zapgate/testing';
import { MemoryEventLog } from '@zapgate/transport';
import { newDataKey, verifyWebhookSignature, WEBHOOK_HEADERS, WebhookSecretBox } from '@zapgate/webhook-core';
import { pino } from 'pino';
import { OutboxEventLog } from './outbox-event-log.js';
import { CONNECTION_FAILED } from './retry-policy.js';
import {
  WEBHOOK_OFF,
  WebhookDispatcher,
  type DialectWebhooks,
  type DispatcherOptions,
} from './webhook-dispatcher.js';
import { HttpWebhookSender } from './webhook-sender.js';

// Fake renderers (the real ones live in the dialect libraries): one POST per event, the dialect visible.
const megaRender: WebhookRenderer = (e, i) =>
  e.event === 'message-received'
    ? [
        {
          event: 'message',
          body: {
            dialect: 'mega',
            instance_key: i.key,
            jid: i.me?.id,
            n: (e.data as { text?: string }).text,
          },
        },
      ]
    : [];
const wppRender: WebhookRenderer = (e, i) =>
  e.event === 'message-received'
    ? [
        {
          event: 'onmessage',
          body: {
            dialect: 'wpp',
            session: i.key,
            from: (e.data as { chat: string }).chat,
            n: (e.data as { text?: string }).text,
          },
        },
      ]
    : e.event === 'message-status-changed'
      ? [{ event: 'onack', body: { session: i.key } }]
      : [];

// WPPConnect's real rules (ignore list, global URL) over the fake renderer
const dialects: Record<WebhookDialect, DialectWebhooks> = {
  mega: { render: megaRender },
  wppconnect: { ...WPP_WEBHOOK_RULES, render: wppRender },
};

const options = (over: Partial<DispatcherOptions> = {}): DispatcherOptions => ({
  owner: `test-${randomUUID().slice(0, 6)}`,
  durable: 'zg-webhooks',
  timeoutMs: 2_000,
  retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 400 },
  concurrency: 8,
  pollMs: 200,
  claimTtlMs: 5_000,
  retentionMs: 3_600_000,
  batchSize: 64,
  settingsCheckMs: 100,
  ...over,
});

/** Retries an assertion until it passes (outcomes are written just after the receiver answered). */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

describe(WebhookDispatcher.name, () => {
  let dir: string;
  let storage: EmbeddedStorage;
  let receiver: WebhookReceiver;
  let log: OutboxEventLog;
  let sut: WebhookDispatcher;
  // the receivers run on loopback: the private-network opt-in every local test needs
  const sender = new HttpWebhookSender({ allowPrivateNetworks: true });
  /** What the dispatcher logs (warn and up): where the causes of failures go. */
  let logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const box = new WebhookSecretBox(newDataKey());

  const start = async (
    over: Partial<DispatcherOptions> = {},
    secrets: WebhookSecretBox = box,
    rules: Record<WebhookDialect, DialectWebhooks> = dialects,
  ) => {
    sut = new WebhookDispatcher(options(over), {
      instances: storage.instances,
      deliveries: storage.deliveries,
      sender,
      dialects: rules,
      logger,
      secrets,
    });
    log = new OutboxEventLog(new MemoryEventLog(), (events) => sut.ingest(events));
    await sut.start();
  };
  const createInstance = async (
    key: string,
    dialect: 'mega' | 'wppconnect',
    webhook?: object,
    extra: object = {},
  ) => {
    const now = new Date().toISOString();
    await storage.instances.create({ key, dialect, createdAt: now, updatedAt: now, ...extra });
    if (webhook) await storage.instances.update(key, { webhook: webhook as never });
  };
  const message = (instance: string, text: string, chat = '5511999990002@s.whatsapp.net') => {
    const envelope: EventEnvelope<'message-received'> = {
      id: randomUUID(),
      instance,
      event: 'message-received',
      at: new Date().toISOString(),
      data: {
        id: randomUUID(),
        chat,
        sender: chat,
        fromMe: false,
        timestamp: 1,
        type: 'conversation',
        text,
        delivery: 'notify',
        raw: {},
      },
    };
    return log.publish(Subjects.event(instance, 'message-received'), envelope, { id: envelope.id });
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-webhooks-'));
    storage = await openEmbeddedStorage(dir);
    receiver = await startWebhookReceiver();
    logs = [];
  });
  afterEach(async () => {
    await sut?.stop();
    await receiver.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  afterAll(() => sender.close());

  it('renders each instance in its dialect, signs (a secret stored in plaintext too), sends the URL exactly as given, in order', async () => {
    await createInstance(
      'shop',
      'mega',
      { url: `${receiver.url}/mega?token=a%20b&x=1`, enabled: true },
      {
        webhookSecret: 'a-very-secret-value-1234',
        account: { id: '5511999990001@s.whatsapp.net' },
      },
    );
    await createInstance('store', 'wppconnect', { url: `${receiver.url}/wpp`, enabled: true });
    await start();
    for (let n = 1; n <= 20; n++) {
      await message('shop', `m${n}`);
      await message('store', `w${n}`);
    }
    const hooks = await receiver.waitFor(40);
    const mega = hooks.filter((h) => h.url.startsWith('/mega'));
    expect(mega.map((h) => h.body.n)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i + 1}`));
    expect(mega[0]).toMatchObject({
      url: '/mega?token=a%20b&x=1',
      body: { dialect: 'mega', instance_key: 'shop', jid: '5511999990001@s.whatsapp.net' },
      headers: { [WEBHOOK_HEADERS.event]: 'message', 'content-type': 'application/json' },
    });
    for (const h of mega) {
      const ts = h.headers[WEBHOOK_HEADERS.timestamp] as string;
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      expect(
        verifyWebhookSignature(
          'a-very-secret-value-1234',
          ts,
          h.raw,
          h.headers[WEBHOOK_HEADERS.signature] as string,
        ),
      ).toBe(true);
      expect(
        verifyWebhookSignature(
          'a-very-secret-value-1234',
          ts,
          h.raw.replace('m', 'M'),
          h.headers[WEBHOOK_HEADERS.signature] as string,
        ),
      ).toBe(false);
      expect(h.raw).not.toContain('a-very-secret-value-1234');
    }
    const wpp = hooks.filter((h) => h.url === '/wpp');
    expect(wpp.map((h) => h.body.n)).toEqual(Array.from({ length: 20 }, (_, i) => `w${i + 1}`));
    expect(wpp[0]!.headers[WEBHOOK_HEADERS.signature]).toBeUndefined(); // no secret set
    expect(new Set(hooks.map((h) => h.headers[WEBHOOK_HEADERS.id])).size).toBe(40);
    await eventually(async () =>
      expect(await storage.deliveries.list('shop', { status: 'delivered' })).toHaveLength(20),
    );
    const log = await storage.deliveries.list('shop', { status: 'delivered' });
    expect(await storage.deliveries.attempts('shop', [log[0]!.id])).toEqual([
      expect.objectContaining({ statusCode: 200, latencyMs: expect.any(Number) }),
    ]);
  });

  it('applies event filters, the WPPConnect ignore list and the global WPPConnect URL', async () => {
    await createInstance('filtered', 'mega', {
      url: `${receiver.url}/f`,
      enabled: true,
      events: ['connection_update'],
    });
    await createInstance('off', 'mega', { url: `${receiver.url}/off`, enabled: false });
    await createInstance('global', 'wppconnect');
    await createInstance('ignoring', 'wppconnect', { url: `${receiver.url}/ign`, enabled: true });
    await start({ defaultWppUrl: `${receiver.url}/global?k=v` });
    await message('filtered', 'dropped');
    await message('off', 'dropped');
    await message('ignoring', 'status', 'status@broadcast');
    await message('ignoring', 'kept');
    await message('global', 'via global');
    await receiver.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.map((h) => [h.url, h.body.n])).toEqual(
      expect.arrayContaining([
        ['/ign', 'kept'],
        ['/global?k=v', 'via global'],
      ]),
    );
    expect(receiver.received).toHaveLength(2);
  });

  it("leaves out and redirects only by the instance's dialect rules, never by the dialect's name", async () => {
    // the rules swapped: WPPConnect's ignore list and global URL for mega, none for wppconnect
    await createInstance('wpp-plain', 'wppconnect', { url: `${receiver.url}/wpp-plain`, enabled: true });
    await createInstance('wpp-none', 'wppconnect');
    await createInstance('mega-ruled', 'mega', {
      url: `${receiver.url}/mega-ruled`,
      enabled: true,
      ignore: ['message'],
    });
    await createInstance('mega-none', 'mega');
    await start({ defaultWppUrl: `${receiver.url}/global` }, box, {
      mega: { ...WPP_WEBHOOK_RULES, render: megaRender },
      wppconnect: { render: wppRender },
    });
    await message('mega-ruled', 'ignored by event name');
    await message('wpp-plain', 'status post', 'status@broadcast');
    await message('wpp-none', 'no url');
    await message('mega-none', 'via global');
    // each event is in the outbox (or left out) once published
    expect(await storage.deliveries.list('mega-ruled', { limit: 10 })).toEqual([]);
    expect(await storage.deliveries.list('wpp-none', { limit: 10 })).toEqual([]);
    await receiver.waitFor(2);
    expect(receiver.received.map((h) => [h.url, h.body.n]).sort()).toEqual([
      ['/global', 'via global'],
      ['/wpp-plain', 'status post'],
    ]);
  });

  it('keeps every event of an instance in order while its receiver is down, and the others flowing', async () => {
    const down = await startWebhookReceiver();
    await createInstance('flaky', 'mega', { url: `${down.url}/flaky`, enabled: true });
    await createInstance('fine', 'mega', { url: `${receiver.url}/fine`, enabled: true });
    await start();
    await down.down(); // connection refused for a while
    for (let n = 1; n <= 30; n++) {
      await message('flaky', `f${n}`);
      await message('fine', `ok${n}`);
    }
    await receiver.waitFor(30);
    expect((await storage.deliveries.list('flaky', { status: 'pending' })).length).toBe(30);
    await new Promise((r) => setTimeout(r, 500));
    await down.up();
    const hooks = await down.waitFor(30);
    expect(hooks.map((h) => h.body.n)).toEqual(Array.from({ length: 30 }, (_, i) => `f${i + 1}`));
    const id = hooks[0]!.headers[WEBHOOK_HEADERS.id] as string;
    await eventually(async () =>
      expect(await storage.deliveries.get('flaky', id)).toMatchObject({ status: 'delivered' }),
    );
    const first = await storage.deliveries.get('flaky', id);
    const attempts = await storage.deliveries.attempts('flaky', [first!.id]);
    expect(attempts.length).toBeGreaterThan(1);
    // the log says no more than that: the cause (a closed port) is in the server log only
    expect(attempts[0]).toEqual({
      deliveryId: id,
      instance: 'flaky',
      at: expect.any(String),
      error: CONNECTION_FAILED,
    });
    expect(logs).toContainEqual(
      expect.objectContaining({ instance: 'flaky', cause: expect.stringMatching(/ECONNREFUSED/) }),
    );
    await down.close();
  });

  it('keeps one sender per instance across replicas while a batch outlasts the claim', async () => {
    await createInstance('busy', 'mega', { url: `${receiver.url}/busy`, enabled: true });
    let inFlight = 0;
    let maxInFlight = 0;
    receiver.respond = async (_h, res) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 80));
      inFlight--;
      res.writeHead(200).end();
    };
    // 20 POSTs of 80 ms take about twice the claim; the other replica polls for work all along
    const claim = { claimTtlMs: 800, timeoutMs: 250 };
    await start(claim);
    const other = new WebhookDispatcher(options({ ...claim, pollMs: 50 }), {
      instances: storage.instances,
      deliveries: storage.deliveries,
      sender,
      dialects,
      logger,
    });
    await other.start();
    try {
      for (let n = 1; n <= 20; n++) await message('busy', `b${n}`);
      const hooks = await receiver.waitFor(20);
      await new Promise((r) => setTimeout(r, 1_000)); // room for a second sender to show itself
      expect({ maxInFlight, sent: receiver.requests.map((h) => h.body.n) }).toEqual({
        maxInFlight: 1,
        sent: Array.from({ length: 20 }, (_, i) => `b${i + 1}`),
      });
      expect(hooks).toHaveLength(20);
    } finally {
      await other.stop();
    }
  });

  it('retries 5xx, 408 and 429 (after Retry-After) with the same event id; no retry on other 4xx', async () => {
    await createInstance('r', 'mega', { url: `${receiver.url}/r`, enabled: true });
    const answers: Record<string, number[]> = { r1: [503, 408, 200], r2: [429, 200], r3: [400], r4: [200] };
    const retryAfterSeen: number[] = [];
    receiver.respond = (h, res) => {
      const status = answers[h.body.n]!.shift() ?? 500;
      if (status === 429) {
        retryAfterSeen.push(Date.now());
        res.setHeader('retry-after', '1');
      }
      res.writeHead(status).end();
    };
    await start();
    for (const n of ['r1', 'r2', 'r3', 'r4']) await message('r', n);
    const hooks = await receiver.waitFor(3);
    expect(hooks.map((h) => h.body.n)).toEqual(['r1', 'r2', 'r4']);
    const ids = (n: string) =>
      new Set(receiver.requests.filter((h) => h.body.n === n).map((h) => h.headers[WEBHOOK_HEADERS.id]));
    expect(receiver.requests.filter((h) => h.body.n === 'r1')).toHaveLength(3);
    expect(ids('r1').size).toBe(1);
    const r2 = receiver.requests.filter((h) => h.body.n === 'r2');
    expect(r2[1]!.at - r2[0]!.at).toBeGreaterThanOrEqual(950); // Retry-After: 1
    expect(receiver.requests.filter((h) => h.body.n === 'r3')).toHaveLength(1);
    await eventually(async () =>
      expect(await storage.deliveries.list('r', { status: 'dead' })).toEqual([
        expect.objectContaining({ lastStatusCode: 400, attempts: 1 }),
      ]),
    );
  });

  it('dead-letters after the last attempt, and a replay sends it again with the same id', async () => {
    await createInstance('dl', 'mega', { url: `${receiver.url}/dl`, enabled: true });
    let failing = true;
    receiver.respond = (_h, res) => void res.writeHead(failing ? 500 : 200).end();
    await start({ retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 } });
    await message('dl', 'x');
    for (let i = 0; i < 100 && !(await storage.deliveries.list('dl', { status: 'dead' })).length; i++)
      await new Promise((r) => setTimeout(r, 50));
    const [dead] = await storage.deliveries.list('dl', { status: 'dead' });
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 500 });
    expect(receiver.requests).toHaveLength(3);
    failing = false;
    expect(await storage.deliveries.replay('dl', { id: dead!.id })).toBe(1);
    const [hook] = await receiver.waitFor(1);
    expect(hook!.headers[WEBHOOK_HEADERS.id]).toBe(dead!.id);
    await eventually(async () =>
      expect((await storage.deliveries.attempts('dl', [dead!.id])).length).toBe(4),
    );
  });

  it('times out a receiver that does not answer, and retries', async () => {
    await createInstance('slow', 'mega', { url: `${receiver.url}/slow`, enabled: true });
    let first = true;
    receiver.respond = async (_h, res) => {
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 1_500));
      }
      res.writeHead(200).end();
    };
    await start({ timeoutMs: 300 });
    await message('slow', 'x');
    await receiver.waitFor(1, (h) => h.at > 0);
    const [d] = await storage.deliveries.list('slow');
    await eventually(async () => {
      const attempts = await storage.deliveries.attempts('slow', [d!.id]);
      expect(attempts[0]).toEqual(expect.objectContaining({ error: CONNECTION_FAILED }));
      expect(attempts[0]).not.toHaveProperty('latencyMs');
      expect(attempts.at(-1)).toMatchObject({ statusCode: 200 });
    });
    expect(logs).toContainEqual(
      expect.objectContaining({ instance: 'slow', cause: expect.stringMatching(/no answer within 300 ms/) }),
    );
  });

  it('sends a delivery backing off to the URL configured now, at once, and the ones behind it after it', async () => {
    const gone = await startWebhookReceiver();
    await gone.close(); // nothing listens there: connection refused
    await createInstance('moving', 'mega', { url: `${gone.url}/old`, enabled: true });
    // a retry 30 s to a minute away: what the old URL's backoff would make the fixed one wait
    await start({ retry: { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    await message('moving', 'first');
    await message('moving', 'second');
    await eventually(async () =>
      expect(await storage.deliveries.list('moving', { status: 'pending' })).toContainEqual(
        expect.objectContaining({ attempts: 1, lastError: CONNECTION_FAILED, url: `${gone.url}/old` }),
      ),
    );
    const changedAt = Date.now();
    await storage.instances.update('moving', { webhook: { url: `${receiver.url}/new?k=1`, enabled: true } });
    const hooks = await receiver.waitFor(2, undefined, 5_000);
    expect(Date.now() - changedAt).toBeLessThan(5_000);
    expect(hooks.map((h) => [h.url, h.body.n])).toEqual([
      ['/new?k=1', 'first'],
      ['/new?k=1', 'second'],
    ]);
    await eventually(async () =>
      expect((await storage.deliveries.list('moving')).map((d) => [d.url, d.status, d.attempts])).toEqual([
        [`${receiver.url}/new?k=1`, 'delivered', 1],
        [`${receiver.url}/new?k=1`, 'delivered', 2],
      ]),
    );
  });

  it('gives up on what is pending once the webhook is switched off, without a POST', async () => {
    await createInstance('off-later', 'wppconnect', { url: `${receiver.url}/off-later`, enabled: true });
    receiver.respond = (_h, res) => void res.writeHead(503).end();
    await start({ retry: { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    await message('off-later', 'x');
    await eventually(async () => expect(receiver.requests).toHaveLength(1));
    await storage.instances.update('off-later', {
      webhook: { url: `${receiver.url}/off-later`, enabled: false },
    });
    await eventually(async () =>
      expect(await storage.deliveries.list('off-later')).toEqual([
        expect.objectContaining({ status: 'dead', attempts: 2, lastError: WEBHOOK_OFF }),
      ]),
    );
    expect(receiver.requests).toHaveLength(1);
  });

  it('signs with a secret stored sealed, and sends nothing unsigned when it does not open', async () => {
    await createInstance(
      'sealed',
      'mega',
      { url: `${receiver.url}/sealed`, enabled: true },
      { webhookSecret: box.seal('sealed', 'sealed-secret-0123456789') },
    );
    await createInstance(
      'other-key',
      'mega',
      { url: `${receiver.url}/other-key`, enabled: true },
      { webhookSecret: new WebhookSecretBox(newDataKey()).seal('other-key', 'other-secret-0123456789') },
    );
    await start({ retry: { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    await message('sealed', 's');
    await message('other-key', 'o');
    const [hook] = await receiver.waitFor(1);
    expect(hook!.url).toBe('/sealed');
    expect(
      verifyWebhookSignature(
        'sealed-secret-0123456789',
        hook!.headers[WEBHOOK_HEADERS.timestamp] as string,
        hook!.raw,
        hook!.headers[WEBHOOK_HEADERS.signature] as string,
      ),
    ).toBe(true);
    await eventually(async () =>
      expect(await storage.deliveries.list('other-key')).toEqual([
        expect.objectContaining({ status: 'pending', lastError: expect.stringMatching(/ZG_DATA_KEY/) }),
      ]),
    );
    expect(receiver.requests.filter((h) => h.url === '/other-key')).toHaveLength(0);
  });

  it('loses nothing across a restart: the outbox is stored before publish resolves', async () => {
    await createInstance('durable', 'wppconnect', { url: `${receiver.url}/d`, enabled: true });
    receiver.respond = (_h, res) => void res.writeHead(503).end();
    await start();
    for (let n = 1; n <= 10; n++) await message('durable', `d${n}`);
    await sut.stop();
    storage = await openEmbeddedStorage(dir); // the process starts again on the same files
    receiver.respond = (_h, res) => void res.writeHead(200).end();
    await start();
    const hooks = await receiver.waitFor(10);
    expect(hooks.map((h) => h.body.n)).toEqual(Array.from({ length: 10 }, (_, i) => `d${i + 1}`));
  });
});
