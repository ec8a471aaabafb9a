import { createHash } from 'node:crypto';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import sharp from 'sharp';
import { addPhones, pairMega, pairWpp, poll, startSandbox, type Http } from './standalone-harness.js';

// Routes read from the message store and compatibility routes, against the sandbox:
// WPPConnect all-new-messages and load-messages-in-chat; mega-API's sibling-API paths
// messages?chat_id=, webhook updateUrl and the multipart image/video/audio/document sends.

const SHOP = '5511976000001'; // mega instance `shop`
const STORE = '5511976000002'; // WPPConnect session `store`
const ANA = '5511976000003';
const BIA = '5511976000004';
const jid = (n: string) => `${n}@s.whatsapp.net`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  text: string | null;
  media?: { kind: string; caption?: string; fileName?: string; state: string; sha256?: string };
}

describe('message-store and compatibility routes, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: WebhookReceiver;
  let megaToken: string;
  let wppToken: string;

  const wpp = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, `/api/store/${path}`, body, wppToken);
  const mega = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, path, body, megaToken);
  const phoneSends = async (from: string, to: string, text: string): Promise<string> => {
    const sent = await h.call('POST', `/sandbox/phones/${from}/messages`, { to: jid(to), text });
    expect(sent.status).toBe(201);
    return sent.body.id as string;
  };
  const onPhone = (phone: string, id: string, ready: (m: InboxMessage) => boolean = () => true) =>
    poll(`${phone} to show ${id}`, async () => {
      const inbox = (await h.call('GET', `/sandbox/phones/${phone}/messages`)).body as InboxMessage[];
      const m = inbox.find((x) => x.id === id);
      return m && ready(m) ? m : undefined;
    });
  const bodies = (r: Http) => (r.body.response as { body: string }[]).map((m) => m.body);
  const upload = async (
    type: string,
    query: string,
    file?: { bytes: Buffer; mime: string; name: string },
  ) => {
    const form = new FormData();
    if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.name);
    const res = await fetch(`${h.zg.url}/rest/sendMessage/shop/${type}?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${megaToken}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Http['body'] };
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startSandbox();
    await addPhones(h, [SHOP, STORE, [ANA, 'Ana'], [BIA, 'Bia']]);
    megaToken = await pairMega(h, SHOP, { webhookUrl: `${receiver.url}/mega` });
    wppToken = await pairWpp(h, STORE);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  it('WPPConnect all-new-messages: the received messages not read yet; reading a chat makes them old', async () => {
    await phoneSends(ANA, STORE, 'new 1');
    await phoneSends(ANA, STORE, 'new 2');
    const fromBia = await phoneSends(BIA, STORE, 'new from Bia');
    const sent = await wpp('POST', 'send-message', { phone: ANA, message: 'my own' });
    expect(sent.status).toBe(201);
    const all = await poll('three new messages', async () => {
      const r = await wpp('GET', 'all-new-messages');
      return r.status === 200 && r.body.response.length === 3 ? r : undefined;
    });
    expect(all.body.status).toBe('success');
    expect(bodies(all).sort()).toEqual(['new 1', 'new 2', 'new from Bia']);
    expect(all.body.response[0]).toMatchObject({ fromMe: false, isNewMsg: expect.anything() });

    expect((await wpp('POST', 'send-seen', { phone: ANA })).status).toBe(201);
    const after = await poll('only Bia’s message new', async () => {
      const r = await wpp('GET', 'all-new-messages');
      return r.body.response.length === 1 ? r : undefined;
    });
    expect(after.body.response[0].id).toBe(`false_${BIA}@c.us_${fromBia}`);
  });

  it('WPPConnect load-messages-in-chat: the chat oldest first, own messages included; an unknown chat is a 404', async () => {
    const r = await wpp('GET', `load-messages-in-chat/${ANA}`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('success');
    // oldest first; messages of one second (WhatsApp's resolution) in id order
    const listed = r.body.response as { body: string; fromMe: boolean; t: number }[];
    expect(listed.map((m) => [m.body, m.fromMe]).sort()).toEqual([
      ['my own', true],
      ['new 1', false],
      ['new 2', false],
    ]);
    const times = listed.map((m) => m.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const unknown = await wpp('GET', 'load-messages-in-chat/5511976009999');
    expect(unknown).toMatchObject({ status: 404, body: { status: 'error', message: expect.any(String) } });
    const bad = await wpp('GET', 'load-messages-in-chat/not-a-number');
    expect(bad.status).toBe(400);
    expect(bad.body.status).toBe('error');
  });

  it('mega messages?chat_id= lists a chat’s messages as the webhook posts them; bad and unknown chats are 4xx', async () => {
    const fromAna = await phoneSends(ANA, SHOP, 'hello shop');
    const sent = await mega('POST', '/rest/sendMessage/shop/text', {
      messageData: { to: ANA, text: 'hi Ana' },
    });
    expect(sent.status).toBe(201);
    const listed = await poll('both messages in the list', async () => {
      const r = await mega('GET', `/rest/instance/messages/shop?chat_id=${jid(ANA)}`);
      return r.status === 200 && r.body.data?.length === 2 ? r : undefined;
    });
    expect(listed.body).toMatchObject({ error: false });
    // oldest first by timestamp; the two share a second here, so their order is the store's tie-break
    expect(listed.body.data).toHaveLength(2);
    expect(listed.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          instance_key: 'shop',
          key: expect.objectContaining({ remoteJid: jid(ANA), fromMe: false, id: fromAna }),
          messageType: 'extendedTextMessage',
          message: expect.objectContaining({ extendedTextMessage: { text: 'hello shop' } }),
        }),
        expect.objectContaining({
          key: expect.objectContaining({ fromMe: true, id: sent.body.messageData.key.id }),
        }),
      ]),
    );
    // digits work too
    expect((await mega('GET', `/rest/instance/messages/shop?chat_id=${ANA}`)).body.data).toHaveLength(2);
    expect(await mega('GET', '/rest/instance/messages/shop')).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringContaining('chat_id') },
    });
    expect(await mega('GET', '/rest/instance/messages/shop?chat_id=5511976009999')).toMatchObject({
      status: 404,
      body: { error: true },
    });
  });

  it('mega webhook updateUrl moves the webhook; a bad URL or body is a 400', async () => {
    const reply = await mega('POST', '/rest/webhook/shop/updateUrl', {
      data: { url: `${receiver.url}/moved` },
    });
    expect(reply).toMatchObject({ status: 200, body: { error: false, message: expect.any(String) } });
    expect((await mega('GET', '/rest/webhook/shop')).body.webhookData).toMatchObject({
      webhookUrl: `${receiver.url}/moved`,
      webhookEnabled: true,
    });
    const id = await phoneSends(BIA, SHOP, 'to the new url');
    await receiver.waitFor(1, (w: ReceivedWebhook) => w.url === '/moved' && w.body?.key?.id === id);
    expect(await mega('POST', '/rest/webhook/shop/updateUrl', { data: { url: 'not a url' } })).toMatchObject({
      status: 400,
      body: { error: true },
    });
    expect(await mega('POST', '/rest/webhook/shop/updateUrl', { url: `${receiver.url}/x` })).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringContaining('data') },
    });
  });

  it('mega multipart image and document sends reach the phone byte for byte; no file or no id is a 400', async () => {
    const image = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#2a9d8f' } })
      .jpeg()
      .toBuffer();
    const sentImage = await upload('image', `id=${ANA}&caption=${encodeURIComponent('our shop')}`, {
      bytes: image,
      mime: 'image/jpeg',
      name: 'shop.jpg',
    });
    expect(sentImage).toMatchObject({
      status: 201,
      body: { error: false, messageData: { key: { remoteJid: jid(ANA), fromMe: true } } },
    });
    const atAna = await onPhone(ANA, sentImage.body.messageData.key.id, (m) => m.media?.state === 'ready');
    expect(atAna.media).toMatchObject({ kind: 'image', caption: 'our shop', sha256: sha256(image) });

    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5_000, 3), Buffer.from('\n%%EOF\n')]);
    const sentDoc = await upload('document', `id=${jid(BIA)}`, {
      bytes: pdf,
      mime: 'application/pdf',
      name: 'price-list.pdf',
    });
    expect(sentDoc.status).toBe(201);
    const atBia = await onPhone(BIA, sentDoc.body.messageData.key.id, (m) => m.media?.state === 'ready');
    expect(atBia.media).toMatchObject({ kind: 'document', fileName: 'price-list.pdf', sha256: sha256(pdf) });

    expect(await upload('image', `id=${ANA}`)).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringContaining('file') },
    });
    expect(await upload('image', '', { bytes: image, mime: 'image/jpeg', name: 'a.jpg' })).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringContaining('id') },
    });
    for (const type of ['video', 'audio'])
      expect(await upload(type, `id=${ANA}`)).toMatchObject({ status: 400, body: { error: true } });
    // bytes that are no image
    expect(
      await upload('image', `id=${ANA}`, {
        bytes: Buffer.from('not an image'),
        mime: 'image/jpeg',
        name: 'x.jpg',
      }),
    ).toMatchObject({ status: 400, body: { error: true } });
  });
});
