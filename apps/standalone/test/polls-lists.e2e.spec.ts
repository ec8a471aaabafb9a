import type { ReceivedWebhook, WebhookReceiver } from '@zapgate/testing';
import sharp from 'sharp';
import {
  expectMegaError,
  expectWppError,
  poll,
  shopAndStoreHelpers,
  startShopAndStore,
  type Sandbox,
} from './standalone-harness.js';

// Polls, lists, buttons and templates in both dialects against the sandbox: a poll reaches the
// phone with its options, the phone votes (an encrypted pollUpdateMessage) and the vote comes back
// decrypted as each dialect's webhook and from votes/{id}; lists, buttons and templates reach the
// phone with their sections, rows and buttons, and the phone's answers to them reach both
// dialects' webhooks; malformed bodies are 400s and send nothing.

const SHOP = '5511973000001'; // mega instance `shop`
const STORE = '5511973000002'; // WPPConnect session `store`
const ANA = '5511973000003';
const BIA = '5511973000004';
const jid = (n: string) => `${n}@s.whatsapp.net`;
const cus = (n: string) => `${n}@c.us`;

interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  chat: string;
  text: string | null;
  poll?: { name: string; options: string[]; selectableCount: number; myVote?: string[] };
  reply?: { kind: string; id?: string; title?: string; to?: string };
  interactive?: {
    kind: string;
    text?: string;
    title?: string;
    footer?: string;
    buttonText?: string;
    choices: { id: string; title: string }[];
    sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
    buttons?: { type: string; title: string; value: string }[];
    image?: { mimetype?: string };
  };
}

describe('polls, lists and buttons in both dialects, standalone sandbox over HTTP', () => {
  let h: Sandbox;
  let receiver: WebhookReceiver;
  let megaToken: string;
  let wppToken: string;
  let close: (() => Promise<void>) | undefined;

  const { inbox, onPhone, wpp } = shopAndStoreHelpers<InboxMessage>(() => ({ h, megaToken, wppToken }));
  const mega = (path: string, body: unknown) =>
    h.call('POST', `/rest/sendMessage/shop/${path}`, body, megaToken);
  const phoneDoes = async (phone: string, path: string, body: unknown, status: number) => {
    const res = await h.call('POST', `/sandbox/phones/${phone}${path}`, body);
    expect(res).toMatchObject({ status });
    return res.body as InboxMessage;
  };
  const megaHook = (match: (body: ReceivedWebhook['body']) => boolean) => (w: ReceivedWebhook) =>
    w.url === '/mega' && match(w.body);
  const wppHook =
    (event: string, match: (body: ReceivedWebhook['body']) => boolean) => (w: ReceivedWebhook) =>
      w.url === '/wpp' && w.body?.event === event && match(w.body);
  /**
   * The phone answers message `id` (picks a list row, taps a button): its answer, once the webhook
   * it made reached `dialect`'s receiver (WPPConnect's onmessage, mega-API's message), and that webhook.
   */
  const answered = async (
    dialect: 'wpp' | 'mega',
    phone: string,
    id: string,
    choice: { kind: string; id: string; title: string },
  ) => {
    const reply = await phoneDoes(phone, `/messages/${id}/answer`, choice, 201);
    const [hook] = await receiver.waitFor(
      1,
      dialect === 'wpp'
        ? wppHook('onmessage', (b) => b.id === `false_${cus(phone)}_${reply.id}`)
        : megaHook((b) => b.key?.id === reply.id),
    );
    return { reply, hook: hook! };
  };

  beforeAll(async () => {
    ({ h, megaToken, wppToken, receiver, close } = await startShopAndStore(
      SHOP,
      STORE,
      { Ana: ANA, Bia: BIA },
      { webhooks: true },
    ));
  }, 120_000);
  afterAll(() => close?.());

  describe('WPPConnect polls', () => {
    it('send-poll-message reaches the phones with its options; votes come back as onpollresponse and votes/{id}', async () => {
      const sent = await wpp('send-poll-message', {
        phone: [ANA, BIA],
        name: 'Which day suits you?',
        choices: ['Monday', 'Tuesday', 'Friday'],
        options: { selectableCount: 1 },
      });
      expect(sent).toMatchObject({
        status: 201,
        body: {
          status: 'success',
          response: [
            { type: 'poll_creation', body: 'Which day suits you?', to: cus(ANA), fromMe: true },
            { type: 'poll_creation', to: cus(BIA) },
          ],
        },
      });
      const [anaPoll, biaPoll] = (sent.body.response as { id: string }[]).map((r) => r.id.split('_')[2]!);
      expect(await onPhone(ANA, anaPoll!)).toMatchObject({
        direction: 'in',
        poll: { name: 'Which day suits you?', options: ['Monday', 'Tuesday', 'Friday'], selectableCount: 1 },
      });
      await onPhone(BIA, biaPoll!);

      expect(await phoneDoes(ANA, `/messages/${anaPoll}/vote`, { options: ['Tuesday'] }, 200)).toMatchObject({
        poll: { myVote: ['Tuesday'] },
      });
      const [vote] = await receiver.waitFor(
        1,
        wppHook('onpollresponse', (b) => b.msgId?.id === anaPoll),
      );
      expect(vote!.body).toEqual({
        event: 'onpollresponse',
        session: 'store',
        msgId: {
          fromMe: true,
          remote: cus(ANA),
          id: anaPoll,
          _serialized: `true_${cus(ANA)}_${anaPoll}`,
        },
        chatId: cus(ANA),
        selectedOptions: [null, { name: 'Tuesday', localId: 1 }],
        timestamp: expect.any(Number),
        sender: cus(ANA),
      });

      // a changed vote replaces the voter's earlier one
      await phoneDoes(ANA, `/messages/${anaPoll}/vote`, { options: ['Friday'] }, 200);
      await receiver.waitFor(
        1,
        wppHook('onpollresponse', (b) => b.msgId?.id === anaPoll && !!b.selectedOptions?.[2]),
      );
      const votes = await poll('votes/{id} to show the changed vote', async () => {
        const r = await h.call('GET', `/api/store/votes/${anaPoll}`, undefined, wppToken);
        return r.body?.response?.votes?.[0]?.selectedOptions?.[0] === 2 ? r : undefined;
      });
      expect(votes).toMatchObject({
        status: 200,
        body: {
          status: 'success',
          response: {
            msgId: { fromMe: true, remote: cus(ANA), id: anaPoll },
            chatId: cus(ANA),
            votes: [{ selectedOptions: [2], sender: cus(ANA), timestamp: expect.any(Number) }],
            tally: [
              { name: 'Monday', localId: 0, votes: 0, voters: [] },
              { name: 'Tuesday', localId: 1, votes: 0, voters: [] },
              { name: 'Friday', localId: 2, votes: 1, voters: [cus(ANA)] },
            ],
          },
        },
      });
      // the serialized id works too; another poll has its own votes
      const serialized = await h.call(
        'GET',
        `/api/store/votes/${encodeURIComponent(`true_${cus(BIA)}_${biaPoll}`)}`,
        undefined,
        wppToken,
      );
      expect(serialized).toMatchObject({ status: 200, body: { response: { votes: [], chatId: cus(BIA) } } });
    });

    it('the phone refuses a vote for an option the poll does not have (control API 400); a vote taken back is an empty choice', async () => {
      const sent = await wpp('send-poll-message', { phone: ANA, name: 'Pizza?', choices: ['Yes', 'No'] });
      const id = (sent.body.response[0].id as string).split('_')[2]!;
      await onPhone(ANA, id);
      await phoneDoes(ANA, `/messages/${id}/vote`, { options: ['Maybe'] }, 400);
      await phoneDoes(ANA, `/messages/${id}/vote`, { options: ['Yes', 'No'] }, 400);
      // a vote, then taken back: the webhook says no options, votes/{id} has no vote left
      await phoneDoes(ANA, `/messages/${id}/vote`, { options: ['Yes'] }, 200);
      await receiver.waitFor(
        1,
        wppHook('onpollresponse', (b) => b.msgId?.id === id && b.selectedOptions?.[0]?.name === 'Yes'),
      );
      expect(await phoneDoes(ANA, `/messages/${id}/vote`, { options: [] }, 200)).toMatchObject({
        poll: { myVote: [] },
      });
      const [takenBack] = await receiver.waitFor(
        1,
        wppHook('onpollresponse', (b) => b.msgId?.id === id && b.selectedOptions?.length === 0),
      );
      expect(takenBack!.body).toMatchObject({ chatId: cus(ANA), sender: cus(ANA), selectedOptions: [] });
      const votes = await h.call('GET', `/api/store/votes/${id}`, undefined, wppToken);
      expect(votes).toMatchObject({
        status: 200,
        body: {
          response: {
            votes: [],
            tally: [
              { name: 'Yes', votes: 0 },
              { name: 'No', votes: 0 },
            ],
          },
        },
      });
    });

    it('bad polls are 400s: one choice, none, duplicates, selectableCount out of range, no name', async () => {
      const base = { phone: ANA, name: 'Q?', choices: ['A', 'B'] };
      expectWppError(await wpp('send-poll-message', { ...base, choices: ['A'] }), 400, /at least 2/);
      expectWppError(await wpp('send-poll-message', { ...base, choices: [] }), 400, /at least 2/);
      expectWppError(await wpp('send-poll-message', { ...base, choices: ['A', 'A'] }), 400, /distinct/);
      expectWppError(await wpp('send-poll-message', { ...base, choices: ['A', ' A'] }), 400, /distinct/);
      expectWppError(
        await wpp('send-poll-message', { ...base, options: { selectableCount: 3 } }),
        400,
        /selectableCount/,
      );
      expectWppError(
        await wpp('send-poll-message', { ...base, options: { selectableCount: -1 } }),
        400,
        /selectableCount/,
      );
      expectWppError(
        await wpp('send-poll-message', {
          ...base,
          choices: Array.from({ length: 13 }, (_, i) => `option ${i}`),
        }),
        400,
        /at most 12/,
      );
      expectWppError(await wpp('send-poll-message', { phone: ANA, choices: ['A', 'B'] }), 400, /name/);
    });

    it('votes/{id}: an unknown id is a 404, a message that is not a poll a 400', async () => {
      const unknown = await h.call('GET', '/api/store/votes/3EB0FFFFFFFFFFFFFFFF', undefined, wppToken);
      expectWppError(unknown, 404);
      const text = await wpp('send-message', { phone: ANA, message: 'not a poll' });
      const id = (text.body.response[0].id as string).split('_')[2]!;
      expectWppError(await h.call('GET', `/api/store/votes/${id}`, undefined, wppToken), 400, /not a poll/);
    });
  });

  describe('WPPConnect lists and buttons', () => {
    it('send-list-message reaches the phone with its sections and rows; the row picked comes back as onmessage list_response', async () => {
      const sent = await wpp('send-list-message', {
        phone: ANA,
        description: 'Choose your dish',
        buttonText: 'Menu',
        sections: [
          {
            title: 'Mains',
            rows: [
              { rowId: 'pizza', title: 'Pizza', description: 'Large' },
              { rowId: 'pasta', title: 'Pasta' },
            ],
          },
          { title: 'Drinks', rows: [{ rowId: 'soda', title: 'Soda', description: 'Cold' }] },
        ],
      });
      expect(sent).toMatchObject({
        status: 201,
        body: {
          status: 'success',
          response: [{ type: 'list', body: 'Choose your dish', to: cus(ANA), fromMe: true }],
          session: 'store',
        },
      });
      const id = (sent.body.response[0].id as string).split('_')[2]!;
      expect(await onPhone(ANA, id)).toMatchObject({
        direction: 'in',
        interactive: {
          kind: 'list',
          text: 'Choose your dish',
          buttonText: 'Menu',
          sections: [
            {
              title: 'Mains',
              rows: [
                { id: 'pizza', title: 'Pizza', description: 'Large' },
                { id: 'pasta', title: 'Pasta' },
              ],
            },
            { title: 'Drinks', rows: [{ id: 'soda', title: 'Soda', description: 'Cold' }] },
          ],
        },
      });
      // stored like any send: message-by-id answers it from the message store
      const stored = await h.call('GET', `/api/store/message-by-id/${id}`, undefined, wppToken);
      expect(stored).toMatchObject({
        status: 201,
        body: {
          response: { data: { id: `true_${cus(ANA)}_${id}`, type: 'list', body: 'Choose your dish' } },
        },
      });
      const { hook } = await answered('wpp', ANA, id, { kind: 'list', id: 'soda', title: 'Soda' });
      expect(hook.body).toMatchObject({
        type: 'list_response',
        body: 'Soda',
        from: cus(ANA),
        listResponse: { title: 'Soda', singleSelectReply: { selectedRowId: 'soda' } },
        quotedStanzaID: id,
      });
      // wppconnect's defaults: no description, no buttonText
      const bare = await wpp('send-list-message', {
        phone: ANA,
        sections: [{ title: 'Only', rows: [{ rowId: 'a', title: 'A' }] }],
      });
      expect(bare.status).toBe(201);
      const bareId = (bare.body.response[0].id as string).split('_')[2]!;
      expect(await onPhone(ANA, bareId)).toMatchObject({
        interactive: { kind: 'list', buttonText: 'SELECIONE UMA OPÇÃO', choices: [{ id: 'a', title: 'A' }] },
      });
    });

    it('send-buttons reaches the phone with its buttons (a link or call button makes a template); taps come back as onmessage', async () => {
      const sent = await wpp('send-buttons', {
        phone: ANA,
        message: 'Confirm order 17?',
        options: {
          buttons: [
            { id: 'yes', text: 'Yes' },
            { id: 'no', text: 'No' },
          ],
          title: 'Order 17',
          footer: 'Shop',
        },
      });
      expect(sent).toMatchObject({
        status: 201,
        body: { status: 'success', response: [cus(ANA)], session: 'store' },
      });
      const shown = await poll('the buttons on the phone', async () =>
        (await inbox(ANA)).find((m) => m.interactive?.text === 'Confirm order 17?'),
      );
      expect(shown).toMatchObject({
        direction: 'in',
        interactive: {
          kind: 'buttons',
          title: 'Order 17',
          footer: 'Shop',
          choices: [
            { id: 'yes', title: 'Yes' },
            { id: 'no', title: 'No' },
          ],
        },
      });
      const { hook } = await answered('wpp', ANA, shown.id, { kind: 'buttons', id: 'no', title: 'No' });
      expect(hook.body).toMatchObject({ type: 'buttons_response', body: 'No', selectedButtonId: 'no' });

      const template = await wpp('send-buttons', {
        phone: ANA,
        message: 'Visit us?',
        options: {
          buttons: [
            { id: 'later', text: 'Later' },
            { url: 'https://example.com/shop', text: 'Site' },
            { phoneNumber: '+5511973000001', text: 'Call' },
          ],
          footer: 'Shop',
        },
      });
      expect(template).toMatchObject({ status: 201, body: { response: [cus(ANA)] } });
      const shownTemplate = await poll('the template on the phone', async () =>
        (await inbox(ANA)).find((m) => m.interactive?.text === 'Visit us?'),
      );
      expect(shownTemplate.interactive).toMatchObject({
        kind: 'template',
        footer: 'Shop',
        buttons: [
          { type: 'reply', title: 'Later', value: 'later' },
          { type: 'url', title: 'Site', value: 'https://example.com/shop' },
          { type: 'call', title: 'Call', value: '+5511973000001' },
        ],
      });
    });

    it('malformed lists and buttons are 400s, an option zapgate does not carry out a 501; nothing reaches the phone', async () => {
      const before = (await inbox(BIA)).length;
      expectWppError(await wpp('send-list-message', { phone: BIA, sections: [] }), 400, /section/);
      expectWppError(
        await wpp('send-list-message', {
          phone: BIA,
          sections: [{ title: 'x', rows: [{ title: 'no id' }] }],
        }),
        400,
        /rowId/,
      );
      expectWppError(await wpp('send-buttons', { phone: BIA, options: { buttons: [] } }), 400, /message/);
      expectWppError(
        await wpp('send-buttons', { phone: BIA, message: 'x', options: { buttons: [] } }),
        400,
        /1 to 3/,
      );
      expectWppError(
        await wpp('send-buttons', {
          phone: BIA,
          message: 'x',
          options: { buttons: [{ url: 'ftp://a', text: 'A' }] },
        }),
        400,
        /url/,
      );
      expectWppError(
        await wpp('send-buttons', {
          phone: BIA,
          message: 'x',
          options: { buttons: [{ id: 'a', text: 'A' }], delay: 5 },
        }),
        501,
        /delay/,
      );
      expect((await inbox(BIA)).length).toBe(before);
    });

    it("a phone's list and button answers reach onmessage with what was picked", async () => {
      const sent = await wpp('send-message', { phone: BIA, message: 'What would you like?' });
      const id = (sent.body.response[0].id as string).split('_')[2]!;
      await onPhone(BIA, id);
      const { reply: list, hook: listHook } = await answered('wpp', BIA, id, {
        kind: 'list',
        id: 'pizza',
        title: 'Pizza',
      });
      expect(list).toMatchObject({
        direction: 'out',
        reply: { kind: 'list', id: 'pizza', title: 'Pizza', to: id },
      });
      expect(listHook.body).toMatchObject({
        type: 'list_response',
        body: 'Pizza',
        from: cus(BIA),
        listResponse: { title: 'Pizza', singleSelectReply: { selectedRowId: 'pizza' } },
        quotedStanzaID: id,
      });
      const { hook: buttonHook } = await answered('wpp', BIA, id, {
        kind: 'buttons',
        id: 'yes',
        title: 'Yes',
      });
      expect(buttonHook.body).toMatchObject({
        type: 'buttons_response',
        body: 'Yes',
        selectedButtonId: 'yes',
      });
    });
  });

  describe('mega-API', () => {
    it('a poll vote on a poll the instance sent reaches the webhook decrypted (pollUpdate)', async () => {
      // mega-API has no poll route: the shop's own phone (the account's primary device) sends the
      // poll; the instance, a linked device of that account, stores it as its own and decrypts votes
      const created = await h.call('POST', `/sandbox/phones/${SHOP}/poll`, {
        to: jid(ANA),
        name: 'Delivery or pick-up?',
        options: ['Delivery', 'Pick-up'],
        selectableCount: 1,
      });
      expect(created.status).toBe(201);
      const pollId = created.body.id as string;
      await onPhone(ANA, pollId, (m) => !!m.poll);
      await phoneDoes(ANA, `/messages/${pollId}/vote`, { options: ['Pick-up'] }, 200);
      const [vote] = await receiver.waitFor(
        1,
        megaHook((b) => b.pollUpdate?.pollCreationMessageKey?.id === pollId),
      );
      expect(vote!.body).toMatchObject({
        instance_key: 'shop',
        messageType: 'pollUpdateMessage',
        key: { remoteJid: jid(ANA), fromMe: false },
        message: {
          pollUpdateMessage: {
            pollCreationMessageKey: { id: pollId },
            vote: { encPayload: expect.any(String) },
          },
        },
        pollUpdate: {
          pollCreationMessageKey: { remoteJid: jid(ANA), fromMe: true, id: pollId },
          selectedOptions: ['Pick-up'],
          votes: [
            { name: 'Delivery', voters: [] },
            { name: 'Pick-up', voters: [jid(ANA)] },
          ],
        },
      });
    });

    it('listMessage reaches the phone with its sections and rows; the row picked reaches the webhook', async () => {
      const list = await mega('listMessage', {
        messageData: {
          to: BIA,
          buttonText: 'Menu',
          text: 'Choose',
          title: 'Today',
          description: 'Shop',
          sections: [
            { title: 'Mains', rows: [{ title: 'Pizza', description: 'Large', rowId: 'pizza' }] },
            { title: 'Drinks', rows: [{ title: 'Soda', description: 'Cold', rowId: 'soda' }] },
          ],
          listType: 0,
        },
      });
      expect(list).toMatchObject({
        status: 201,
        body: {
          error: false,
          messageData: { key: { remoteJid: jid(BIA), fromMe: true, id: expect.any(String) } },
        },
      });
      const id = list.body.messageData.key.id as string;
      expect(list.body.messageData.message.listMessage).toMatchObject({
        buttonText: 'Menu',
        listType: 'SINGLE_SELECT',
      });
      expect(await onPhone(BIA, id)).toMatchObject({
        direction: 'in',
        interactive: {
          kind: 'list',
          text: 'Choose',
          title: 'Today',
          footer: 'Shop',
          buttonText: 'Menu',
          sections: [
            { title: 'Mains', rows: [{ id: 'pizza', title: 'Pizza', description: 'Large' }] },
            { title: 'Drinks', rows: [{ id: 'soda', title: 'Soda', description: 'Cold' }] },
          ],
        },
      });
      const { hook } = await answered('mega', BIA, id, { kind: 'list', id: 'pizza', title: 'Pizza' });
      expect(hook.body).toMatchObject({
        messageType: 'listResponseMessage',
        key: { remoteJid: jid(BIA), fromMe: false },
        message: {
          listResponseMessage: {
            singleSelectReply: { selectedRowId: 'pizza' },
            contextInfo: { stanzaId: id },
          },
        },
      });
    });

    const template = {
      to: BIA,
      text: 'Confirm?',
      footerText: 'Shop',
      buttons: [
        { type: 'replyButton', title: 'Yes', payload: 'yes' },
        { type: 'urlButton', title: 'Site', payload: 'https://example.com' },
        { type: 'callButton', title: 'Call', payload: '+5511973000001' },
      ],
    };

    it('templateMessage reaches the phone with its buttons; a tap reaches the webhook', async () => {
      const sent = await mega('templateMessage', { messageData: template });
      expect(sent).toMatchObject({
        status: 201,
        body: { error: false, messageData: { key: { remoteJid: jid(BIA), fromMe: true } } },
      });
      const id = sent.body.messageData.key.id as string;
      expect(await onPhone(BIA, id)).toMatchObject({
        interactive: {
          kind: 'template',
          text: 'Confirm?',
          footer: 'Shop',
          buttons: [
            { type: 'reply', title: 'Yes', value: 'yes' },
            { type: 'url', title: 'Site', value: 'https://example.com' },
            { type: 'call', title: 'Call', value: '+5511973000001' },
          ],
        },
      });
      const { hook } = await answered('mega', BIA, id, { kind: 'template', id: 'yes', title: 'Yes' });
      expect(hook.body).toMatchObject({
        messageType: 'templateButtonReplyMessage',
        message: { templateButtonReplyMessage: { selectedId: 'yes', contextInfo: { stanzaId: id } } },
      });
    });

    it('templateMessageWithMedia reaches the phone with the image above the buttons', async () => {
      const image = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c81e5a' } })
        .png()
        .toBuffer();
      const sent = await mega('templateMessageWithMedia', {
        messageData: {
          ...template,
          text: 'Our menu',
          imageUrl: `data:image/png;base64,${image.toString('base64')}`,
          mediaType: 'image',
          mimeType: 'image/png',
        },
      });
      expect(sent).toMatchObject({
        status: 201,
        body: { error: false, messageData: { key: { fromMe: true } } },
      });
      const id = sent.body.messageData.key.id as string;
      expect(sent.body.messageData.message.templateMessage.hydratedTemplate.imageMessage).toMatchObject({
        mimetype: 'image/png',
      });
      expect(await onPhone(BIA, id)).toMatchObject({
        interactive: {
          kind: 'template',
          text: 'Our menu',
          image: { mimetype: 'image/png' },
          choices: [{ id: 'yes', title: 'Yes' }, { title: 'Site' }, { title: 'Call' }],
        },
      });
    });

    it('malformed lists and templates are 400s, a video header a 501; nothing reaches the phone', async () => {
      const before = (await inbox(ANA)).length;
      const to = { ...template, to: ANA };
      expectMegaError(await mega('listMessage', { messageData: { to: ANA, text: 'x', sections: [] } }), 400);
      expectMegaError(
        await mega('templateMessage', {
          messageData: { ...to, buttons: [{ type: 'smokeSignal', title: 'x' }] },
        }),
        400,
        /replyButton/,
      );
      expectMegaError(
        await mega('templateMessage', {
          messageData: { ...to, buttons: [{ type: 'urlButton', title: 'Site' }] },
        }),
        400,
        /payload/,
      );
      expectMegaError(await mega('templateMessageWithMedia', { messageData: to }), 400, /imageUrl/);
      expectMegaError(
        await mega('templateMessageWithMedia', {
          messageData: { ...to, imageUrl: 'https://example.com/a.mp4', mediaType: 'video' },
        }),
        501,
        /image/,
      );
      expect((await inbox(ANA)).length).toBe(before);
    });

    it("a phone's list, template and interactive answers reach the message webhook as Baileys messages", async () => {
      const sent = await h.call(
        'POST',
        '/rest/sendMessage/shop/text',
        { messageData: { to: BIA, text: 'Menu?' } },
        megaToken,
      );
      const id = sent.body.messageData.key.id as string;
      await onPhone(BIA, id);
      const { hook: listHook } = await answered('mega', BIA, id, {
        kind: 'list',
        id: 'pizza',
        title: 'Pizza',
      });
      expect(listHook.body).toMatchObject({
        messageType: 'listResponseMessage',
        key: { remoteJid: jid(BIA), fromMe: false },
        message: {
          listResponseMessage: {
            title: 'Pizza',
            singleSelectReply: { selectedRowId: 'pizza' },
            contextInfo: { stanzaId: id },
          },
        },
      });
      const { hook: templateHook } = await answered('mega', BIA, id, {
        kind: 'template',
        id: 'yes',
        title: 'Yes',
      });
      expect(templateHook.body).toMatchObject({
        messageType: 'templateButtonReplyMessage',
        message: { templateButtonReplyMessage: { selectedId: 'yes', selectedDisplayText: 'Yes' } },
      });
      const { hook: flowHook } = await answered('mega', BIA, id, {
        kind: 'interactive',
        id: 'opt-2',
        title: 'Second',
      });
      expect(flowHook.body).toMatchObject({
        messageType: 'interactiveResponseMessage',
        message: {
          interactiveResponseMessage: {
            body: { text: 'Second' },
            nativeFlowResponseMessage: { paramsJson: JSON.stringify({ id: 'opt-2' }) },
          },
        },
      });
    });
  });
});
