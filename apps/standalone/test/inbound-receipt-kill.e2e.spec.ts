import { once } from 'node:events';
import type { ReceivedWebhook, WebhookReceiver } from '@zapgate/testing';
import { openProcessRig, type ProcessRig } from './standalone-harness.js';

// No inbound message lost: the standalone process (dist/, `npm run build` first) is SIGKILLed by its
// test-only fault hook right after Baileys decrypted an incoming message and before its event was
// published, i.e. before the (patched) delivery receipt. The simulator keeps the unreceipted
// message and delivers it again on the next login; after a restart on the same DATA_DIR it
// reaches the webhook exactly once.
const SHOP = '5511940100001';
const CUSTOMER = '5511940100002';
const FAULT = 'die-before-publish';

describe('standalone killed between decryption and receipt', () => {
  let rig: ProcessRig & { receiver: WebhookReceiver };

  const poll = async (ok: () => boolean | Promise<boolean>, tries = 400) => {
    for (let i = 0; i < tries && !(await ok()); i++) await new Promise((r) => setTimeout(r, 50));
    return ok();
  };
  const text = (w: ReceivedWebhook): string | undefined =>
    w.body?.message?.extendedTextMessage?.text ?? w.body?.message?.conversation;
  const hooksFor = (t: string) => rig.receiver.received.filter((w) => text(w) === t);
  /** Messages the simulator delivered to the shop's linked devices and got no receipt for. */
  const unanswered = () =>
    rig.sim
      .getPhone(SHOP)
      .devices.filter((d) => d.id !== 0)
      .reduce((n, d) => n + rig.sim.unansweredMessages(SHOP, d.id), 0);

  beforeAll(async () => {
    rig = await openProcessRig({ name: 'receipt-kill', phones: [SHOP, CUSTOMER], webhooks: true });
  });
  afterAll(() => rig?.close());

  it('delivers the message the process died on, once, after a restart', async () => {
    let standalone = await rig.start({ ZG_FAULT_KILL_BEFORE_PUBLISH: FAULT });
    await rig.pairShop(SHOP, `${rig.receiver.url}/hook`);

    // an ordinary message: published, receipted, delivered once
    await rig.sim.sendFromPhone(CUSTOMER, SHOP, 'before the fault');
    expect(await poll(() => hooksFor('before the fault').length > 0)).toBe(true);
    expect(await poll(() => unanswered() === 0)).toBe(true);

    // the fault: the process dies after decrypting this one, before publishing its event
    const exited = once(standalone.child, 'exit');
    const doomed = await rig.sim.sendFromPhone(CUSTOMER, SHOP, `${FAULT} 1`);
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(hooksFor(`${FAULT} 1`)).toHaveLength(0);
    // no receipt went out: WhatsApp still holds it for the device
    expect(unanswered()).toBe(1);

    standalone = await rig.start();
    expect(await poll(() => hooksFor(`${FAULT} 1`).length > 0, 600)).toBe(true);
    await rig.sim.sendFromPhone(CUSTOMER, SHOP, 'after the restart');
    expect(await poll(() => hooksFor('after the restart').length > 0)).toBe(true);
    expect(await poll(() => unanswered() === 0)).toBe(true);

    const [hook] = hooksFor(`${FAULT} 1`);
    expect(hooksFor(`${FAULT} 1`)).toHaveLength(1); // exactly once
    expect(hook!.headers['x-zapgate-event-id']).toEqual(expect.any(String));
    expect(JSON.stringify(hook!.body)).toContain(doomed.id); // the same message (its WhatsApp id)
    expect(hooksFor('before the fault')).toHaveLength(1); // receipted: never delivered again

    const { code } = await standalone.stop();
    expect(code).toBe(0);
  }, 120_000);
});
