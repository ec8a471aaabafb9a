import type { PhoneMessage } from '@zapgate/wa-sim';
import { addPhones, pairMega, pairWpp, poll, startSandbox } from './standalone-harness.js';

// mega-API instance `shop` and WPPConnect session `store`, each on its own simulated account
const SHOP = '5511983000001';
const STORE = '5511983000002';
const ANA = '5511983000003';
const BIA = '5511983000004';
const jid = (n: string) => `${n}@s.whatsapp.net`;

describe('quotes, mentions, locations and contact cards in both dialects, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let mega: string;
  let wpp: string;

  const rest = (route: string, messageData: unknown) =>
    h.call('POST', `/rest/sendMessage/shop/${route}`, { messageData }, mega);
  const api = (route: string, body: unknown) => h.call('POST', `/api/store/${route}`, body, wpp);
  /** What the phone received: the message with this id (a serialized WPPConnect id or a bare one). */
  const received = (number: string, id: string): Promise<PhoneMessage> => {
    const bare = id.includes('_') ? id.split('_')[2]! : id;
    return h.zg.sim!.phone(number).waitForMessage((m) => m.id === bare && m.direction === 'in');
  };

  beforeAll(async () => {
    h = await startSandbox();
    await addPhones(h, [
      [SHOP, 'Shop'],
      [STORE, 'Store'],
      [ANA, 'Ana'],
      [BIA, 'Bia'],
    ]);
    mega = await pairMega(h, SHOP);
    wpp = await pairWpp(h, STORE);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  describe('mega-API', () => {
    it('textMentioned: the phone sees the mentioned jids', async () => {
      const sent = await rest('textMentioned', {
        to: ANA,
        text: `hello @${BIA}`,
        mentions: [jid(BIA)],
      });
      expect(sent).toMatchObject({
        status: 201,
        body: {
          error: false,
          messageData: { key: { remoteJid: jid(ANA), fromMe: true, id: expect.any(String) } },
        },
      });
      const got = await received(ANA, sent.body.messageData.key.id);
      expect(got).toMatchObject({ text: `hello @${BIA}`, mentions: [jid(BIA)], from: jid(SHOP) });
      expect(got.quoted).toBeUndefined();
    });

    it('quoteMessage: quotes a message the instance sent, and one it received', async () => {
      const first = await rest('text', { to: ANA, text: 'your order is ready' });
      const reply = await rest('quoteMessage', {
        to: ANA,
        text: 'pick it up at the counter',
        key: { remoteJid: jid(ANA), fromMe: true, id: first.body.messageData.key.id },
        message: { conversation: 'your order is ready' },
      });
      expect(reply).toMatchObject({ status: 201, body: { error: false } });
      expect(await received(ANA, reply.body.messageData.key.id)).toMatchObject({
        text: 'pick it up at the counter',
        quoted: { id: first.body.messageData.key.id, text: 'your order is ready' },
      });

      const question = await h.zg.sim!.sendFromPhone(ANA, SHOP, 'is it open on sunday?');
      // the instance stores what it receives; until then the quote is a 404
      const answer = await poll('the received message to be quotable', async () => {
        const r = await rest('quoteMessage', { to: ANA, text: 'yes, 9 to 5', key: { id: question.id } });
        return r.status === 404 ? undefined : r;
      });
      expect(answer.status).toBe(201);
      expect((await received(ANA, answer.body.messageData.key.id)).quoted).toMatchObject({
        id: question.id,
        participant: jid(ANA),
        text: 'is it open on sunday?',
      });
    });

    it('location: the phone sees the coordinates, name and address (numbers or numeric strings)', async () => {
      const sent = await rest('location', {
        to: `${ANA}@s.whatsapp.net`,
        latitude: -23.561414,
        longitude: '-46.655881',
        caption: 'MASP',
        address: 'Av. Paulista, 1578',
        url: 'https://masp.org.br',
      });
      expect(sent).toMatchObject({
        status: 201,
        body: { error: false, messageData: { key: { fromMe: true } } },
      });
      expect((await received(ANA, sent.body.messageData.key.id)).location).toEqual({
        latitude: -23.561414,
        longitude: -46.655881,
        name: 'MASP',
        address: 'Av. Paulista, 1578',
      });
    });

    it.each([
      ['a jid (ScriptCase macros)', `5511988887777@s.whatsapp.net`],
      ['free text (PHP class)', '+55 (11) 98888-7777'],
    ])('contactMessage with phoneNumber as %s: the phone gets the vCard', async (_, phoneNumber) => {
      const sent = await rest('contactMessage', {
        to: ANA,
        vcard: { fullName: 'Carla Dias', displayName: 'Carla', organization: 'Acme', phoneNumber },
      });
      expect(sent).toMatchObject({ status: 201, body: { error: false } });
      const { contacts } = await received(ANA, sent.body.messageData.key.id);
      expect(contacts?.displayName).toBe('Carla');
      expect(contacts?.contacts).toHaveLength(1);
      expect(contacts?.contacts[0]!.vcard).toMatch(/^BEGIN:VCARD\n/);
      expect(contacts?.contacts[0]!.vcard).toContain('FN:Carla Dias\n');
      expect(contacts?.contacts[0]!.vcard).toContain('ORG:Acme;\n');
      expect(contacts?.contacts[0]!.vcard).toContain('waid=5511988887777:+5511988887777');
    });

    it("answers client mistakes with mega's 4xx body, and sends nothing", async () => {
      const before = h.zg.sim!.messagesOf(ANA).length;
      expect(
        await rest('quoteMessage', {
          to: ANA,
          text: 'x',
          key: { remoteJid: jid(ANA), id: '3EB0000000DEADBEEF' },
        }),
      ).toMatchObject({
        status: 404,
        body: { error: true, message: expect.stringContaining('3EB0000000DEADBEEF') },
      });
      expect(await rest('location', { to: ANA, latitude: 91, longitude: 0 })).toMatchObject({
        status: 400,
        body: { error: true, message: expect.stringContaining('latitude must be between -90 and 90') },
      });
      expect(await rest('location', { to: ANA, latitude: 'north', longitude: 0 })).toMatchObject({
        status: 400,
        body: { error: true },
      });
      expect(await rest('textMentioned', { to: ANA, text: 'x', mentions: ['not a jid@'] })).toMatchObject({
        status: 400,
        body: { error: true, message: expect.stringContaining('mentions') },
      });
      expect(
        await rest('textMentioned', { to: ANA, text: 'x', mentions: ['120363040000000001@g.us'] }),
      ).toMatchObject({ status: 400, body: { error: true } });
      expect(await rest('textMentioned', { to: ANA, text: 'x', mentions: [] })).toMatchObject({
        status: 400,
        body: { error: true },
      });
      expect(
        await rest('contactMessage', { to: ANA, vcard: { fullName: 'X', phoneNumber: 'call me' } }),
      ).toMatchObject({
        status: 400,
        body: { error: true, message: expect.stringContaining('phoneNumber') },
      });
      expect(await rest('contactMessage', { to: ANA })).toMatchObject({ status: 400, body: { error: true } });
      expect(h.zg.sim!.messagesOf(ANA)).toHaveLength(before);
    });
  });

  describe('WPPConnect', () => {
    it('send-message with options.quotedMsg and options.mentionedList', async () => {
      const first = await api('send-message', { phone: BIA, message: 'two pizzas?' });
      expect(first.status).toBe(201);
      const firstId: string = first.body.response[0].id;
      const sent = await api('send-message', {
        phone: BIA,
        message: `confirmed, @${ANA} delivers`,
        options: { quotedMsg: firstId, mentionedList: [`${ANA}@c.us`] },
      });
      expect(sent).toMatchObject({
        status: 201,
        body: {
          status: 'success',
          response: [{ type: 'chat', fromMe: true, body: `confirmed, @${ANA} delivers` }],
        },
      });
      expect(await received(BIA, sent.body.response[0].id)).toMatchObject({
        text: `confirmed, @${ANA} delivers`,
        quoted: { id: firstId.split('_')[2], text: 'two pizzas?' },
        mentions: [jid(ANA)],
      });
    });

    it('send-reply quotes messageId', async () => {
      const question = await h.zg.sim!.sendFromPhone(BIA, STORE, 'do you deliver?');
      const reply = await poll('the received message to be quotable', async () => {
        const r = await api('send-reply', { phone: BIA, message: 'we do', messageId: question.id });
        return r.status === 404 ? undefined : r;
      });
      expect(reply).toMatchObject({
        status: 201,
        body: { status: 'success', response: [{ body: 'we do' }] },
      });
      expect((await received(BIA, reply.body.response[0].id)).quoted).toMatchObject({
        id: question.id,
        text: 'do you deliver?',
      });
    });

    it('send-mentioned answers the last message (no array) and the phones see the mentions', async () => {
      const sent = await api('send-mentioned', {
        phone: [ANA, BIA],
        message: `@${ANA} @${BIA} meeting at 3`,
        mentioned: [`${ANA}@c.us`, BIA],
      });
      expect(sent).toMatchObject({
        status: 201,
        body: { status: 'success', response: { to: `${BIA}@c.us`, type: 'chat', fromMe: true } },
      });
      expect(Array.isArray(sent.body.response)).toBe(false);
      expect((await received(BIA, sent.body.response.id)).mentions).toEqual([jid(ANA), jid(BIA)]);
      const atAna = await h.zg
        .sim!.phone(ANA)
        .waitForMessage((m) => m.direction === 'in' && m.text === `@${ANA} @${BIA} meeting at 3`);
      expect(atAna.mentions).toEqual([jid(ANA), jid(BIA)]);
    });

    it('send-location (lat and lng as strings): the phone sees the place', async () => {
      const sent = await api('send-location', {
        phone: BIA,
        lat: '-22.951916',
        lng: '-43.210487',
        title: 'Cristo Redentor',
        address: 'Parque Nacional da Tijuca',
      });
      expect(sent).toMatchObject({
        status: 201,
        body: { status: 'success', response: [{ type: 'location' }] },
      });
      expect((await received(BIA, sent.body.response[0].id)).location).toEqual({
        latitude: -22.951916,
        longitude: -43.210487,
        name: 'Cristo Redentor',
        address: 'Parque Nacional da Tijuca',
      });
    });

    it('contact-vcard: one card named by name, several cards in one message', async () => {
      const one = await api('contact-vcard', {
        phone: BIA,
        contactsId: ['5521999999999'],
        name: 'Dona Rosa',
      });
      expect(one).toMatchObject({ status: 200, body: { status: 'success', response: { type: 'vcard' } } });
      const card = (await received(BIA, one.body.response.id)).contacts;
      expect(card?.displayName).toBe('Dona Rosa');
      expect(card?.contacts).toHaveLength(1);
      expect(card?.contacts[0]!.vcard).toContain('FN:Dona Rosa\n');
      expect(card?.contacts[0]!.vcard).toContain('waid=5521999999999:+5521999999999');

      const many = await api('contact-vcard', {
        phone: BIA,
        contactsId: ['5521999999999@c.us', '5521988888888'],
        name: 'Suppliers',
      });
      expect(many.status).toBe(200);
      const cards = (await received(BIA, many.body.response.id)).contacts;
      expect(cards?.displayName).toBe('Suppliers');
      expect(cards?.contacts.map((c) => /waid=(\d+)/.exec(c.vcard)?.[1])).toEqual([
        '5521999999999',
        '5521988888888',
      ]);
    });

    it("answers client mistakes with WPPConnect's 4xx body, and sends nothing", async () => {
      const before = h.zg.sim!.messagesOf(BIA).length;
      const unknown = 'true_5511983000004@c.us_3EB0000000DEADBEEF';
      expect(await api('send-reply', { phone: BIA, message: 'x', messageId: unknown })).toMatchObject({
        status: 404,
        body: { status: 'error', message: expect.stringContaining('3EB0000000DEADBEEF') },
      });
      expect(
        await api('send-message', { phone: BIA, message: 'x', options: { quotedMsg: unknown } }),
      ).toMatchObject({ status: 404, body: { status: 'error' } });
      expect(await api('send-location', { phone: BIA, lat: '-91', lng: '0' })).toMatchObject({
        status: 400,
        body: { status: 'error', message: expect.stringContaining('lat must be between -90 and 90') },
      });
      expect(await api('send-location', { phone: BIA, lat: 0, lng: 181 })).toMatchObject({
        status: 400,
        body: { status: 'error' },
      });
      expect(await api('contact-vcard', { phone: BIA, contactsId: [], name: 'x' })).toMatchObject({
        status: 400,
        body: { status: 'error', message: expect.stringContaining('contactsId') },
      });
      expect(
        await api('contact-vcard', { phone: BIA, contactsId: ['120363040000000001@g.us'] }),
      ).toMatchObject({
        status: 400,
        body: { status: 'error' },
      });
      expect(
        await api('send-mentioned', { phone: BIA, message: 'x', mentioned: ['120363040000000001@g.us'] }),
      ).toMatchObject({
        status: 400,
        body: { status: 'error', message: expect.stringContaining('mentioned') },
      });
      expect(
        await api('send-message', { phone: BIA, message: 'x', options: { mentionedList: ['bad@'] } }),
      ).toMatchObject({ status: 400, body: { status: 'error' } });
      expect(
        await api('send-message', { phone: BIA, message: 'x', options: { createChat: true } }),
      ).toMatchObject({
        status: 501,
        body: { status: 'error', message: expect.stringContaining('createChat') },
      });
      expect(h.zg.sim!.messagesOf(BIA)).toHaveLength(before);
    });
  });
});
