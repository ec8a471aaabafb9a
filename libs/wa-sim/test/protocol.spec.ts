import { S_WHATSAPP_NET } from '@whiskeysockets/baileys';
import { SimHarness, textOf } from './harness.js';

describe('protocol details', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await SimHarness.start();
  });
  afterAll(() => h.close());

  it('answers keepalive pings and unknown iqs with a result instead of leaving the client waiting', async () => {
    const { companion } = await h.linkedCompanion('5511930000001');
    const ping = await companion.socket.query({
      tag: 'iq',
      attrs: { to: S_WHATSAPP_NET, type: 'get', xmlns: 'w:p' },
      content: [{ tag: 'ping', attrs: {} }],
    });
    expect(ping.attrs.type).toBe('result');
    const unknown = await companion.socket.query({
      tag: 'iq',
      attrs: { to: S_WHATSAPP_NET, type: 'get', xmlns: 'made:up' },
      content: [{ tag: 'thing', attrs: {} }],
    });
    expect(unknown.attrs.type).toBe('result');
  });

  it('tells which numbers are on WhatsApp, and maps numbers to LIDs', async () => {
    const { companion } = await h.linkedCompanion('5511930000002');
    const other = await h.sim.createPhone({ number: '5511930000003' });
    const result = await companion.socket.onWhatsApp('5511930000003', '5511930009999');
    expect(result).toEqual([expect.objectContaining({ jid: other.jid, exists: true })]);
    const mapping = await companion.socket.signalRepository.lidMapping.getLIDForPN(other.jid);
    expect(mapping).toBe(other.lidJid);
  });

  it('routes a message addressed to a LID, with the sender in LID form and its number alongside', async () => {
    const a = await h.linkedCompanion('5511930000004');
    const b = await h.linkedCompanion('5511930000005');
    const sent = await a.companion.socket.sendMessage(b.phone.lidJid, { text: 'by lid' });
    const upsert = await b.companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === sent!.key.id),
    );
    const msg = upsert.messages.find((m) => m.key.id === sent!.key.id)!;
    expect(textOf(msg)).toBe('by lid');
    expect(msg.key.remoteJid).toBe(a.phone.lidJid);
    expect(msg.key.remoteJidAlt).toBe(a.phone.jid);
  });
});
