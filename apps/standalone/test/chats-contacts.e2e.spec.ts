import { addPhones, pairMega, pairWpp, poll, startSandbox, type Http } from './standalone-harness.js';

// Chats, contacts and the blocklist in both dialects against the sandbox: phones write to the
// instances, whose chat lists show the chats with their unread counts, last messages and the
// writers' push names; block/unblock go through WhatsApp (the simulator keeps blocklists); the
// app-state changes (archive, pin, mute, push name) go through WhatsApp's app-state sync (the
// simulated phone shares its app-state key; app-state.e2e.spec.ts checks what the phone shows);
// bad ids and unknown chats get the dialect's 4xx.

const SHOP = '5511973000001'; // mega instance `shop`
const STORE = '5511973000002'; // WPPConnect session `store`
const ANA = '5511973000003';
const BIA = '5511973000004';
const jid = (n: string) => `${n}@s.whatsapp.net`;
const cus = (n: string) => `${n}@c.us`;

interface WppChat {
  id: { _serialized: string; user: string; server: string };
  name?: string;
  unreadCount: number;
  archive: boolean;
  pin: number;
  t: number;
  lastReceivedKey?: { id: string; fromMe: boolean; _serialized: string };
  contact?: { pushname?: string; isBlocked: boolean };
}

describe('chats, contacts and blocklist, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let megaToken: string;
  let wppToken: string;
  const wpp = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, `/api/store/${path}`, body, wppToken);
  const mega = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, path, body, megaToken);
  const phoneSends = async (from: string, to: string, text: string): Promise<string> =>
    (await h.call('POST', `/sandbox/phones/${from}/messages`, { to: jid(to), text })).body.id as string;

  beforeAll(async () => {
    h = await startSandbox();
    await addPhones(h, [SHOP, STORE, [ANA, 'Ana'], [BIA, 'Bia']]);
    megaToken = await pairMega(h, SHOP);
    wppToken = await pairWpp(h, STORE);
  }, 120_000);
  afterAll(() => h?.close());

  it('WPPConnect: chats show unread counts, last messages and push names; reading clears the count', async () => {
    await phoneSends(ANA, STORE, 'hi 1');
    const last = await phoneSends(ANA, STORE, 'hi 2');
    const fromBia = await phoneSends(BIA, STORE, 'hello from Bia');

    const chats = await poll('both chats in all-chats', async () => {
      const r = await wpp('GET', 'all-chats');
      const list = (r.body.response ?? []) as WppChat[];
      const ana = list.find((c) => c.id._serialized === cus(ANA));
      return ana?.unreadCount === 2 && list.some((c) => c.lastReceivedKey?.id === fromBia) ? r : undefined;
    });
    expect(chats.status).toBe(200);
    expect(chats.body).toMatchObject({ status: 'success', mapper: 'chat' });
    const list = chats.body.response as WppChat[];
    // newest activity first (WhatsApp's times are seconds: one second's chats go by id)
    const times = list.map((c) => c.t);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const ana = list.find((c) => c.id._serialized === cus(ANA))!;
    expect(ana).toMatchObject({
      id: { server: 'c.us', user: ANA },
      name: 'Ana',
      unreadCount: 2,
      archive: false,
      pin: 0,
      lastReceivedKey: { id: last, fromMe: false, _serialized: `false_${cus(ANA)}_${last}` },
      contact: { pushname: 'Ana', isBlocked: false },
    });
    expect(ana.t).toBeGreaterThan(1_700_000_000);

    // list-chats filters (raw array)
    const unread = await wpp('POST', 'list-chats', { onlyWithUnreadMessage: true, onlyUsers: true });
    expect(unread.status).toBe(200);
    expect((unread.body as WppChat[]).map((c) => c.id._serialized).sort()).toEqual(
      [cus(ANA), cus(BIA)].sort(),
    );
    expect(await wpp('POST', 'list-chats', { onlyGroups: true })).toMatchObject({ status: 200, body: [] });
    const page = await wpp('POST', 'list-chats', { id: cus(BIA), count: 1, direction: 'after' });
    expect((page.body as WppChat[]).map((c) => c.id._serialized)).toEqual([cus(ANA)]);
    expect((await wpp('GET', 'all-chats-archived')).status).toBe(201);

    // one chat, its messages, the unread ones
    const byId = await wpp('GET', `chat-by-id/${ANA}`);
    expect(byId).toMatchObject({ status: 200, body: { id: { _serialized: cus(ANA) }, unreadCount: 2 } });
    const inChat = await wpp('GET', `all-messages-in-chat/${ANA}`);
    // oldest first; messages of one second (WhatsApp's resolution) in id order
    expect(inChat.body.response.map((m: { body: string }) => m.body).sort()).toEqual(['hi 1', 'hi 2']);
    const allUnread = await wpp('GET', 'all-unread-messages');
    expect(allUnread.body.response.map((m: { body: string }) => m.body).sort()).toEqual(
      ['hello from Bia', 'hi 1', 'hi 2'].sort(),
    );

    // contacts, with the push names WhatsApp carried
    const contacts = await wpp('GET', 'all-contacts');
    expect(contacts.status).toBe(200);
    expect(contacts.body.response).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: expect.objectContaining({ _serialized: cus(ANA) }), pushname: 'Ana' }),
        expect.objectContaining({ id: expect.objectContaining({ _serialized: cus(BIA) }), pushname: 'Bia' }),
      ]),
    );
    expect((await wpp('GET', `contact/${BIA}`)).body).toMatchObject({
      status: 'success',
      response: { pushname: 'Bia', isBlocked: false },
    });
    expect((await wpp('GET', `contact/pn-lid/${ANA}`)).body).toMatchObject({
      phoneNumber: { _serialized: cus(ANA) },
      lid: { server: 'lid' },
    });

    // send-seen reads the chat: the phone sees blue ticks, the chat list 0 unread
    expect((await wpp('POST', 'send-seen', { phone: ANA })).status).toBe(201);
    await poll('Ana read', async () => {
      const r = await wpp('GET', `chat-by-id/${ANA}`);
      return r.body.unreadCount === 0 ? true : undefined;
    });

    expect((await wpp('GET', 'get-phone-number')).body).toEqual({
      status: 'success',
      response: cus(STORE),
      mapper: 'device',
    });
    expect((await wpp('GET', 'host-device')).body).toMatchObject({
      status: 'success',
      // the simulator links a personal account's devices as WhatsApp's android app
      response: { id: cus(STORE), phoneNumber: cus(STORE), platform: 'android' },
    });
  });

  it('WPPConnect: block and unblock go through WhatsApp; app-state changes go through app-state sync', async () => {
    await poll('Ana in the contacts', async () =>
      (await wpp('GET', `contact/${ANA}`)).status === 200 ? true : undefined,
    );
    expect((await wpp('POST', 'block-contact', { phone: ANA })).body).toEqual({
      status: 'success',
      response: { message: 'Contact blocked' },
    });
    expect((await wpp('GET', 'blocklist')).body).toEqual({ status: 'success', response: [{ phone: ANA }] });
    expect((await wpp('GET', `contact/${ANA}`)).body.response.isBlocked).toBe(true);
    // WhatsApp does not deliver a blocked user's messages: sent while blocked, it never arrives (the
    // message sent after the unblock arrives, and the blocked one, sent first, is still missing)
    const whileBlocked = await phoneSends(ANA, STORE, 'you blocked me');
    expect((await wpp('POST', 'unblock-contact', { phone: ANA })).body).toEqual({
      status: 'success',
      response: { message: 'Contact UnBlocked' },
    });
    expect((await wpp('GET', 'blocklist')).body).toEqual({ status: 'success', response: [] });
    const afterUnblock = await phoneSends(ANA, STORE, 'unblocked now');
    const inChat = await poll('the message sent after the unblock', async () => {
      const r = await wpp('GET', `all-messages-in-chat/${ANA}`);
      const ids = (r.body.response as { id: string }[]).map((m) => m.id);
      return ids.some((id) => id.endsWith(afterUnblock)) ? ids : undefined;
    });
    expect(inChat.some((id) => id.endsWith(whileBlocked))).toBe(false);

    // archive, pin (the string 'true' pins), mute, push name: WhatsApp's app-state sync
    for (const [path, body] of [
      ['archive-chat', { phone: ANA, value: true }],
      ['pin-chat', { phone: ANA, state: 'true' }],
      ['send-mute', { phone: ANA, time: 1, type: 'hours' }],
      ['change-username', { name: 'Store' }],
    ] as const) {
      const r = await wpp('POST', path, body);
      expect([path, r.status < 300, r.body.status]).toEqual([path, true, 'success']);
    }
    const chat = (await wpp('GET', `chat-by-id/${ANA}`)).body;
    expect(chat).toMatchObject({ archive: true });
    expect(chat.pin).toBeGreaterThan(0);
    expect(chat.muteExpiration).not.toBe(0);
    expect(await wpp('GET', 'list-mutes/all')).toMatchObject({ status: 200, body: { status: 'success' } });
    expect((await wpp('GET', 'list-mutes/all')).body.response).toHaveLength(1);
    expect((await wpp('GET', 'list-mutes/everything')).status).toBe(400);

    expect((await wpp('GET', `check-number-status/${ANA}`)).body).toEqual({
      status: 'success',
      response: {
        id: { server: 'c.us', user: ANA, _serialized: cus(ANA) },
        isBusiness: false,
        canReceiveMessage: true,
        numberExists: true,
        status: 200,
      },
    });
    expect((await wpp('GET', 'check-number-status/5511970009999')).body.response).toMatchObject({
      numberExists: false,
      status: 404,
    });

    // the profile: no picture in the simulator, an about text of the phone (none set)
    expect((await wpp('GET', `profile-pic/${ANA}`)).body).toMatchObject({
      status: 'success',
      response: { id: { _serialized: cus(ANA) } },
    });
    expect((await wpp('GET', `profile-status/${ANA}`)).body).toMatchObject({
      status: 'success',
      response: { id: cus(ANA) },
    });
  });

  it('a freshly paired instance lists the chats its phone had (history sync)', async () => {
    const PHIL = '5511973000005';
    await addPhones(h, [[PHIL, 'Phil']]);
    const first = await phoneSends(ANA, PHIL, 'before 1');
    await phoneSends(PHIL, ANA, 'a reply from the phone');
    const second = await phoneSends(ANA, PHIL, 'before 2');
    await poll('the phone to have both', async () => {
      const inbox = (await h.call('GET', `/sandbox/phones/${PHIL}/messages`)).body as { id: string }[];
      return [first, second].every((id) => inbox.some((m) => m.id === id)) ? true : undefined;
    });
    const token = await pairWpp(h, PHIL, { session: 'hist' });
    const chat = await poll('the phone’s chat on the new session', async () => {
      const r = await h.call('GET', `/api/hist/chat-by-id/${ANA}`, undefined, token);
      return r.status === 200 ? (r.body as WppChat) : undefined;
    });
    expect(chat).toMatchObject({ unreadCount: 2, lastReceivedKey: { id: second, fromMe: false } });
    const messages = await h.call('GET', `/api/hist/all-messages-in-chat/${ANA}`, undefined, token);
    expect(messages.body.response.map((m: { body: string }) => m.body).sort()).toEqual(
      ['a reply from the phone', 'before 1', 'before 2'].sort(),
    );
  });

  it('WPPConnect: bad ids and unknown chats are 4xx in its body', async () => {
    const unknown = await wpp('GET', 'chat-by-id/5511970009999');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 'error', code: 'chat_not_found' });
    const bad = await wpp('GET', 'chat-by-id/not-a-number');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 'error' });
    expect((await wpp('GET', 'contact/5511970009999')).status).toBe(404);
    expect((await wpp('POST', 'list-chats', { id: cus('5511970009999') })).status).toBe(404);
    expect((await wpp('POST', 'list-chats', { onlyGroups: true, onlyUsers: true })).status).toBe(400);
    expect((await wpp('POST', 'change-username', {})).body).toEqual({
      status: 'error',
      message: 'Parameter name is required!',
    });
  });

  it('mega-API: pinChat, blockChat, profile picture, chat list; errors in its body', async () => {
    const fromAna = await phoneSends(ANA, SHOP, 'to the shop');
    const chats = await poll('Ana in the mega chat list', async () => {
      const r = await mega('GET', '/rest/instance/chats/shop');
      return r.body.data?.some((c: { id: string }) => c.id === jid(ANA)) ? r : undefined;
    });
    expect(chats.body.data[0]).toMatchObject({
      id: jid(ANA),
      unreadCount: 1,
      archived: false,
      pinned: false,
    });
    expect((await mega('GET', '/rest/instance/contacts/shop')).body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: jid(ANA), notify: 'Ana' })]),
    );
    void fromAna;

    const pin = await mega('POST', '/rest/chat/shop/pinChat', { to: jid(ANA), option: true });
    expect(pin).toMatchObject({ status: 200, body: { error: false } });

    expect((await mega('POST', '/rest/chat/shop/blockChat', { to: jid(BIA), option: 'true' })).body).toEqual({
      error: false,
      message: 'Contact blocked',
    });
    expect((await mega('POST', '/rest/chat/shop/blockChat', { to: BIA, option: false })).body).toEqual({
      error: false,
      message: 'Contact unblocked',
    });
    expect((await mega('POST', '/rest/chat/shop/readChat', { to: jid(ANA) })).body).toEqual({
      error: false,
      message: 'Chat read',
    });
    await poll('Ana read on the mega instance', async () => {
      const r = await mega('GET', '/rest/instance/chats/shop');
      return r.body.data.find((c: { id: string }) => c.id === jid(ANA))?.unreadCount === 0 ? true : undefined;
    });

    expect(
      (await mega('GET', `/rest/instance/getProfilePicture/shop?to=${jid(ANA)}&type=image`)).body,
    ).toEqual({
      error: false,
      data: null,
    });
    const name = await mega('POST', '/rest/instance/setProfileName/shop', { messageData: { name: 'Shop' } });
    expect(name).toMatchObject({ status: 200, body: { error: false } });

    const bad = await mega('POST', '/rest/chat/shop/blockChat', {
      to: '120363000000000001@g.us',
      option: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: true });
    expect((await mega('POST', '/rest/chat/shop/pinChat', { to: jid(ANA), option: 'maybe' })).status).toBe(
      400,
    );
    const unknownChat = await mega('POST', '/rest/chat/shop/readChat', { to: jid('5511970009999') });
    expect(unknownChat.status).toBe(404);
    expect(unknownChat.body).toMatchObject({ error: true });
    expect((await mega('GET', '/rest/instance/getProfilePicture/shop')).status).toBe(400);
  });
});
