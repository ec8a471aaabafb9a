// No inbound message lost across a shard crash: shard-a (its own OS process from dist/, `npm run
// build` first) holds the instance and is SIGKILLed by its test-only fault hook right after Baileys
// decrypted a phone's message and before the message's event was published, i.e. before the
// (patched) delivery receipt. The simulator keeps the unreceipted message; the instance reopens on
// shard-b, WhatsApp delivers it again, and the webhook (through the dispatcher) gets it once.
import { once } from 'node:events';
import type { ReceivedWebhook } from '@zapgate/testing';
import { call, DATA_KEY, DistributedHarness } from './distributed-harness.js';

const LEASE_TTL_MS = 6_000;
const CUSTOMER = '5511960000299';
const NUMBER = '5511960000201';
const KEY = 'receipt-1';
const FAULT = 'die-before-publish';

describe('distributed: a shard killed between decryption and receipt', () => {
  let h: DistributedHarness;
  let simBase: string;
  let base: string;
  let token: string;
  const waitUntil = <T>(
    what: string,
    probe: () => T | undefined | Promise<T | undefined>,
    timeoutMs: number,
  ) => h.waitUntil(what, probe, timeoutMs);

  const holder = () => h.holderOf(KEY);
  const status = async () =>
    (await call('GET', `${base}/rest/instance/${KEY}`, undefined, token)).body?.instance?.status;
  const phoneSends = async (text: string) => {
    const r = await call('POST', `${simBase}/sandbox/phones/${CUSTOMER}/messages`, { to: NUMBER, text });
    expect(r.status).toBe(201);
    return r.body as { id: string };
  };
  const hooksWith = (text: string) =>
    h.receiver.received.filter((w: ReceivedWebhook) => w.raw.includes(JSON.stringify(text)));

  const startShard = async (id: string, env: Record<string, string> = {}) =>
    (await h.startShard(id, { leaseTtlMs: LEASE_TTL_MS, env })).process;

  beforeAll(async () => {
    h = await DistributedHarness.start({
      tmpPrefix: 'zg-e2e-receipt-mongo-',
      webhookReceiver: true,
      clusterEnv: { ZG_DATA_KEY: DATA_KEY, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    simBase = h.simBase;
    await Promise.all([
      h.startGateway().then(() => (base = h.base)),
      h.startWebhookDispatch(),
      // the only shard at first, so it holds the instance; armed with the fault
      startShard('shard-a', { ZG_FAULT_KILL_BEFORE_PUBLISH: FAULT }),
    ]);
    await h.addPhone(CUSTOMER, 'Customer');
    await h.addPhone(NUMBER);
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('delivers the message shard-a died on through shard-b, once', async () => {
    token = await h.pairMegaInstance(KEY, NUMBER);
    expect(holder()).toBe('shard-a');

    await phoneSends('before the fault');
    await waitUntil(
      'the first message at the webhook',
      () => hooksWith('before the fault').length > 0,
      20_000,
    );
    await h.authWritesSettled();
    await startShard('shard-b');

    // shard-a dies after decrypting this one, before publishing its event (so before its receipt)
    const exited = once(h.processes.get('shard-a')!.child, 'exit');
    const doomed = await phoneSends(`${FAULT} 1`);
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(hooksWith(`${FAULT} 1`)).toHaveLength(0);

    await waitUntil(
      'the instance connected on shard-b',
      async () => holder() === 'shard-b' && (await status()) === 'connected',
      LEASE_TTL_MS + 20_000,
    );
    await waitUntil('the message at the webhook', () => hooksWith(`${FAULT} 1`).length > 0, 30_000);
    await phoneSends('after the failover');
    await waitUntil(
      'a later message at the webhook',
      () => hooksWith('after the failover').length > 0,
      20_000,
    );

    const hooks = hooksWith(`${FAULT} 1`);
    expect(hooks).toHaveLength(1); // exactly once
    expect(hooks[0]!.raw).toContain(doomed.id); // the same WhatsApp message
    expect(hooks[0]!.headers['x-zapgate-event-id']).toEqual(expect.any(String));
    expect(hooksWith('before the fault')).toHaveLength(1); // receipted: never delivered again
    expect((await call('GET', `${simBase}/sandbox/stats`)).body.concurrentLogins).toBe(0);
  }, 180_000);
});
