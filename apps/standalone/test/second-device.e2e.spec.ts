import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import { addPhones, pairMega, pairWpp, poll, startSandbox, type Http } from './standalone-harness.js';

// Two linked devices of one account: WPPConnect session `a` and mega instance `b` are both
// companions of the phone ACC (the phone scans each one's QR, as a user links a second device).
// What one of them changes through WhatsApp's app-state sync (archive, pin, mute) or by reading a
// chat (read receipts, which WhatsApp relays to the account's other devices) shows in the other's
// chat views, and the other's webhook posts it (mega-API: the zapgate extension `chats.update`;
// WPPConnect-server posts no chat webhook, so A's side is checked in its chat views only).

const ACC = '5511975000001';
const ANA = '5511975000002';
const BIA = '5511975000003';
const PHIL = '5511975000004';
const CAIO = '5511975000005';
const jid = (n: string) => `${n}@s.whatsapp.net`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface WppChat {
  id: { _serialized: string };
  unreadCount: number;
  archive: boolean;
  pin: number;
  muteExpiration: number;
}
interface MegaChat {
  id: string;
  unreadCount: number;
  archived: boolean;
  pinned: boolean;
  mutedUntil?: number;
}

describe('a second linked device of the same account sees archive, pin, mute and read', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: WebhookReceiver;
  let wppToken: string;
  let megaToken: string;

  const wpp = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, `/api/a/${path}`, body, wppToken);
  const mega = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, path, body, megaToken);
  const phoneSends = async (from: string, to: string, text: string): Promise<string> =>
    (await h.call('POST', `/sandbox/phones/${from}/messages`, { to: jid(to), text })).body.id as string;
  const onA = (phone: string, ready: (c: WppChat) => boolean) =>
    poll(`A's view of ${phone}`, async () => {
      const r = await wpp('GET', `chat-by-id/${phone}`);
      return r.status === 200 && ready(r.body as WppChat) ? (r.body as WppChat) : undefined;
    });
  const onB = (phone: string, ready: (c: MegaChat) => boolean) =>
    poll(`B's view of ${phone}`, async () => {
      const r = await mega('GET', '/rest/instance/chats/b');
      const chat = (r.body.data as MegaChat[] | undefined)?.find((c) => c.id === jid(phone));
      return chat && ready(chat) ? chat : undefined;
    });
  const megaChatHook =
    (phone: string, match: (chat: Record<string, unknown>) => boolean) => (w: ReceivedWebhook) =>
      w.url === '/mega' &&
      w.body?.messageType === 'chats.update' &&
      w.body.chat?.id === jid(phone) &&
      match(w.body.chat);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startSandbox();
    await addPhones(h, [
      [ACC, 'Acc'],
      [ANA, 'Ana'],
      [BIA, 'Bia'],
      [PHIL, 'Phil'],
      [CAIO, 'Caio'],
    ]);
    wppToken = await pairWpp(h, ACC, { session: 'a', webhook: `${receiver.url}/wpp` });
    megaToken = await pairMega(h, ACC, { key: 'b', webhookUrl: `${receiver.url}/mega` });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  it('the phone has two linked devices, both connected', async () => {
    const phone = (await h.call('GET', `/sandbox/phones/${ACC}`)).body as {
      devices: { id: number; online: boolean }[];
    };
    // device 0 is the phone itself
    expect(phone.devices.filter((d) => d.id !== 0)).toEqual([
      expect.objectContaining({ id: 1, online: true }),
      expect.objectContaining({ id: 2, online: true }),
    ]);
    expect((await wpp('GET', 'status-session')).body.status).toBe('CONNECTED');
    expect((await mega('GET', '/rest/instance/b')).body.instance.status).toBe('connected');
  });

  it('A archives, pins, mutes and reads: B lists the change and its webhook posts it', async () => {
    await phoneSends(ANA, ACC, 'hi 1');
    await phoneSends(ANA, ACC, 'hi 2');
    await phoneSends(BIA, ACC, 'hello from Bia');
    await onA(ANA, (c) => c.unreadCount === 2);
    await onA(BIA, (c) => c.unreadCount === 1);
    await onB(ANA, (c) => c.unreadCount === 2);
    await onB(BIA, (c) => c.unreadCount === 1);

    expect(await wpp('POST', 'archive-chat', { phone: ANA, value: true })).toMatchObject({
      status: 201,
      body: { status: 'success' },
    });
    expect(await wpp('POST', 'pin-chat', { phone: ANA, state: 'true' })).toMatchObject({
      status: 200,
      body: { status: 'success' },
    });
    expect(await wpp('POST', 'send-mute', { phone: ANA, time: 1, type: 'hours' })).toMatchObject({
      status: 200,
      body: { status: 'success' },
    });
    expect((await wpp('POST', 'send-seen', { phone: BIA })).status).toBe(201);

    const now = Math.floor(Date.now() / 1000);
    const ana = await onB(ANA, (c) => c.archived && c.pinned && (c.mutedUntil ?? 0) > now);
    expect(ana.mutedUntil).toBeLessThanOrEqual(now + 3600 + 5);
    expect(ana.unreadCount).toBe(2); // archive, pin and mute do not read the chat
    await onB(BIA, (c) => c.unreadCount === 0);

    await receiver.waitFor(
      1,
      megaChatHook(ANA, (c) => c['archived'] === true),
    );
    await receiver.waitFor(
      1,
      megaChatHook(ANA, (c) => c['pinned'] === true),
    );
    await receiver.waitFor(
      1,
      megaChatHook(ANA, (c) => Number(c['muteEndTime']) > now),
    );
    const [read] = await receiver.waitFor(
      1,
      megaChatHook(BIA, (c) => c['unreadCount'] === 0),
    );
    expect(read!.body).toMatchObject({ instance_key: 'b', jid: expect.stringContaining(ACC) });
  });

  it('B unarchives, unpins and reads: A lists the change', async () => {
    expect(await mega('POST', '/rest/chat/b/archiveChat', { to: jid(ANA), option: false })).toMatchObject({
      status: 200,
      body: { error: false },
    });
    expect(await mega('POST', '/rest/chat/b/pinChat', { to: jid(ANA), option: false })).toMatchObject({
      status: 200,
      body: { error: false },
    });
    expect(await mega('POST', '/rest/chat/b/readChat', { to: jid(ANA) })).toMatchObject({
      status: 200,
      body: { error: false },
    });
    await onA(ANA, (c) => !c.archive && c.pin === 0 && c.unreadCount === 0);
    // the mute A set is still there
    expect((await onA(ANA, () => true)).muteExpiration).toBeGreaterThan(Date.now() / 1000);
    // B's own view agrees
    await onB(ANA, (c) => !c.archived && !c.pinned && c.unreadCount === 0);
  });

  it('history sync on linking carries push names and media messages, downloadable through the media host', async () => {
    const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#1e5ac8' } })
      .jpeg()
      .toBuffer();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 7), Buffer.from('\n%%EOF\n')]);
    const phoneMedia = async (from: string, to: string, media: Record<string, unknown>): Promise<string> => {
      const sent = await h.call('POST', `/sandbox/phones/${from}/media`, { to: jid(to), ...media });
      expect([sent.status, sent.status === 201 ? '' : JSON.stringify(sent.body)]).toEqual([201, '']);
      return sent.body.id as string;
    };
    // before PHIL links anything: Ana sends PHIL a photo, PHIL sends Caio (who never wrote) a PDF
    const imageId = await phoneMedia(ANA, PHIL, {
      kind: 'image',
      data: `data:image/jpeg;base64,${image.toString('base64')}`,
      caption: 'the view',
    });
    const docId = await phoneMedia(PHIL, CAIO, {
      kind: 'document',
      data: `data:application/pdf;base64,${pdf.toString('base64')}`,
      fileName: 'menu.pdf',
    });
    await poll('PHIL to have the photo downloaded', async () => {
      const inbox = (await h.call('GET', `/sandbox/phones/${PHIL}/messages`)).body as {
        id: string;
        media?: { state: string };
      }[];
      return inbox.find((m) => m.id === imageId)?.media?.state === 'ready' ? true : undefined;
    });

    const token = await pairWpp(h, PHIL, { session: 'hist' });
    const hist = (method: string, path: string, body?: unknown) =>
      h.call(method, `/api/hist/${path}`, body, token);
    // push names: Caio's comes from the history's PUSH_NAME chunk only (he never wrote to PHIL)
    const caio = await poll('Caio’s push name on the new session', async () => {
      const r = await hist('GET', `contact/${CAIO}`);
      return r.status === 200 && r.body.response?.pushname ? r.body.response : undefined;
    });
    expect(caio).toMatchObject({ pushname: 'Caio' });
    expect((await hist('GET', `contact/${ANA}`)).body.response).toMatchObject({ pushname: 'Ana' });
    // the media messages of the history download from the media host, byte for byte
    const photo = await poll('the history photo to download', async () => {
      const r = await hist('POST', 'download-media', { messageId: imageId });
      return r.status === 200 ? r : undefined;
    });
    expect({ hash: sha256(Buffer.from(photo.body.base64, 'base64')), mimetype: photo.body.mimetype }).toEqual(
      {
        hash: sha256(image),
        mimetype: 'image/jpeg',
      },
    );
    const doc = await hist('GET', `get-media-by-message/${docId}`);
    expect(doc.status).toBe(200);
    expect(sha256(Buffer.from(doc.body.base64, 'base64'))).toBe(sha256(pdf));

    // a mega instance linked to the same phone gets the same history: the push names in its
    // contacts; the photo in the chat's messages (compatibility route), downloadable by its keys
    const megaHist = await pairMega(h, PHIL, { key: 'hist2' });
    const contacts = await poll('Caio in the mega contacts', async () => {
      const r = await h.call('GET', '/rest/instance/contacts/hist2', undefined, megaHist);
      const list = (r.body.data ?? []) as { id: string; notify?: string }[];
      return list.some((c) => c.id === jid(CAIO) && c.notify) ? list : undefined;
    });
    expect(contacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: jid(CAIO), notify: 'Caio' }),
        expect.objectContaining({ id: jid(ANA), notify: 'Ana' }),
      ]),
    );
    const listed = await poll('the photo in the mega messages', async () => {
      const r = await h.call('GET', `/rest/instance/messages/hist2?chat_id=${ANA}`, undefined, megaHist);
      const found = (r.body.data ?? []).find((m: { key: { id: string } }) => m.key.id === imageId) as
        { messageType: string; message: { imageMessage: Record<string, string> } } | undefined;
      return found;
    });
    expect(listed.messageType).toBe('imageMessage');
    const m = listed.message.imageMessage;
    const got = await h.call(
      'POST',
      '/rest/instance/downloadMediaMessage/hist2',
      {
        messageKeys: {
          mediaKey: m['mediaKey'],
          directPath: m['directPath'],
          url: m['url'],
          mimetype: m['mimetype'],
          messageType: 'image',
        },
      },
      megaHist,
    );
    expect(got).toMatchObject({ status: 201, body: { error: false } });
    expect(sha256(Buffer.from(String(got.body.data).replace(/^data:[^;]+;base64,/, ''), 'base64'))).toBe(
      sha256(image),
    );
  }, 120_000);

  it('unknown chats are the dialect’s 404 on either device', async () => {
    expect(await wpp('POST', 'archive-chat', { phone: '5511975009999', value: true })).toMatchObject({
      status: 404,
      body: { status: 'error' },
    });
    expect(
      await mega('POST', '/rest/chat/b/pinChat', { to: jid('5511975009999'), option: true }),
    ).toMatchObject({ status: 404, body: { error: true } });
  });
});
