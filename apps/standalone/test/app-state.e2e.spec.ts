import {
  expectMegaError,
  expectWppError,
  poll,
  shopAndStoreHelpers,
  startShopAndStore,
  type Sandbox,
} from './standalone-harness.js';

// App-state changes (WhatsApp's synced app state, Baileys chatModify) in both dialects against the
// sandbox: the simulated phone shares its app-state key with the linked instance, stores and relays
// the patches, and its own client decodes them, so the phone's view shows the effect.

const SHOP = '5511974000001'; // mega instance `shop`
const STORE = '5511974000002'; // WPPConnect session `store`
const ANA = '5511974000003';
const BIA = '5511974000004';
const jid = (n: string) => `${n}@s.whatsapp.net`;

interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  chat: string;
  text: string | null;
  starred?: boolean;
  deletedForMe?: { at: number };
  revoked?: { at: number };
}
interface PhoneChat {
  chat: string;
  markedUnread: boolean;
  archived: boolean;
  pinnedAt?: number;
  muteEndTime?: number;
  deletedAt?: number;
}

describe('app-state changes (star, mark unseen, delete for me), standalone sandbox over HTTP', () => {
  let h: Sandbox;
  let megaToken: string;
  let wppToken: string;

  const { onPhone, wpp, megaText, wppText } = shopAndStoreHelpers<InboxMessage>(() => ({
    h,
    megaToken,
    wppToken,
  }));
  const chatOnPhone = (phone: string, chat: string, ready: (c: PhoneChat) => boolean) =>
    poll(`${phone} to show chat ${chat}`, async () => {
      const view = (await h.call('GET', `/sandbox/phones/${phone}`)).body as { chats: PhoneChat[] };
      return view.chats.find((c) => c.chat === chat && ready(c));
    });
  const mega = (path: string, body: unknown) => h.call('POST', `/rest/chat/shop/${path}`, body, megaToken);

  beforeAll(async () => {
    ({ h, megaToken, wppToken } = await startShopAndStore(SHOP, STORE, { Ana: ANA, Bia: BIA }));
  });
  afterAll(() => h?.close());

  it('WPPConnect star-message stars and unstars: the phone shows the star; an unknown message is a 404', async () => {
    const id = await wppText(ANA, 'star me');
    const messageId = `true_${ANA}@c.us_${id}`;
    expect(await wpp('star-message', { messageId, star: true })).toMatchObject({
      status: 200,
      body: { status: 'success', response: { id: messageId, star: true } },
    });
    await onPhone(STORE, id, (m) => m.starred === true);
    expect(await wpp('star-message', { messageId: id, star: false })).toMatchObject({
      status: 200,
      body: { status: 'success', response: { id, star: false } },
    });
    await onPhone(STORE, id, (m) => m.starred === false);
    expectWppError(await wpp('star-message', { messageId: '3EB0FFFFFFFFFFFFFFFF' }), 404);
  });

  it('WPPConnect mark-unseen marks the chat unread on the phone; a chat it never had is a 404', async () => {
    const sent = await h.call('POST', `/sandbox/phones/${ANA}/messages`, {
      to: jid(STORE),
      text: 'hello store',
    });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    await poll(`store to have ${id}`, async () =>
      (await h.call('GET', `/api/store/message-by-id/${id}`, undefined, wppToken)).status === 201
        ? true
        : undefined,
    );
    expect(await wpp('mark-unseen', { phone: ANA })).toMatchObject({
      status: 200,
      body: { status: 'success' },
    });
    await chatOnPhone(STORE, jid(ANA), (c) => c.markedUnread);
    expectWppError(await wpp('mark-unseen', { phone: '5511974009999' }), 404);
  });

  it('WPPConnect delete-message onlyLocal deletes for me: the phone hides it, the recipient keeps it', async () => {
    const id = await wppText(ANA, 'delete me here only');
    expect(
      await wpp('delete-message', { phone: ANA, messageId: `true_${ANA}@c.us_${id}`, onlyLocal: true }),
    ).toMatchObject({ status: 200, body: { status: 'success', response: { message: 'Message deleted' } } });
    expect(await onPhone(STORE, id, (m) => !!m.deletedForMe)).toMatchObject({
      deletedForMe: { at: expect.any(Number) },
    });
    const atAna = await onPhone(ANA, id);
    expect(atAna.revoked).toBeUndefined();
    expect(atAna.deletedForMe).toBeUndefined();
    expectWppError(
      await wpp('delete-message', { phone: ANA, messageId: '3EB0FFFFFFFFFFFFFFFF', onlyLocal: true }),
      404,
    );
  });

  it('mega deleteMessageFromMe (both body shapes) deletes for me on the phone; an unknown message is a 404', async () => {
    const first = await megaText(BIA, 'n8n shape');
    const second = await megaText(BIA, 'openapi shape');
    const n8n = await mega('deleteMessageFromMe', {
      messageData: {
        to: BIA,
        key: { remoteJid: jid(BIA), fromMe: true, id: first },
        messageTimestamp: 1750604787,
      },
    });
    const oas = await mega('deleteMessageFromMe', {
      to: BIA,
      messageData: { id: second, timestamp: 1750604787 },
    });
    for (const reply of [n8n, oas])
      expect(reply).toMatchObject({ status: 200, body: { error: false, message: expect.any(String) } });
    await onPhone(SHOP, first, (m) => !!m.deletedForMe);
    await onPhone(SHOP, second, (m) => !!m.deletedForMe);
    expect((await onPhone(BIA, first)).deletedForMe).toBeUndefined();
    expectMegaError(
      await mega('deleteMessageFromMe', {
        to: BIA,
        messageData: { id: '3EB0FFFFFFFFFFFFFFFF', timestamp: 1 },
      }),
      404,
    );
  });

  it('the chat routes that are app-state changes (archive, pin, mute, clear, delete, push name) work in both dialects', async () => {
    const sent = await h.call('POST', `/sandbox/phones/${BIA}/messages`, {
      to: jid(STORE),
      text: 'hi again',
    });
    const id = sent.body.id as string;
    await poll(`store to have ${id}`, async () =>
      (await h.call('GET', `/api/store/message-by-id/${id}`, undefined, wppToken)).status === 201
        ? true
        : undefined,
    );
    const call = (path: string, body: unknown) => wpp(path, body);
    expect(await call('archive-chat', { phone: BIA, value: true })).toMatchObject({
      status: 201,
      body: { status: 'success' },
    });
    expect(await call('pin-chat', { phone: BIA, state: 'true' })).toMatchObject({
      status: 200,
      body: { status: 'success' },
    });
    expect(await call('send-mute', { phone: BIA, time: 1, type: 'hours' })).toMatchObject({
      status: 200,
      body: { status: 'success' },
    });
    await chatOnPhone(STORE, jid(BIA), (c) => c.archived && !!c.pinnedAt && !!c.muteEndTime);
    expect(await call('change-username', { name: 'Store Two' })).toMatchObject({ status: 200 });
    expect(await call('clear-chat', { phone: BIA })).toMatchObject({ status: 201 });
    expect(await call('delete-chat', { phone: BIA })).toMatchObject({ status: 201 });
    await chatOnPhone(STORE, jid(BIA), (c) => !!c.deletedAt);

    // mega-API: the shop wrote to Bia above (deleteMessageFromMe), so it has the chat
    await megaText(BIA, 'pin this chat');
    const pin = await h.call('POST', '/rest/chat/shop/pinChat', { to: jid(BIA), option: true }, megaToken);
    expect(pin).toMatchObject({ status: 200, body: { error: false } });
    await chatOnPhone(SHOP, jid(BIA), (c) => !!c.pinnedAt);
    const name = await h.call(
      'POST',
      '/rest/instance/setProfileName/shop',
      { messageData: { name: 'Shop Two' } },
      megaToken,
    );
    expect(name).toMatchObject({ status: 200, body: { error: false } });
  });
});
