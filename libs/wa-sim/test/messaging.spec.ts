import { proto } from '@whiskeysockets/baileys';
import type { PhoneMessage } from '../src/index.js';
import { SimHarness, textOf } from './harness.js';

const { DELIVERY_ACK, READ } = proto.WebMessageInfo.Status;

const phoneMessage = (h: SimHarness, number: string, match: (m: PhoneMessage) => boolean) =>
  h.sim.phone(number).waitForMessage(match);

describe('1:1 messaging (real Signal encryption through the simulator)', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await SimHarness.start();
  });
  afterEach(() => h.close());

  it('delivers a companion text to a phone, with delivered then read status back', async () => {
    const { companion } = await h.linkedCompanion('5511900000001', 'Shop');
    await h.sim.createPhone({ number: '5511900000002', name: 'Customer' });

    const sent = await companion.socket.sendMessage('5511900000002@s.whatsapp.net', {
      text: 'hello customer',
    });
    const id = sent!.key.id!;
    const received = await phoneMessage(h, '5511900000002', (m) => m.id === id);
    expect(received).toMatchObject({
      direction: 'in',
      text: 'hello customer',
      from: '5511900000001@s.whatsapp.net',
      delivery: 'notify',
    });

    await companion.waitForStatus(id, DELIVERY_ACK);
    await h.sim.phone('5511900000002').markRead([id]);
    await companion.waitForStatus(id, READ);
  });

  it('delivers a phone text to the companion, and the sender phone sees it delivered', async () => {
    const { companion } = await h.linkedCompanion('5511900000011');
    await h.sim.createPhone({ number: '5511900000012' });

    const sent = await h.sim.sendFromPhone('5511900000012', '5511900000011', 'hi from the customer');
    const upsert = await companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === sent.id),
    );
    const msg = upsert.messages.find((m) => m.key.id === sent.id)!;
    expect(upsert.type).toBe('notify');
    expect(msg.key.fromMe).toBe(false);
    expect(textOf(msg)).toBe('hi from the customer');
    await phoneMessage(h, '5511900000012', (m) => m.id === sent.id && m.status === 'delivered');
  });

  it('copies what a companion sends to its own phone (fromMe), and lets two companions talk', async () => {
    const a = await h.linkedCompanion('5511900000021');
    const b = await h.linkedCompanion('5511900000022');

    const sent = await a.companion.socket.sendMessage(b.phone.jid, { text: 'device to device' });
    const id = sent!.key.id!;
    const atB = await b.companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === id),
    );
    expect(textOf(atB.messages.find((m) => m.key.id === id)!)).toBe('device to device');
    const copy = await phoneMessage(h, '5511900000021', (m) => m.id === id);
    expect(copy).toMatchObject({ direction: 'out', fromCompanion: true, text: 'device to device' });
    // B's phone (device 0) gets it as well: every device of the account does
    await phoneMessage(h, '5511900000022', (m) => m.id === id && m.direction === 'in');

    const reply = await b.companion.socket.sendMessage(a.phone.jid, { text: 'and back' });
    await a.companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === reply!.key.id && textOf(m) === 'and back'),
    );
  });

  it('queues messages for an offline device and delivers them on its next login as append', async () => {
    const { companion } = await h.linkedCompanion('5511900000031');
    await h.sim.createPhone({ number: '5511900000032' });
    const auth = companion.auth;
    const closed = companion.waitForClose();
    companion.end();
    await closed;

    const first = await h.sim.sendFromPhone('5511900000032', '5511900000031', 'while you were away 1');
    const second = await h.sim.sendFromPhone('5511900000032', '5511900000031', 'while you were away 2');

    const back = h.companion(auth);
    const upserts = await Promise.all(
      [first.id, second.id].map((id) =>
        back.waitFor('messages.upsert', ({ messages }) => messages.some((m) => m.key.id === id)),
      ),
    );
    expect(upserts.map((u) => u.type)).toEqual(['append', 'append']);
    expect(
      upserts.map((u, i) => textOf(u.messages.find((m) => m.key.id === [first.id, second.id][i])!)),
    ).toEqual(['while you were away 1', 'while you were away 2']);
    await phoneMessage(h, '5511900000032', (m) => m.id === second.id && m.status === 'delivered');
  });
});
