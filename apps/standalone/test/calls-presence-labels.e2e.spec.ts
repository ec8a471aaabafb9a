import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import {
  addPhones,
  megaConnected,
  pairMega,
  pairWpp,
  poll,
  startSandbox,
  wppConnected,
  type Http,
} from './standalone-harness.js';

// Calls and presence against the sandbox. A phone calls: both dialects' webhooks see the offer and
// WPPConnect's reject-call makes the phone see the call rejected. A session subscribes to a phone's
// presence, the phone goes online, types and leaves, and the webhook and chat-is-online/last-seen
// follow; a second session sees the first one's set-online-presence.

const STORE = '5511952000001'; // WPPConnect session `store` (webhook)
const DESK = '5511952000002'; // WPPConnect session `desk`
const ANA = '5511952000003';
const BIA = '5511952000004';
const SHOP = '5511952000005'; // mega instance `shop` (webhook)

interface SimCall {
  id: string;
  from: string;
  to: string;
  video: boolean;
  status: 'ringing' | 'rejected';
  rejectedBy?: string;
}

describe('calls and presence, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: WebhookReceiver;
  let storeToken: string;
  let deskToken: string;
  let megaToken: string;

  const post = (session: string, token: string, path: string, body: unknown) =>
    h.call('POST', `/api/${session}/${path}`, body, token);
  const get = (session: string, token: string, path: string) =>
    h.call('GET', `/api/${session}/${path}`, undefined, token);
  const phonePresence = async (phone: string, type: string, to?: string) =>
    expect(
      (await h.call('POST', `/sandbox/phones/${phone}/presence`, to ? { type, to } : { type })).status,
    ).toBe(200);
  /** Polls `chat-is-online` until it answers `online`. */
  const online = (session: string, token: string, phone: string, want: boolean) =>
    poll(`${session} to see ${phone} ${want ? 'online' : 'offline'}`, async () => {
      const reply = await get(session, token, `chat-is-online/${phone}`);
      expect(reply.status).toBe(200);
      return reply.body.response === want ? reply : undefined;
    });
  const presence = (state: string, isOnline: boolean) => (w: ReceivedWebhook) =>
    w.url === '/wpp' &&
    w.body?.event === 'onpresencechanged' &&
    w.body.id === `${ANA}@c.us` &&
    w.body.state === state &&
    w.body.isOnline === isOnline;
  const expectWppError = (reply: Http, status: number) =>
    expect(reply).toMatchObject({ status, body: { status: 'error', message: expect.any(String) } });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startSandbox();
    await addPhones(h, [STORE, DESK, ANA, BIA, SHOP]);
    storeToken = await pairWpp(h, STORE, { webhook: `${receiver.url}/wpp`, wait: false });
    deskToken = await pairWpp(h, DESK, { session: 'desk', wait: false });
    megaToken = await pairMega(h, SHOP, { webhookUrl: `${receiver.url}/mega`, wait: false });
    await Promise.all([
      wppConnected(h, storeToken),
      wppConnected(h, deskToken, 'desk'),
      megaConnected(h, megaToken),
    ]);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  /** The phone `from` calls `to`: the call as the simulator keeps it. */
  const call = async (from: string, to: string, video = false): Promise<SimCall> => {
    const placed = await h.call('POST', `/sandbox/phones/${from}/call`, { to, video });
    expect(placed).toMatchObject({ status: 201, body: { from, to, video, status: 'ringing' } });
    return placed.body as SimCall;
  };
  const callsOf = async (phone: string): Promise<SimCall[]> =>
    (await h.call('GET', `/sandbox/phones/${phone}`)).body.calls;

  describe('calls', () => {
    it('WPPConnect: a call reaches incomingcall, and reject-call makes the phone see it rejected', async () => {
      const placed = await call(ANA, STORE, true);
      const [offer] = await receiver.waitFor(
        1,
        (w) => w.url === '/wpp' && w.body?.event === 'incomingcall' && w.body.id === placed.id,
      );
      expect(offer!.body).toMatchObject({
        session: 'store',
        peerJid: `${ANA}@c.us`,
        offerTime: expect.any(Number),
        isVideo: true,
        isGroup: false,
        groupJid: null,
        outgoing: false,
        offerReceivedWhileOffline: false,
      });
      expect((await callsOf(ANA))[0]).toMatchObject({ id: placed.id, status: 'ringing' });

      expect(await post('store', storeToken, 'reject-call', { callId: placed.id })).toMatchObject({
        status: 200,
        body: { status: 'success', response: true },
      });
      const rejected = await poll('the phone to see the call rejected', async () =>
        (await callsOf(ANA)).find((c) => c.id === placed.id && c.status === 'rejected'),
      );
      expect(rejected.rejectedBy).toMatch(new RegExp(`^${STORE}:[1-9]`));
      // the callee's phone lists the call too
      expect((await callsOf(STORE)).find((c) => c.id === placed.id)).toMatchObject({ status: 'rejected' });
    });

    it("mega-API: a call reaches the webhook as Baileys' call event (zapgate extension)", async () => {
      const placed = await call(BIA, SHOP);
      const [offer] = await receiver.waitFor(
        1,
        (w) => w.url === '/mega' && w.body?.messageType === 'call' && w.body.call?.id === placed.id,
      );
      expect(offer!.body).toMatchObject({
        instance_key: 'shop',
        jid: expect.stringContaining(SHOP),
        call: {
          from: `${BIA}@s.whatsapp.net`,
          chatId: `${BIA}@s.whatsapp.net`,
          status: 'offer',
          isVideo: false,
          isGroup: false,
          offline: false,
          date: expect.any(String),
        },
      });
      // nobody rejected it: still ringing on the phone
      expect((await callsOf(BIA)).find((c) => c.id === placed.id)).toMatchObject({ status: 'ringing' });
    });

    it("reject-call refuses a call the session was not offered and a malformed id (WPPConnect's 400)", async () => {
      expectWppError(await post('store', storeToken, 'reject-call', { callId: 'FFFFFFFFFFFFFFFF' }), 400);
      expectWppError(await post('store', storeToken, 'reject-call', {}), 400);
      expectWppError(await post('store', storeToken, 'reject-call', { callId: 'not an id' }), 400);
      // a call offered to another account is not this session's to reject
      const other = await call(ANA, DESK);
      expectWppError(await post('store', storeToken, 'reject-call', { callId: other.id }), 400);
      expect((await callsOf(ANA)).find((c) => c.id === other.id)).toMatchObject({ status: 'ringing' });
    });
  });

  it("subscribe-presence: the phone's online, typing and offline reach onpresencechanged, chat-is-online and last-seen", async () => {
    // nothing seen yet: offline, no last seen
    expect(await get('store', storeToken, `chat-is-online/${ANA}`)).toMatchObject({
      status: 200,
      body: { status: 'success', response: false },
    });
    expect((await get('store', storeToken, `last-seen/${ANA}`)).body).toEqual({
      status: 'success',
      response: false,
    });

    expect(await post('store', storeToken, 'subscribe-presence', { phone: ANA })).toMatchObject({
      status: 200,
      body: { status: 'success', response: { message: 'Subscribe presence executed' } },
    });
    await phonePresence(ANA, 'available');
    const [available] = await receiver.waitFor(1, presence('available', true));
    expect(available!.body).toMatchObject({
      event: 'onpresencechanged',
      session: 'store',
      isGroup: false,
      isUser: true,
      t: expect.any(Number),
    });
    await online('store', storeToken, ANA, true);

    await phonePresence(ANA, 'composing', STORE);
    await receiver.waitFor(1, presence('composing', true));
    expect((await get('store', storeToken, `chat-is-online/${ANA}@c.us`)).body.response).toBe(true);

    const before = Math.floor(Date.now() / 1000);
    await phonePresence(ANA, 'unavailable');
    await receiver.waitFor(1, presence('unavailable', false));
    await online('store', storeToken, ANA, false);
    const seen = await get('store', storeToken, `last-seen/${ANA}`);
    expect(seen).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(seen.body.response).toBeGreaterThanOrEqual(before - 1);
    expect(seen.body.response).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
  });

  it('a contact nobody subscribed to reaches no webhook and stays unknown', async () => {
    await phonePresence(BIA, 'available');
    // ANA's later change arriving shows presence still flows; BIA's never does
    await post('store', storeToken, 'subscribe-presence', { phone: ANA });
    await phonePresence(ANA, 'available');
    await receiver.waitFor(2, presence('available', true));
    expect(receiver.received.some((w) => w.body?.id === `${BIA}@c.us`)).toBe(false);
    expect((await get('store', storeToken, `chat-is-online/${BIA}`)).body.response).toBe(false);
  });

  it('set-online-presence: a session subscribed to the account sees it go online and offline', async () => {
    expect(await post('desk', deskToken, 'subscribe-presence', { phone: [STORE] })).toMatchObject({
      status: 200,
    });
    expect(await post('store', storeToken, 'set-online-presence', { isOnline: true })).toMatchObject({
      status: 200,
      body: { status: 'success', response: { message: 'Set Online Presence Successfully' } },
    });
    await online('desk', deskToken, STORE, true);
    expect((await post('store', storeToken, 'set-online-presence', { isOnline: false })).status).toBe(200);
    await online('desk', deskToken, STORE, false);
    expect(typeof (await get('desk', deskToken, `last-seen/${STORE}`)).body.response).toBe('number');
    // the default is online
    expect((await post('store', storeToken, 'set-online-presence', {})).status).toBe(200);
    await online('desk', deskToken, STORE, true);
  });

  it("bad requests get WPPConnect's error body", async () => {
    expectWppError(await post('store', storeToken, 'subscribe-presence', {}), 400);
    expectWppError(await post('store', storeToken, 'subscribe-presence', { phone: 42 }), 400);
    expectWppError(
      await post('store', storeToken, 'subscribe-presence', { phone: '120363000000000001', isGroup: true }),
      501,
    );
    expectWppError(await post('store', storeToken, 'set-online-presence', { isOnline: 'maybe' }), 400);
    expectWppError(await get('store', storeToken, 'chat-is-online/120363000000000001@g.us'), 400);
    expectWppError(await get('store', storeToken, 'last-seen/120363000000000001@g.us'), 400);
  });

  it('labels on a personal account answer 403 with the reason (WhatsApp Business only; labels.e2e covers a business one)', async () => {
    const replies = [
      await post('store', storeToken, 'add-new-label', { name: 'VIP', options: { labelColor: 4 } }),
      await post('store', storeToken, 'add-or-remove-label', {
        chatIds: [`${ANA}@c.us`],
        options: [{ labelId: '1', type: 'add' }],
      }),
      await get('store', storeToken, 'get-all-labels'),
      await h.call('PUT', '/api/store/delete-all-labels', undefined, storeToken),
      await h.call('PUT', '/api/store/delete-label/1', undefined, storeToken),
    ];
    for (const reply of replies) {
      expectWppError(reply, 403);
      expect(reply.body.message).toContain('WhatsApp Business');
    }
    // the token still guards them
    expect((await h.call('GET', '/api/store/get-all-labels')).status).toBe(401);
  });
});
