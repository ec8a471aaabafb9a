// MongoDB (FerretDB) killed mid-traffic and started again on the same data and address, under
// gateway, a session shard and the webhook dispatcher, each its own OS process from dist/
// (`npm run build` first), on a private nats-server. Traffic runs both ways the whole time (sends
// through the gateway, a phone's messages to the webhook). Proves: no process crashes; every send
// answers within a bound, 2xx or the dialect's 503 with Retry-After, never a 500; the shard's auth
// writes (Signal keys change with every message) fail while the database is down and are written
// once it is back; each phone message reaches the webhook exactly once; and after the outage, and
// after the shard is restarted on what the database holds, messages still decrypt both ways (the
// stored keys are whole).
import { call, DATA_KEY, DistributedHarness, type Http } from './distributed-harness.js';

const CUSTOMER = '5511960000299';
const NUMBER = '5511960000201';
const KEY = 'ferret-1';
/**
 * The longest a send may take while the database is down: the gateway's token check and the
 * shard's save of the sent message each wait out the driver's server selection (10 s) at most,
 * then answer 503 or go on (a save that fails is retried in the background); below the gateway's
 * 30 s command timeout.
 */
const SEND_BOUND_MS = 25_000;

interface SendResult {
  text: string;
  startedAt: number;
  ms: number;
  answer: Http;
}

describe('distributed: MongoDB (FerretDB) restarted mid-traffic', () => {
  let h: DistributedHarness;
  let base: string;
  let token: string;

  const send = async (text: string): Promise<SendResult> => {
    const startedAt = Date.now();
    const answer = await call(
      'POST',
      `${base}/rest/sendMessage/${KEY}/text`,
      { messageData: { to: CUSTOMER, text } },
      token,
    );
    return { text, startedAt, ms: Date.now() - startedAt, answer };
  };
  const phoneSays = (text: string) =>
    call('POST', `${h.simBase}/sandbox/phones/${CUSTOMER}/messages`, { to: NUMBER, text });
  const customerInbox = async (): Promise<{ direction: string; text: string | null }[]> =>
    (await call('GET', `${h.simBase}/sandbox/phones/${CUSTOMER}/messages`)).body;
  const webhooksWith = (text: string) =>
    h.receiver.received.filter(
      (w) => w.headers['x-zapgate-event'] === 'message' && w.raw.includes(JSON.stringify(text)),
    );
  const crashed = () =>
    [...h.processes.values()]
      .filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)
      .map((p) => `${p.name}: ${p.child.exitCode ?? p.child.signalCode}`);
  const authWriteFailures = () =>
    h.logLines('shard-a').filter((l) => l['msg'] === 'storing auth keys failed; retrying').length;
  const status = async () =>
    (await call('GET', `${base}/rest/instance/${KEY}`, undefined, token)).body?.instance?.status;

  /** Both directions once more: a send the customer reads, a phone message the webhook gets. */
  const bothWays = async (label: string) => {
    const sent = await h.waitUntil(
      `${label}: a send to go through`,
      async () => {
        const r = await send(`${label} from zapgate`);
        return r.answer.status < 300 ? r : undefined;
      },
      30_000,
    );
    expect(sent.answer.status).toBe(201);
    await h.waitUntil(
      `${label}: the customer to read the send`,
      async () =>
        (await customerInbox()).some((m) => m.direction === 'in' && m.text === `${label} from zapgate`),
      20_000,
    );
    expect((await phoneSays(`${label} from the phone`)).status).toBe(201);
    await h.waitUntil(
      `${label}: the phone message at the webhook`,
      () => webhooksWith(`${label} from the phone`).length > 0,
      30_000,
    );
  };

  beforeAll(async () => {
    h = await DistributedHarness.start({
      tmpPrefix: 'zg-e2e-ferret-restart-',
      webhookReceiver: true,
      clusterEnv: { ZG_DATA_KEY: DATA_KEY, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    await Promise.all([
      h.startGateway().then(() => (base = h.base)),
      h.startWebhookDispatch(),
      h.startShard('shard-a'),
    ]);
    await h.addPhone(CUSTOMER, 'Customer');
    await h.addPhone(NUMBER);
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('keeps answering within a bound, retries auth writes, corrupts nothing and works after', async () => {
    token = await h.pairMegaInstance(KEY, NUMBER);
    await h.authWritesSettled();
    await bothWays('before');

    // traffic both ways until told to stop: sends one after another, a phone message every 300 ms
    const sends: SendResult[] = [];
    const phoneTexts: string[] = [];
    let running = true;
    const sender = (async () => {
      for (let n = 0; running; n++) sends.push(await send(`traffic ${n}`));
    })();
    const phone = (async () => {
      for (let n = 0; running; n++) {
        const text = `phone traffic ${n}`;
        const r = await phoneSays(text);
        if (r.status === 201) phoneTexts.push(text);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    await h.waitUntil('traffic to flow', () => sends.length >= 3 && phoneTexts.length >= 3, 30_000);

    // the database crashes; traffic goes on until the shard has failed to store keys and a few
    // sends and phone messages have happened in the outage
    const failuresBefore = authWriteFailures();
    await h.killMongo();
    const killedAt = Date.now();
    const [sendsAtKill, phoneAtKill] = [sends.length, phoneTexts.length];
    await h.waitUntil(
      'auth writes to fail and traffic to run into the outage',
      () =>
        authWriteFailures() > failuresBefore &&
        sends.length >= sendsAtKill + 2 &&
        phoneTexts.length >= phoneAtKill + 3,
      60_000,
    );
    expect(crashed()).toEqual([]);
    await h.startMongoAgain();
    const backAt = Date.now();

    // traffic after the restart, then stop it
    await h.waitUntil(
      'sends to go through again',
      () => sends.some((s) => s.startedAt > backAt && s.answer.status === 201),
      60_000,
    );
    running = false;
    await Promise.all([sender, phone]);
    expect(crashed()).toEqual([]);

    // every send answered within the bound, 201 or the dialect's 503 with Retry-After; never a 500
    const slow = sends
      .filter((s) => s.ms > SEND_BOUND_MS)
      .map((s) => ({ text: s.text, ms: s.ms, status: s.answer.status, body: s.answer.body }));
    expect(slow).toEqual([]);
    for (const s of sends) {
      if (s.answer.status !== 201)
        expect({ text: s.text, answer: s.answer }).toEqual({
          text: s.text,
          answer: {
            status: 503,
            retryAfter: expect.stringMatching(/^\d+$/),
            body: expect.objectContaining({ error: true, code: 'unavailable' }),
          },
        });
    }
    const inOutage = sends.filter((s) => s.startedAt >= killedAt && s.startedAt < backAt);
    expect(inOutage.length).toBeGreaterThan(0);

    // each phone message reaches the webhook exactly once (per event id), those of the outage too
    const missing = () => phoneTexts.filter((t) => webhooksWith(t).length === 0);
    await h
      .waitUntil('every phone message at the webhook', () => missing().length === 0, 90_000)
      .catch(() => undefined);
    expect({ missing: missing(), of: phoneTexts.length }).toEqual({ missing: [], of: phoneTexts.length });
    for (const text of phoneTexts) {
      const hooks = webhooksWith(text);
      expect({ text, ids: new Set(hooks.map((w) => w.headers['x-zapgate-event-id'])).size }).toEqual({
        text,
        ids: 1,
      });
      expect({ text, deliveries: hooks.length }).toEqual({ text, deliveries: 1 });
    }
    // every send that was accepted reaches the customer and decrypts there
    const accepted = sends.filter((s) => s.answer.status === 201).map((s) => s.text);
    await h.waitUntil(
      'the customer to read every accepted send',
      async () => {
        const read = new Set((await customerInbox()).filter((m) => m.direction === 'in').map((m) => m.text));
        return accepted.every((t) => read.has(t));
      },
      60_000,
    );

    // the keys written late are in the database: the session keeps working, and so does a shard
    // that loads it from there
    await h.waitUntil('connected', async () => (await status()) === 'connected', 60_000);
    await bothWays('after the restart');
    await h.authWritesSettled();
    await h.processes.get('shard-a')!.stop();
    await h.startShard('shard-a');
    await h.waitUntil('connected on the reloaded keys', async () => (await status()) === 'connected', 60_000);
    await bothWays('after reloading the keys');
    const undecryptable = (await customerInbox()).filter((m) => m.direction === 'in' && m.text === null);
    expect(undecryptable).toEqual([]);
    expect(crashed()).toEqual([]);
  }, 360_000);
});
