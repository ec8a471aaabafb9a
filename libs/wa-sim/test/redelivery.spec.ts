import { SimHarness, textOf } from './harness.js';

// WhatsApp's store-and-forward: a message delivered to a device and not receipted (the client died
// between receiving and receipting) is delivered again, `offline`, on the device's next login; a
// receipted one never is. The client side is Baileys with zapgate's patch: `beforeMessageReceipt`
// throwing means no receipt and no upsert.
const poll = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  return ok();
};

describe('messages not receipted are delivered again', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await SimHarness.start();
  });
  afterEach(() => h.close());

  it('keeps an unreceipted message and delivers it again on the next login; a receipted one is not', async () => {
    const SHOP = '5511910001001';
    const CUSTOMER = '5511910001002';
    const held: string[] = [];
    const { companion } = await h.linkedCompanion(SHOP, undefined, {
      beforeMessageReceipt: async (msg) => {
        if (textOf(msg) === 'held') {
          held.push(msg.key.id!);
          throw new Error('the consumer could not keep it');
        }
      },
    });
    await h.sim.createPhone({ number: CUSTOMER });

    const ok = await h.sim.sendFromPhone(CUSTOMER, SHOP, 'ok');
    await companion.waitFor('messages.upsert', ({ messages }) => messages.some((m) => m.key.id === ok.id));
    expect(await poll(() => h.sim.unansweredMessages(SHOP, 1) === 0)).toBe(true);

    const kept = await h.sim.sendFromPhone(CUSTOMER, SHOP, 'held');
    expect(await poll(() => held.includes(kept.id))).toBe(true);
    // the hook refused it: no receipt, no ack, no upsert; the server still holds it
    expect(h.sim.unansweredMessages(SHOP, 1)).toBe(1);
    const upserted = (c: typeof companion, id: string) =>
      c.events.some(
        (e) =>
          e.name === 'messages.upsert' &&
          (e.data as { messages: { key: { id?: string } }[] }).messages.some((m) => m.key.id === id),
      );
    expect(upserted(companion, kept.id)).toBe(false);

    const closed = companion.waitForClose();
    companion.end();
    await closed;
    // the next login (with the hook, as zapgate runs it): delivered again, `offline`; its Signal
    // state was committed by the first decrypt, so Baileys (patched) answers with a retry receipt
    // and the phone sends it again
    const again = h.companion(companion.auth, { beforeMessageReceipt: async () => undefined });
    const redelivered = await again.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === kept.id && textOf(m) === 'held'),
    );
    expect(redelivered.messages.filter((m) => m.key.id === kept.id)).toHaveLength(1);
    // what the server delivered again came first, marked offline (an `append`)
    expect(
      again.events.some(
        (e) =>
          e.name === 'messages.upsert' &&
          (e.data as { type: string; messages: { key: { id?: string } }[] }).type === 'append' &&
          (e.data as { messages: { key: { id?: string } }[] }).messages.some((m) => m.key.id === kept.id),
      ),
    ).toBe(true);
    expect(await poll(() => h.sim.unansweredMessages(SHOP, 1) === 0)).toBe(true);
    // the first one was receipted: never delivered again
    const later = await h.sim.sendFromPhone(CUSTOMER, SHOP, 'later');
    await again.waitFor('messages.upsert', ({ messages }) => messages.some((m) => m.key.id === later.id));
    expect(upserted(again, ok.id)).toBe(false);
    expect(held).toEqual([kept.id]);
  });
});
