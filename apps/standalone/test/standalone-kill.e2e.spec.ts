import type { ReceivedWebhook, WebhookReceiver } from '@zapgate/testing';
import { openProcessRig, type ProcessRig } from './standalone-harness.js';

// The standalone process from dist/ (`npm run build` first) against a simulator in this process,
// SIGKILLed while it delivers webhooks and started again on the same DATA_DIR.
const SHOP = '5511940000001';
const CUSTOMER = '5511940000002';
const N = 40;

describe('standalone process killed mid-stream', () => {
  let rig: ProcessRig & { receiver: WebhookReceiver };

  beforeAll(async () => {
    rig = await openProcessRig({ name: 'kill-test', phones: [SHOP, CUSTOMER], webhooks: true });
  });
  afterAll(() => rig?.close());

  it('delivers every event at least once after a SIGKILL and restart; duplicates carry the same event id', async () => {
    let standalone = await rig.start();
    await rig.pairShop(SHOP, `${rig.receiver.url}/hook`);

    // the receiver refuses while the customer writes, so every message waits in the outbox
    let mode: 'refuse' | 'slow' | 'ok' = 'refuse';
    rig.receiver.respond = async (_w, res) => {
      if (mode === 'refuse') return void res.writeHead(503).end();
      if (mode === 'slow') await new Promise((r) => setTimeout(r, 50));
      res.writeHead(200).end();
    };
    for (let n = 0; n < N; n++) await rig.sim.sendFromPhone(CUSTOMER, SHOP, `k${n}`);
    const queued = async () =>
      (await rig.call('GET', '/rest/webhook/shop/deliveries?limit=500')).body.data.filter(
        (d: { event: string }) => d.event === 'message',
      ).length;
    for (let i = 0; i < 400 && (await queued()) < N; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await queued()).toBe(N);

    mode = 'slow';
    const isMessage = (w: ReceivedWebhook) => w.body?.messageType === 'extendedTextMessage';
    await rig.receiver.waitFor(8, isMessage);
    await standalone.kill();
    const atKill = rig.receiver.received.filter(isMessage).length;
    expect(atKill).toBeLessThan(N); // it really was mid-stream

    mode = 'ok';
    standalone = await rig.start();
    const text = (w: ReceivedWebhook): string => w.body.message.extendedTextMessage.text;
    const expected = Array.from({ length: N }, (_, n) => `k${n}`);
    for (let i = 0; i < 600; i++) {
      const got = new Set(rig.receiver.received.filter(isMessage).map(text));
      if (expected.every((t) => got.has(t))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const hooks = rig.receiver.received.filter(isMessage);
    const ids = new Map<string, Set<string>>();
    for (const w of hooks)
      ids.set(text(w), (ids.get(text(w)) ?? new Set()).add(w.headers['x-zapgate-event-id'] as string));
    expect([...ids.keys()].sort()).toEqual([...expected].sort()); // nothing missing
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true); // duplicates: same id
    const firsts: string[] = [];
    for (const w of hooks) if (!firsts.includes(text(w))) firsts.push(text(w));
    // in the instance's event order (the outbox's; Baileys may publish a burst of messages from a
    // new contact in another order than the phone sent them, e.g. the first one, a pre-key message,
    // after the next few)
    const logged = (await rig.call('GET', '/rest/webhook/shop/deliveries?limit=500')).body.data
      .filter((d: { event: string }) => d.event === 'message')
      .reverse()
      .map((d: { body: ReceivedWebhook['body'] }) => text({ body: d.body } as ReceivedWebhook));
    expect(firsts).toEqual(logged);

    const { code } = await standalone.stop();
    expect(code).toBe(0);
  }, 120_000);
});
