import {
  expectMegaError,
  expectWppError,
  poll,
  shopAndStoreHelpers,
  startShopAndStore,
  type Sandbox,
} from './standalone-harness.js';

// Message actions in both dialects against the sandbox: reactions, edits, deletes, read receipts
// and chat states reach a simulated phone, whose inbox (and phone view) says what it was shown.

const SHOP = '5511972000001'; // mega instance `shop`
const STORE = '5511972000002'; // WPPConnect session `store`
const ANA = '5511972000003';
const BIA = '5511972000004';
const jid = (n: string) => `${n}@s.whatsapp.net`;

interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  chat: string;
  text: string | null;
  status: string;
  reactions?: { from: string; emoji: string }[];
  edited?: { previousText: string | null };
  revoked?: { at: number };
}
interface ChatState {
  chat: string;
  from: string;
  state: string;
}

describe('message actions (react, edit, delete, read, presence), standalone sandbox over HTTP', () => {
  let h: Sandbox;
  let megaToken: string;
  let wppToken: string;

  const { onPhone, wpp, megaText, wppText } = shopAndStoreHelpers<InboxMessage>(() => ({
    h,
    megaToken,
    wppToken,
  }));
  const chatState = (phone: string, from: string, state: string) =>
    poll(`${phone} to be shown ${state} by ${from}`, async () => {
      const view = (await h.call('GET', `/sandbox/phones/${phone}`)).body as { chatStates: ChatState[] };
      return view.chatStates.find((c) => c.from === jid(from) && c.state === state);
    });
  const mega = (path: string, body: unknown) => h.call('POST', `/rest/chat/shop/${path}`, body, megaToken);
  /** A text a phone sent to an instance, once the instance stored it (message-by-id finds it). */
  const fromPhone = async (phone: string, to: string, text: string): Promise<string> => {
    const sent = await h.call('POST', `/sandbox/phones/${phone}/messages`, { to: jid(to), text });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    const token = to === STORE ? wppToken : undefined;
    if (token)
      await poll(`store to have ${id}`, async () =>
        (await h.call('GET', `/api/store/message-by-id/${id}`, undefined, token)).status === 201
          ? true
          : undefined,
      );
    return id;
  };

  beforeAll(async () => {
    ({ h, megaToken, wppToken } = await startShopAndStore(SHOP, STORE, { Ana: ANA, Bia: BIA }));
  });
  afterAll(() => h?.close());

  describe('mega-API chat routes', () => {
    it('readMessage sends a read receipt: the sender phone shows its message read', async () => {
      const sent = await h.call('POST', `/sandbox/phones/${ANA}/messages`, {
        to: jid(SHOP),
        text: 'are you open?',
      });
      const id = sent.body.id as string;
      const reply = await mega('readMessage', {
        messageData: { key: { remoteJid: jid(ANA), fromMe: false, id } },
      });
      expect(reply).toMatchObject({ status: 200, body: { error: false, message: expect.any(String) } });
      expect(await onPhone(ANA, id, (m) => m.status === 'read')).toMatchObject({ direction: 'out' });
    });

    it('deleteMessage revokes the message on the phone; another chat or an unknown id is refused', async () => {
      const id = await megaText(ANA, 'wrong price: 10');
      expectMegaError(
        await mega('deleteMessage', {
          messageData: { to: BIA, key: { remoteJid: jid(BIA), fromMe: true, id } },
        }),
        400,
      );
      expectMegaError(
        await mega('deleteMessage', {
          messageData: { to: ANA, key: { remoteJid: jid(ANA), fromMe: true, id: '3EB0FFFFFFFFFFFFFFFF' } },
        }),
        404,
      );
      const reply = await mega('deleteMessage', {
        messageData: {
          to: jid(ANA),
          key: { remoteJid: jid(ANA), fromMe: true, id },
          messageTimestamp: 1750604787,
        },
      });
      expect(reply).toMatchObject({ status: 200, body: { error: false } });
      expect(await onPhone(ANA, id, (m) => !!m.revoked)).toMatchObject({
        revoked: { at: expect.any(Number) },
      });
    });

    it("deleteMessage refuses someone else's message in a private chat (400)", async () => {
      const sent = await h.call('POST', `/sandbox/phones/${BIA}/messages`, {
        to: jid(SHOP),
        text: 'hi shop',
      });
      const id = sent.body.id as string;
      const body = { messageData: { to: BIA, key: { remoteJid: jid(BIA), fromMe: false, id } } };
      // the instance stores the message as it arrives: until then it is unknown (404)
      const reply = await poll('shop to store the message', async () => {
        const r = await mega('deleteMessage', body);
        return r.status === 404 ? undefined : r;
      });
      expectMegaError(reply, 400);
      expect(reply.body.message).toMatch(/not sent by this account/);
    });

    it('deleteMessageFromMe takes both body shapes and deletes for me only (WhatsApp app-state sync)', async () => {
      const id = await megaText(ANA, 'keep this one');
      const n8n = await mega('deleteMessageFromMe', {
        messageData: {
          to: ANA,
          key: { remoteJid: jid(ANA), fromMe: true, id },
          messageTimestamp: 1750604787,
        },
      });
      const oas = await mega('deleteMessageFromMe', { to: ANA, messageData: { id, timestamp: 1750604787 } });
      for (const reply of [n8n, oas])
        expect(reply).toMatchObject({ status: 200, body: { error: false, message: expect.any(String) } });
      await onPhone(SHOP, id, (m) => !!(m as { deletedForMe?: object }).deletedForMe);
      expectMegaError(await mega('deleteMessageFromMe', { to: ANA, messageData: { timestamp: 1 } }), 400);
      expect((await onPhone(ANA, id)).revoked).toBeUndefined();
    });

    it('presenceUpdateChat shows composing, recording and paused (both spellings) on the phone', async () => {
      expect(await mega('presenceUpdateChat', { to: ANA, option: 'composing' })).toMatchObject({
        status: 200,
        body: { error: false },
      });
      await chatState(ANA, SHOP, 'composing');
      expect((await mega('presenceUpdateChat', { to: jid(ANA), presence: 'recording' })).status).toBe(200);
      await chatState(ANA, SHOP, 'recording');
      expect((await mega('presenceUpdateChat', { to: ANA, option: 'pause' })).status).toBe(200);
      // a receiving client shows a paused chat state as the contact being just available
      await chatState(ANA, SHOP, 'available');
      expectMegaError(await mega('presenceUpdateChat', { to: ANA, option: 'Digitando...' }), 400);
      expectMegaError(await mega('presenceUpdateChat', { to: ANA }), 400);
    });
  });

  describe('WPPConnect message actions', () => {
    it('react-message puts the emoji on the phone message, and false removes it', async () => {
      const id = await wppText(ANA, 'your order shipped');
      const msgId = `true_${ANA}@c.us_${id}`;
      expect(await wpp('react-message', { msgId, reaction: '👍' })).toMatchObject({
        status: 200,
        body: { status: 'success', response: { message: 'Reaction sended' } },
      });
      const reacted = await onPhone(ANA, id, (m) => !!m.reactions?.length);
      expect(reacted.reactions).toEqual([expect.objectContaining({ from: jid(STORE), emoji: '👍' })]);
      expect((await wpp('react-message', { msgId, reaction: false })).status).toBe(200);
      await onPhone(ANA, id, (m) => m.reactions?.length === 0);
    });

    it('react-message refuses an unknown id (404) and a message of another chat (400)', async () => {
      const id = await wppText(ANA, 'thanks!');
      expectWppError(
        await wpp('react-message', { msgId: `true_${ANA}@c.us_3EB0FFFFFFFFFFFFFFFF`, reaction: '👍' }),
        404,
      );
      expectWppError(await wpp('react-message', { msgId: `true_${BIA}@c.us_${id}`, reaction: '👍' }), 400);
      expectWppError(await wpp('react-message', { msgId: id, reaction: 42 }), 400);
      expect((await onPhone(ANA, id)).reactions).toBeUndefined();
    });

    it("edit-message changes the text on the phone; someone else's message is refused", async () => {
      const id = await wppText(ANA, 'delivery at 5pm');
      const reply = await wpp('edit-message', { id: `true_${ANA}@c.us_${id}`, newText: 'delivery at 6pm' });
      expect(reply).toMatchObject({
        status: 201,
        body: {
          status: 'success',
          response: { id: `true_${ANA}@c.us_${id}`, body: 'delivery at 6pm', fromMe: true },
        },
      });
      expect(await onPhone(ANA, id, (m) => !!m.edited)).toMatchObject({
        text: 'delivery at 6pm',
        edited: { previousText: 'delivery at 5pm' },
      });

      const theirs = await fromPhone(ANA, STORE, 'please change it');
      const refused = await wpp('edit-message', { id: `false_${ANA}@c.us_${theirs}`, newText: 'hacked' });
      expectWppError(refused, 400);
      expect(refused.body.message).toMatch(/not sent by this account/);
      expectWppError(await wpp('edit-message', { id: '3EB0FFFFFFFFFFFFFFFF', newText: 'x' }), 404);
    });

    it('delete-message revokes for everyone; onlyLocal deletes for me only', async () => {
      const id = await wppText(ANA, 'oops, wrong chat');
      const local = await wpp('delete-message', {
        phone: ANA,
        messageId: `true_${ANA}@c.us_${id}`,
        onlyLocal: true,
      });
      expect(local).toMatchObject({ status: 200, body: { status: 'success' } });
      await onPhone(STORE, id, (m) => !!(m as { deletedForMe?: object }).deletedForMe);
      expect((await onPhone(ANA, id)).revoked).toBeUndefined();
      expect(
        await wpp('delete-message', { phone: ANA, messageId: [`true_${ANA}@c.us_${id}`], onlyLocal: false }),
      ).toMatchObject({ status: 200, body: { status: 'success', response: { message: 'Message deleted' } } });
      expect(await onPhone(ANA, id, (m) => !!m.revoked)).toMatchObject({
        revoked: { at: expect.any(Number) },
      });
      expectWppError(await wpp('delete-message', { phone: ANA, messageId: '3EB0FFFFFFFFFFFFFFFF' }), 404);
    });

    it('send-seen marks the chat read: the phone shows its message read', async () => {
      const id = await fromPhone(BIA, STORE, 'is it in stock?');
      expect(await wpp('send-seen', { phone: BIA })).toMatchObject({
        status: 201,
        body: {
          status: 'Success',
          response: {
            message: 'Information retrieved successfully.',
            contact: [`${BIA}@c.us`],
            session: 'store',
          },
        },
      });
      await onPhone(BIA, id, (m) => m.status === 'read');
    });

    it('typing, recording and chat-state show on the phone; a bad chatstate is a 400', async () => {
      expect(await wpp('typing', { phone: BIA, value: true })).toMatchObject({
        status: 200,
        body: { status: 'success', response: [{ phone: `${BIA}@c.us`, state: 'composing' }] },
      });
      await chatState(BIA, STORE, 'composing');
      expect((await wpp('recording', { phone: BIA, value: true })).status).toBe(200);
      await chatState(BIA, STORE, 'recording');
      expect((await wpp('chat-state', { phone: BIA, chatstate: '2' })).status).toBe(200);
      await chatState(BIA, STORE, 'available');
      expect((await wpp('chat-state', { phone: BIA, chatstate: '0' })).status).toBe(200);
      await chatState(BIA, STORE, 'composing');
      expect((await wpp('typing', { phone: BIA, value: false })).status).toBe(200);
      await chatState(BIA, STORE, 'available');
      expectWppError(await wpp('chat-state', { phone: BIA, chatstate: '7' }), 400);
    });
  });
});
