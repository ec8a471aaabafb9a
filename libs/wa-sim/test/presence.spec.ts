import { SimHarness } from './harness.js';

describe('presence and chat state', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await SimHarness.start();
  });
  afterAll(() => h.close());

  it("routes a subscribed contact's availability and chat states to the companion", async () => {
    const { companion } = await h.linkedCompanion('5511920000001');
    const customer = await h.sim.createPhone({ number: '5511920000002', name: 'Customer' });
    const phone = h.sim.phone(customer.number);
    const presenceOf = (state: string) =>
      companion.next(
        'presence.update',
        (p) => p.id === customer.jid && Object.values(p.presences).some((x) => x.lastKnownPresence === state),
      );

    const initial = presenceOf('unavailable');
    await companion.socket.presenceSubscribe(customer.jid);
    await initial;

    const online = presenceOf('available');
    await phone.sendPresence('available');
    await online;

    for (const [sent, seen] of [
      ['composing', 'composing'],
      ['recording', 'recording'],
      ['paused', 'available'],
    ] as const) {
      const arrived = presenceOf(seen);
      await phone.sendPresence(sent, '5511920000001@s.whatsapp.net');
      await arrived;
    }
  });
});
