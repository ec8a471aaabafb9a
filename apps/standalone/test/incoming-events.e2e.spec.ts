import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import { addPhones, pairMega, pairWpp, startSandbox } from './standalone-harness.js';

const VCARD =
  'BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nTEL;type=CELL;waid=5511988887777:+5511988887777\nEND:VCARD';

describe('incoming events: reactions, edits, revokes, locations and contacts in both dialects, standalone sandbox', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: WebhookReceiver;
  let megaToken: string;
  let wppToken: string;
  const SHOP = '5511962000001';
  const STORE = '5511962000002';
  const CUSTOMER = '5511962000003';

  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await check()).toBe(true);
  };
  /** The customer's phone does something through the control API; answers with the phone message. */
  const phone = async (path: string, body: Record<string, unknown>, status = 201) => {
    const res = await h.call('POST', `/sandbox/phones/${CUSTOMER}${path}`, body);
    expect(res.status).toBe(status);
    return res.body as { id: string; text: string | null };
  };
  /** The customer's phone got a message the instance sent. */
  const received = (id: string) => h.zg.sim!.phone(CUSTOMER).waitForMessage((m) => m.id === id);
  const mega = (match: (body: ReceivedWebhook['body']) => boolean) => (w: ReceivedWebhook) =>
    w.url === '/mega' && match(w.body);
  const wpp = (event: string, match: (body: ReceivedWebhook['body']) => boolean) => (w: ReceivedWebhook) =>
    w.url === '/wpp' && w.body?.event === event && match(w.body);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startSandbox();
    await addPhones(h, [SHOP, STORE, CUSTOMER]);
    megaToken = await pairMega(h, SHOP, { webhookUrl: `${receiver.url}/mega` });
    wppToken = await pairWpp(h, STORE, { webhook: `${receiver.url}/wpp` });
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  it('mega-API: a reaction, an edit, a revoke, a location and a contact card reach the webhook as Baileys messages', async () => {
    const sent = await h.call(
      'POST',
      '/rest/sendMessage/shop/text',
      { messageData: { to: CUSTOMER, text: 'your order shipped' } },
      megaToken,
    );
    const shopMsg = sent.body.messageData.key.id as string;
    await received(shopMsg);
    const chat = `${CUSTOMER}@s.whatsapp.net`;

    const reacted = await phone(`/messages/${shopMsg}/react`, { emoji: '❤️' }, 200);
    expect(reacted).toMatchObject({ id: shopMsg, reactions: [{ emoji: '❤️' }] });
    const [reaction] = await receiver.waitFor(
      1,
      mega((b) => !!b.message?.reactionMessage),
    );
    expect(reaction!.body).toMatchObject({
      instance_key: 'shop',
      messageType: 'reactionMessage',
      key: { remoteJid: chat, fromMe: false },
      message: { reactionMessage: { text: '❤️', key: { id: shopMsg, fromMe: true } } },
    });

    const own = await phone('/messages', { to: SHOP, text: 'pick up at 5' });
    await receiver.waitFor(
      1,
      mega((b) => b.key?.id === own.id),
    );
    expect(await phone(`/messages/${own.id}/edit`, { text: 'pick up at 6' }, 200)).toMatchObject({
      text: 'pick up at 6',
      edited: { previousText: 'pick up at 5' },
    });
    const [edit] = await receiver.waitFor(
      1,
      mega((b) => b.message?.protocolMessage?.key?.id === own.id),
    );
    expect(edit!.body).toMatchObject({
      key: { remoteJid: chat, fromMe: false },
      message: {
        protocolMessage: {
          key: { id: own.id },
          type: 14, // MESSAGE_EDIT
          editedMessage: { extendedTextMessage: { text: 'pick up at 6' } },
        },
      },
    });

    const oops = await phone('/messages', { to: SHOP, text: 'wrong chat' });
    await receiver.waitFor(
      1,
      mega((b) => b.key?.id === oops.id),
    );
    expect(await phone(`/messages/${oops.id}/revoke`, {}, 200)).toMatchObject({
      revoked: { at: expect.any(Number) },
    });
    const [revoke] = await receiver.waitFor(
      1,
      mega((b) => b.message?.protocolMessage?.key?.id === oops.id),
    );
    expect(revoke!.body).toMatchObject({
      key: { remoteJid: chat, fromMe: false },
      message: { protocolMessage: { key: { id: oops.id } } },
    });
    // REVOKE is type 0 and carries no edited message
    expect(revoke!.body.message.protocolMessage.type ?? 0).toBe(0);
    expect(revoke!.body.message.protocolMessage.editedMessage).toBeUndefined();

    const pin = await phone('/location', {
      to: SHOP,
      latitude: -23.561414,
      longitude: -46.655881,
      name: 'MASP',
      address: 'Av. Paulista, 1578',
    });
    const [location] = await receiver.waitFor(
      1,
      mega((b) => b.key?.id === pin.id),
    );
    expect(location!.body).toMatchObject({
      messageType: 'locationMessage',
      key: { remoteJid: chat, fromMe: false, id: pin.id },
      message: {
        locationMessage: {
          degreesLatitude: -23.561414,
          degreesLongitude: -46.655881,
          name: 'MASP',
          address: 'Av. Paulista, 1578',
        },
      },
    });

    const card = await phone('/contacts', {
      to: SHOP,
      displayName: 'Ana Souza',
      contacts: [{ vcard: VCARD }],
    });
    const [contact] = await receiver.waitFor(
      1,
      mega((b) => b.key?.id === card.id),
    );
    expect(contact!.body).toMatchObject({
      messageType: 'contactMessage',
      message: { contactMessage: { displayName: 'Ana Souza', vcard: VCARD } },
    });
  });

  it('WPPConnect: onreactionmessage, onrevokedmessage, location and vcard onmessage; the store follows edits and revokes', async () => {
    const sent = await h.call(
      'POST',
      '/api/store/send-message',
      { phone: CUSTOMER, message: 'your table is ready', isGroup: false },
      wppToken,
    );
    const storeMsg = (sent.body.response[0].id as string).split('_')[2]!;
    await received(storeMsg);
    const chat = `${CUSTOMER}@c.us`;

    await phone(`/messages/${storeMsg}/react`, { emoji: '👍' }, 200);
    const [reaction] = await receiver.waitFor(
      1,
      wpp('onreactionmessage', () => true),
    );
    expect(reaction!.body).toMatchObject({
      event: 'onreactionmessage',
      session: 'store',
      reactionText: '👍',
      msgId: { fromMe: true, remote: chat, id: storeMsg, _serialized: `true_${chat}_${storeMsg}` },
      id: { fromMe: false, remote: chat },
    });

    const own = await phone('/messages', { to: STORE, text: 'table for 2' });
    await receiver.waitFor(
      1,
      wpp('onmessage', (b) => String(b.id).endsWith(`_${own.id}`)),
    );
    await phone(`/messages/${own.id}/edit`, { text: 'table for 4' }, 200);
    const byId = (id: string) => h.call('GET', `/api/store/message-by-id/${id}`, undefined, wppToken);
    await until(async () => (await byId(own.id)).body.response?.data?.body === 'table for 4');
    expect((await byId(own.id)).body.response.data).toMatchObject({
      id: `false_${chat}_${own.id}`,
      body: 'table for 4',
    });

    const oops = await phone('/messages', { to: STORE, text: 'wrong chat' });
    await receiver.waitFor(
      1,
      wpp('onmessage', (b) => String(b.id).endsWith(`_${oops.id}`)),
    );
    await until(async () => (await byId(oops.id)).status === 201);
    await phone(`/messages/${oops.id}/revoke`, {}, 200);
    const [revoke] = await receiver.waitFor(
      1,
      wpp('onrevokedmessage', () => true),
    );
    expect(revoke!.body).toMatchObject({
      event: 'onrevokedmessage',
      session: 'store',
      from: chat,
      to: `${STORE}@c.us`,
      refId: { fromMe: false, remote: chat, id: oops.id, _serialized: `false_${chat}_${oops.id}` },
    });
    // the store follows: the revoked message has no content left, so the read routes drop it
    // (message-by-id answers the not-found 400), while the edited one keeps its new text
    await until(async () => (await byId(oops.id)).status === 400);
    expect((await byId(oops.id)).body).toMatchObject({ status: 'error' });
    const listed = await h.call('GET', `/api/store/get-messages/${chat}?count=50`, undefined, wppToken);
    const ids = listed.body.response.map((m: { id: string }) => m.id);
    expect(ids).not.toContain(`false_${chat}_${oops.id}`);
    expect(listed.body.response).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `false_${chat}_${own.id}`, body: 'table for 4' }),
      ]),
    );

    const pin = await phone('/location', {
      to: STORE,
      latitude: -23.561414,
      longitude: -46.655881,
      name: 'MASP',
      address: 'Av. Paulista, 1578',
    });
    const [location] = await receiver.waitFor(
      1,
      wpp('onmessage', (b) => String(b.id).endsWith(`_${pin.id}`)),
    );
    expect(location!.body).toMatchObject({
      type: 'location',
      from: chat,
      lat: -23.561414,
      lng: -46.655881,
      loc: 'MASP\nAv. Paulista, 1578',
    });

    const card = await phone('/contacts', {
      to: STORE,
      displayName: 'Ana Souza',
      contacts: [{ vcard: VCARD }],
    });
    const [contact] = await receiver.waitFor(
      1,
      wpp('onmessage', (b) => String(b.id).endsWith(`_${card.id}`)),
    );
    expect(contact!.body).toMatchObject({ type: 'vcard', body: VCARD, vcardFormattedName: 'Ana Souza' });

    // the control API's own 4xx: editing a message the phone received
    const notOwn = await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages/${storeMsg}/edit`, {
      text: 'x',
    });
    expect(notOwn).toMatchObject({ status: 409, body: { error: { code: 'not_sent' } } });
  });
});
