import type { WaSimulator, PhoneMessage } from '@zapgate/wa-sim';
import {
  addPhones,
  openProcessRig,
  pairMega,
  pairWpp,
  poll,
  startSandbox,
  type ProcessRig,
  type Sandbox,
} from './standalone-harness.js';

/** Records when each phone first showed each text (this process's clock), by text. */
function receiveTimes(sim: WaSimulator, numbers: string[]) {
  const at = new Map<string, Map<string, number>>();
  for (const n of numbers) {
    at.set(n, new Map());
    sim.phone(n).on('message', (m: PhoneMessage) => {
      if (m.direction === 'in' && m.text && !at.get(n)!.has(m.text)) at.get(n)!.set(m.text, Date.now());
    });
  }
  return at;
}

/** How many messages with `text` the phone shows (a message sent twice under two ids shows twice). */
const copies = (sim: WaSimulator, phone: string, text: string) =>
  sim.messagesOf(phone).filter((m) => m.direction === 'in' && m.text === text).length;

describe('sends to many: pacing (sandbox)', () => {
  const SHOP = '5511960000001';
  const STORE = '5511960000002';
  const CUSTOMERS = ['5511960000011', '5511960000012', '5511960000013'];
  const DELAY = 1_500;
  let h: Sandbox;

  beforeAll(async () => {
    h = await startSandbox({ ZG_BULK_DELAY_MS: String(DELAY), ZG_BULK_JITTER: '0' });
    await addPhones(h, [SHOP, STORE, ...CUSTOMERS]);
  }, 60_000);
  afterAll(() => h?.close());

  it('mega textToMany: the phones receive the text one delay apart, each once', async () => {
    const token = await pairMega(h, SHOP);
    const at = receiveTimes(h.zg.sim!, CUSTOMERS);
    const reply = await h.call(
      'POST',
      '/rest/sendMessage/shop/textToMany',
      { messageData: { to: CUSTOMERS, text: 'paced sale' } },
      token,
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ error: false, sent: 3, failed: 0 });
    const times = await poll('every customer to receive the text', async () => {
      const t = CUSTOMERS.map((c) => at.get(c)!.get('paced sale'));
      return t.every((x) => x !== undefined) ? (t as number[]) : undefined;
    });
    // in order, each at least the delay after the previous one (the send itself adds to it)
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(DELAY - 100);
      expect(times[i]! - times[i - 1]!).toBeLessThan(DELAY + 5_000);
    }
    for (const c of CUSTOMERS) expect(copies(h.zg.sim!, c, 'paced sale')).toBe(1);
    // each phone got the message id the reply names
    for (const [i, c] of CUSTOMERS.entries())
      expect(h.zg.sim!.messagesOf(c).find((m) => m.text === 'paced sale')!.id).toBe(
        reply.body.results[i].messageData.key.id,
      );
  }, 60_000);

  it('WPPConnect send-message to a phone list: paced the same way, one response entry per recipient', async () => {
    const token = await pairWpp(h, STORE);
    const at = receiveTimes(h.zg.sim!, CUSTOMERS.slice(0, 2));
    const reply = await h.call(
      'POST',
      '/api/store/send-message',
      { phone: CUSTOMERS.slice(0, 2), message: 'wpp paced' },
      token,
    );
    expect(reply.status).toBe(201);
    expect(reply.body.response).toHaveLength(2);
    const [a, b] = await poll('both customers to receive the text', async () => {
      const t = CUSTOMERS.slice(0, 2).map((c) => at.get(c)!.get('wpp paced'));
      return t.every((x) => x !== undefined) ? (t as number[]) : undefined;
    });
    expect(b! - a!).toBeGreaterThanOrEqual(DELAY - 100);
    for (const c of CUSTOMERS.slice(0, 2)) expect(copies(h.zg.sim!, c, 'wpp paced')).toBe(1);
  }, 60_000);
});

// The standalone process from dist/ (`npm run build` first) against a simulator in this process,
// SIGKILLed in the middle of a send to many and started again on the same DATA_DIR.
describe('sends to many: resumed after SIGKILL (process from dist/)', () => {
  const SHOP = '5511961000001';
  const CUSTOMERS = Array.from({ length: 6 }, (_, i) => `55119610000${String(11 + i)}`);
  const TEXT = 'resumed sale';
  let rig: ProcessRig;

  beforeAll(async () => {
    rig = await openProcessRig({
      name: 'bulk-kill',
      phones: [SHOP, ...CUSTOMERS],
      env: { ZG_BULK_DELAY_MS: '1000', ZG_BULK_JITTER: '0' },
    });
  });
  afterAll(() => rig?.close());

  it('sends the remaining recipients after the restart, and no phone gets the message twice', async () => {
    let standalone = await rig.start();
    await rig.pairShop(SHOP);
    const at = receiveTimes(rig.sim, CUSTOMERS);
    const got = () => CUSTOMERS.filter((c) => at.get(c)!.has(TEXT));

    // the request waits for the whole job (about 5 s): the process dies under it
    const request = rig
      .call('POST', '/rest/sendMessage/shop/textToMany', {
        messageData: { to: CUSTOMERS, text: TEXT },
      })
      .then(
        () => 'answered',
        () => 'cut off',
      );
    await poll('two customers to receive the text', async () => (got().length >= 2 ? true : undefined));
    await standalone.kill();
    expect(await request).toBe('cut off');
    const beforeRestart = got();
    expect(beforeRestart.length).toBeLessThan(CUSTOMERS.length); // it really was mid-way
    expect(beforeRestart).toEqual(CUSTOMERS.slice(0, beforeRestart.length)); // in order

    standalone = await rig.start();
    await poll(
      'every customer to receive the text after the restart',
      async () => (got().length === CUSTOMERS.length ? true : undefined),
      60_000,
    );
    // the rest came in order, paced again
    const times = CUSTOMERS.map((c) => at.get(c)!.get(TEXT)!);
    for (let i = beforeRestart.length + 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);
    // the job, as the zapgate extension shows it: finished, every recipient sent under the id it
    // recorded before the send, which is the id each phone shows
    const [summary] = await poll('the job to finish', async () => {
      const { body } = await rig.call('GET', '/rest/bulk/shop');
      return body.data?.[0]?.running === false ? body.data : undefined;
    });
    expect(summary).toMatchObject({ count: CUSTOMERS.length, counts: { sent: CUSTOMERS.length, failed: 0 } });
    const job = (await rig.call('GET', `/rest/bulk/shop/${summary.id}`)).body.data;
    expect(job.recipients.map((r: { state: string }) => r.state)).toEqual(CUSTOMERS.map(() => 'sent'));
    for (const [i, c] of CUSTOMERS.entries()) {
      const shown = rig.sim.messagesOf(c).filter((m) => m.direction === 'in' && m.text === TEXT);
      expect(shown.map((m) => m.id)).toEqual([job.recipients[i].messageId]);
    }
    expect((await rig.call('GET', '/rest/bulk/shop/no-such-job')).status).toBe(404);

    const { code } = await standalone.stop();
    expect(code).toBe(0);
    // nothing more can be sent now: still one copy each
    for (const c of CUSTOMERS) expect(copies(rig.sim, c, TEXT)).toBe(1);
  }, 180_000);
});
