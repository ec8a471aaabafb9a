import type { GroupView, PhoneView } from '@zapgate/wa-sim';
import { ControlApiHarness } from './control-api.harness.js';

const ANA = '5511942000001';
const OFF = '5511942000002';
const SHOP = '5511942000003';

describe('simulator control API: a phone created offline', () => {
  let h: ControlApiHarness;
  beforeAll(async () => {
    h = await ControlApiHarness.start();
  });
  afterAll(() => h.close());

  it('is registered with its keys but runs no client: others add it to groups and encrypt for it', async () => {
    const created = await h.call<PhoneView>('POST', '/sandbox/phones', { number: OFF, online: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ number: OFF, online: false, devices: [{ id: 0, online: false }] });
    await h.call('POST', '/sandbox/phones', { number: ANA });
    const shop = await h.linkedCompanion(SHOP);

    // it cannot act: its phone is off
    const refused = await h.call('POST', `/sandbox/phones/${OFF}/messages`, { to: ANA, text: 'hi' });
    expect(refused.status).toBe(503);

    // an online phone puts it in a group; the Baileys member's first send gives it the sender key
    const group = await h.call<GroupView>('POST', `/sandbox/phones/${ANA}/groups`, {
      subject: 'Many',
      participants: [OFF, SHOP],
    });
    expect(group.status).toBe(201);
    expect(group.body.size).toBe(3);
    const jid = group.body.jid;
    await shop.socket.sendMessage(jid, { text: 'hello all' });
    const memory = await shop.auth.state.keys.get('sender-key-memory', [jid]);
    const off = (await h.call<PhoneView>('GET', `/sandbox/phones/${OFF}`)).body;
    expect(Object.keys(memory[jid] ?? {})).toContain(`${off.lid}@lid`);
    // a 1:1 message to it is taken (queued for when its phone comes online)
    const direct = await shop.socket.sendMessage(`${OFF}@s.whatsapp.net`, { text: 'later' });
    expect(direct?.key.id).toBeTruthy();
    expect((await h.call<PhoneView>('GET', `/sandbox/phones/${OFF}`)).body.online).toBe(false);
  });

  it('answers 400 for an online flag that is not a boolean', async () => {
    const res = await h.call('POST', '/sandbox/phones', { number: '5511942000009', online: 'no' });
    expect(res.status).toBe(400);
  });
});
