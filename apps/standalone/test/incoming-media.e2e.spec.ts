import { createHash, randomBytes } from 'node:crypto';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import sharp from 'sharp';
import { addPhones, pairMega, pairWpp, startSandbox } from './standalone-harness.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What a phone sends: a real JPEG, an Ogg/Opus voice note (its first page, padded) and a PDF. */
async function files() {
  const image = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#c81e5a' } })
    .jpeg()
    .toBuffer();
  const ogg = Buffer.concat([
    Buffer.from('OggS'),
    Buffer.alloc(24),
    Buffer.from('OpusHead'),
    randomBytes(12_000),
  ]);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(30_000), Buffer.from('\n%%EOF\n')]);
  return { image, ogg, pdf };
}

describe('incoming media: webhooks and downloads in both dialects, standalone sandbox', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: WebhookReceiver;
  let megaToken: string;
  let wppToken: string;
  let f: Awaited<ReturnType<typeof files>>;
  const SHOP = '5511961000001';
  const STORE = '5511961000002';
  const CUSTOMER = '5511961000003';

  /** The phone sends a file; answers with the message id. */
  const phoneSends = async (to: string, media: Record<string, unknown>): Promise<string> => {
    const sent = await h.call('POST', `/sandbox/phones/${CUSTOMER}/media`, { to, ...media });
    expect(sent.status).toBe(201);
    return sent.body.id;
  };
  const fromMega = (id: string) => (w: ReceivedWebhook) => w.url === '/mega' && w.body?.key?.id === id;
  const fromWpp = (id: string) => (w: ReceivedWebhook) =>
    w.url === '/wpp' && w.body?.event === 'onmessage' && String(w.body.id).endsWith(`_${id}`);
  const hashOfDataUri = (data: string) =>
    sha256(Buffer.from(data.replace(/^data:[^;]+;base64,/, ''), 'base64'));

  beforeAll(async () => {
    f = await files();
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

  it('mega-API: a phone image, voice note and document reach the webhook as Baileys messages and download back byte for byte', async () => {
    const imageId = await phoneSends(SHOP, {
      kind: 'image',
      data: `data:image/jpeg;base64,${f.image.toString('base64')}`,
      caption: 'is this yours?',
    });
    const voiceId = await phoneSends(SHOP, {
      kind: 'ptt',
      data: `data:audio/ogg;base64,${f.ogg.toString('base64')}`,
    });
    const docId = await phoneSends(SHOP, {
      kind: 'document',
      data: `data:application/pdf;base64,${f.pdf.toString('base64')}`,
      fileName: 'invoice.pdf',
      caption: 'June',
    });

    const [image] = await receiver.waitFor(1, fromMega(imageId));
    const mediaFields = {
      url: expect.stringMatching(/^https:\/\//),
      mediaKey: expect.any(String),
      fileSha256: createHash('sha256').update(f.image).digest('base64'),
      fileEncSha256: expect.any(String),
      directPath: expect.stringMatching(/^\//),
    };
    expect(image!.body).toMatchObject({
      instance_key: 'shop',
      messageType: 'imageMessage',
      key: { remoteJid: `${CUSTOMER}@s.whatsapp.net`, fromMe: false, id: imageId },
      message: {
        imageMessage: {
          ...mediaFields,
          mimetype: 'image/jpeg',
          caption: 'is this yours?',
          fileLength: String(f.image.length),
          jpegThumbnail: expect.any(String),
        },
      },
    });
    const [voice] = await receiver.waitFor(1, fromMega(voiceId));
    expect(voice!.body).toMatchObject({
      messageType: 'audioMessage',
      message: {
        audioMessage: {
          ...mediaFields,
          fileSha256: createHash('sha256').update(f.ogg).digest('base64'),
          ptt: true,
          fileLength: String(f.ogg.length),
        },
      },
    });
    const [doc] = await receiver.waitFor(1, fromMega(docId));
    expect(doc!.body).toMatchObject({
      messageType: 'documentMessage',
      message: {
        documentMessage: {
          mimetype: 'application/pdf',
          fileName: 'invoice.pdf',
          caption: 'June',
          mediaKey: expect.any(String),
        },
      },
    });

    // the client sends back the fields of the webhook's …Message object (catalog 2.10)
    const download = (messageKeys: object) =>
      h.call('POST', '/rest/instance/downloadMediaMessage/shop', { messageKeys }, megaToken);
    const keysOf = (m: Record<string, string>, messageType: string) => ({
      mediaKey: m['mediaKey'],
      directPath: m['directPath'],
      url: m['url'],
      mimetype: m['mimetype'],
      messageType,
    });
    const gotImage = await download(keysOf(image!.body.message.imageMessage, 'image'));
    expect(gotImage).toMatchObject({
      status: 201,
      body: { error: false, data: expect.stringMatching(/^data:image\/jpeg;base64,/) },
    });
    expect(hashOfDataUri(gotImage.body.data)).toBe(sha256(f.image));
    const gotVoice = await download(keysOf(voice!.body.message.audioMessage, 'audioMessage'));
    expect(gotVoice.body.data).toMatch(/^data:audio\/ogg/);
    expect(hashOfDataUri(gotVoice.body.data)).toBe(sha256(f.ogg));
    // or by the message id, from the message store
    const gotDoc = await download({ id: docId, remoteJid: `${CUSTOMER}@s.whatsapp.net` });
    expect(gotDoc.body.data).toMatch(/^data:application\/pdf;base64,/);
    expect(hashOfDataUri(gotDoc.body.data)).toBe(sha256(f.pdf));

    // wrong keys: the file does not decrypt; an unknown id; a text; keys missing
    const wrongKey = await download({
      ...keysOf(image!.body.message.imageMessage, 'image'),
      mediaKey: randomBytes(32).toString('base64'),
    });
    expect(wrongKey).toMatchObject({
      status: 400,
      body: { error: true, message: expect.stringMatching(/decrypt/) },
    });
    expect(await download({ id: '3EB0FFFFFFFFFFFFFFFF' })).toMatchObject({
      status: 404,
      body: { error: true, message: expect.stringContaining('not found') },
    });
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'just text' });
    const [text] = await receiver.waitFor(
      1,
      (w) => w.url === '/mega' && w.body?.message?.extendedTextMessage?.text === 'just text',
    );
    expect(await download({ id: text!.body.key.id })).toMatchObject({
      status: 400,
      body: { error: true, message: 'Message does not contain media' },
    });
    expect(await download({ messageType: 'image' })).toMatchObject({ status: 400, body: { error: true } });
    expect(
      await h.call('POST', '/rest/instance/downloadMediaMessage/shop', { messageKeys: 'x' }, megaToken),
    ).toMatchObject({ status: 400, body: { error: true } });
  });

  it('WPPConnect: onmessage carries the media fields; download-media, get-media-by-message and the message routes read them back', async () => {
    const imageId = await phoneSends(STORE, {
      kind: 'image',
      data: `data:image/jpeg;base64,${f.image.toString('base64')}`,
      caption: 'photo',
    });
    const voiceId = await phoneSends(STORE, {
      kind: 'ptt',
      data: `data:audio/ogg;base64,${f.ogg.toString('base64')}`,
    });
    const docId = await phoneSends(STORE, {
      kind: 'document',
      data: `data:application/pdf;base64,${f.pdf.toString('base64')}`,
      fileName: 'invoice.pdf',
    });
    const [image] = await receiver.waitFor(1, fromWpp(imageId));
    expect(image!.body).toMatchObject({
      event: 'onmessage',
      session: 'store',
      id: `false_${CUSTOMER}@c.us_${imageId}`,
      type: 'image',
      mimetype: 'image/jpeg',
      caption: 'photo',
      size: f.image.length,
      filehash: createHash('sha256').update(f.image).digest('base64'),
      mediaKey: expect.any(String),
      directPath: expect.stringMatching(/^\//),
      isMedia: true,
      from: `${CUSTOMER}@c.us`,
      chatId: `${CUSTOMER}@c.us`,
    });
    // autoDownload (WPPConnect's default): body is the whole file, base64 without prefix
    expect(sha256(Buffer.from(image!.body.body, 'base64'))).toBe(sha256(f.image));
    const [voice] = await receiver.waitFor(1, fromWpp(voiceId));
    expect(voice!.body).toMatchObject({
      type: 'ptt',
      mimetype: expect.stringMatching(/^audio\/ogg/),
      isMedia: true,
    });
    const [doc] = await receiver.waitFor(1, fromWpp(docId));
    expect(doc!.body).toMatchObject({
      type: 'document',
      mimetype: 'application/pdf',
      filename: 'invoice.pdf',
      size: f.pdf.length,
      isMedia: true,
    });
    expect(sha256(Buffer.from(voice!.body.body, 'base64'))).toBe(sha256(f.ogg));
    expect(sha256(Buffer.from(doc!.body.body, 'base64'))).toBe(sha256(f.pdf));

    const downloaded = async (res: { status: number; body: { base64: string; mimetype: string } }) => {
      expect(res.status).toBe(200);
      return { hash: sha256(Buffer.from(res.body.base64, 'base64')), mimetype: res.body.mimetype };
    };
    expect(
      await downloaded(
        await h.call('POST', '/api/store/download-media', { messageId: image!.body.id }, wppToken),
      ),
    ).toEqual({ hash: sha256(f.image), mimetype: 'image/jpeg' });
    // the message object as onmessage posted it
    const { event: _event, session: _session, ...voiceMessage } = voice!.body;
    expect(
      await downloaded(
        await h.call('POST', '/api/store/download-media', { messageId: voiceMessage }, wppToken),
      ),
    ).toMatchObject({ hash: sha256(f.ogg) });
    expect(
      await downloaded(
        await h.call(
          'GET',
          `/api/store/get-media-by-message/${encodeURIComponent(doc!.body.id)}`,
          undefined,
          wppToken,
        ),
      ),
    ).toEqual({ hash: sha256(f.pdf), mimetype: 'application/pdf' });
    // the bare WhatsApp id works too
    expect(
      await downloaded(await h.call('GET', `/api/store/get-media-by-message/${docId}`, undefined, wppToken)),
    ).toMatchObject({ hash: sha256(f.pdf) });

    // the message routes render the stored messages as onmessage did
    const listed = await h.call(
      'GET',
      `/api/store/get-messages/${CUSTOMER}@c.us?count=3`,
      undefined,
      wppToken,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.status).toBe('success');
    // oldest first; messages of one second come in id order (the store's order)
    const ids: string[] = listed.body.response.map((m: { id: string }) => m.id);
    expect([...ids].sort()).toEqual([image, voice, doc].map((w) => w!.body.id).sort());
    const { event: _e, session: _s, ...docMessage } = doc!.body;
    // the same message object as onmessage (whose body autoDownload replaced with the file)
    expect(listed.body.response.find((m: { id: string }) => m.id === doc!.body.id)).toEqual({
      ...docMessage,
      body: '',
      ack: expect.any(Number),
    });
    const page = async (query: string) =>
      (
        await h.call('GET', `/api/store/get-messages/${CUSTOMER}@c.us?${query}`, undefined, wppToken)
      ).body.response.map((m: { id: string }) => m.id);
    expect(await page(`count=5&direction=before&id=${encodeURIComponent(ids[2]!)}`)).toEqual(ids.slice(0, 2));
    expect(await page(`direction=after&id=${ids[0]!.split('_').at(-1)}`)).toEqual(ids.slice(1));
    expect(await page('count=1')).toEqual(ids.slice(2));
    const byId = await h.call(
      'GET',
      `/api/store/message-by-id/${encodeURIComponent(image!.body.id)}`,
      undefined,
      wppToken,
    );
    expect(byId).toMatchObject({
      status: 201,
      body: {
        status: 'Success',
        response: {
          message: 'Information retrieved successfully.',
          contact: CUSTOMER,
          session: 'store',
          data: { id: image!.body.id, type: 'image', caption: 'photo', mimetype: 'image/jpeg' },
        },
      },
    });

    // WPPConnect-server's 400 bodies
    expect(
      await h.call(
        'POST',
        '/api/store/download-media',
        { messageId: `false_${CUSTOMER}@c.us_3EB0FFFFFFFF` },
        wppToken,
      ),
    ).toMatchObject({ status: 400, body: { status: 'error', message: 'Message not found' } });
    expect(
      await h.call('GET', '/api/store/get-media-by-message/3EB0FFFFFFFF', undefined, wppToken),
    ).toMatchObject({
      status: 400,
      body: { status: 'error', message: 'Message not found' },
    });
    await h.call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: STORE, text: 'only words' });
    const [text] = await receiver.waitFor(1, (w) => w.url === '/wpp' && w.body?.body === 'only words');
    expect(
      await h.call('POST', '/api/store/download-media', { messageId: text!.body.id }, wppToken),
    ).toMatchObject({
      status: 400,
      body: { status: 'error', message: 'Message does not contain media' },
    });
    expect(await h.call('POST', '/api/store/download-media', {}, wppToken)).toMatchObject({
      status: 400,
      body: { status: 'error' },
    });
    expect(await h.call('GET', '/api/store/message-by-id/3EB0FFFFFFFF', undefined, wppToken)).toMatchObject({
      status: 400,
      body: { status: 'Error', response: { message: 'Error retrieving information', session: 'store' } },
    });
    expect(await h.call('GET', '/api/store/get-messages/not-a-chat', undefined, wppToken)).toMatchObject({
      status: 400,
      body: { status: 'error' },
    });
  });
});
