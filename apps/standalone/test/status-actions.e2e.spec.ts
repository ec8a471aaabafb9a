import type { ReceivedWebhook, WebhookReceiver } from '@zapgate/testing';
import sharp from 'sharp';
import {
  expectWppError,
  poll,
  shopAndStoreHelpers,
  startShopAndStore,
  type Sandbox,
} from './standalone-harness.js';

// Status posts (stories), disappearing messages, reactions on a message and the routes WhatsApp
// or Baileys cannot serve, against the sandbox: each route asserts what the phones received.

const SHOP = '5511973000001'; // mega instance `shop`
const STORE = '5511973000002'; // WPPConnect session `store`
const ANA = '5511973000003';
const BIA = '5511973000004';
const CARL = '5511973000005';
const jid = (n: string) => `${n}@s.whatsapp.net`;
const STATUS = 'status@broadcast';

interface InboxMessage {
  id: string;
  direction: 'in' | 'out';
  chat: string;
  from: string;
  text: string | null;
  media?: { kind: string; mimetype: string; caption?: string; state: string; size?: number };
  statusPost?: { backgroundColor?: string; font?: number };
  disappearing?: { seconds: number };
  reactions?: { from: string; emoji: string }[];
}

/** An ISO BMFF `ftyp` box (video/mp4), padded: what sniffing reads of an mp4. */
function mp4(): Buffer {
  const body = Buffer.concat([Buffer.from('isom'), Buffer.alloc(4), Buffer.from('isomiso2mp41')]);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write('ftyp', 4);
  const head = Buffer.concat([header, body]);
  return Buffer.concat([head, Buffer.alloc(30_000 - head.length, 7)]);
}
const dataUri = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;

describe('status posts, temporary messages, reactions and unsupported routes, standalone sandbox over HTTP', () => {
  let h: Sandbox;
  let megaToken: string;
  let receiver: WebhookReceiver;
  let wppToken: string;
  let close: (() => Promise<void>) | undefined;
  let jpeg: Buffer;

  const { inbox, wpp, wppText } = shopAndStoreHelpers<InboxMessage>(() => ({ h, megaToken, wppToken }));
  /** The first message of a phone's inbox that matches, once it is there. */
  const onPhone = (phone: string, what: string, match: (m: InboxMessage) => boolean) =>
    poll(`${phone} to show ${what}`, async () => (await inbox(phone)).find(match));
  const wppGet = (path: string) => h.call('GET', `/api/store/${path}`, undefined, wppToken);
  /** The status post of `id` on `phone`, once it arrived there. */
  const statusOn = (phone: string, id: string) =>
    onPhone(phone, `status ${id}`, (m) => m.id === id && m.chat === STATUS);

  beforeAll(async () => {
    jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    ({ h, megaToken, wppToken, receiver, close } = await startShopAndStore(
      SHOP,
      STORE,
      { Ana: ANA, Bia: BIA, Carl: CARL },
      { webhooks: true },
    ));
  }, 120_000);
  afterAll(() => close?.());

  describe('WPPConnect status stories', () => {
    it('send-status before the session has any contact is a 400 that says why', async () => {
      expectWppError(
        await wpp('send-status', { message: 'hello?' }),
        400,
        /no contacts to post the status to/,
      );
    });

    it("send-status posts a text to the session's contacts only: their phones show it from the store", async () => {
      await wppText(ANA, 'hi Ana');
      await wppText(BIA, 'hi Bia');
      const reply = await wpp('send-status', { message: 'Open until 10 pm', phone: '5500000000000' });
      expect(reply).toMatchObject({
        status: 201,
        body: {
          status: 'success',
          mapper: 'return',
          response: [{ id: expect.stringMatching(/^true_status@broadcast_/), body: 'Open until 10 pm' }],
        },
      });
      const id = (reply.body.response[0].id as string).split('_')[2]!;
      for (const phone of [ANA, BIA])
        expect(await statusOn(phone, id)).toMatchObject({
          direction: 'in',
          from: jid(STORE),
          text: 'Open until 10 pm',
          statusPost: {},
        });
      // Carl never talked with the store: a later text reaches him, the status never did
      const later = await wppText(CARL, 'welcome Carl');
      expect((await inbox(CARL)).map((m) => m.id)).toEqual([later]);
    });

    it('send-text-storie carries the background colour and font; no text is the 401 of wppconnect', async () => {
      const reply = await wpp('send-text-storie', {
        text: 'Sale today',
        options: { backgroundColor: '#0275d8', font: 2 },
      });
      expect(reply).toMatchObject({
        status: 201,
        body: {
          status: 'success',
          response: [{ ack: 1, id: expect.stringMatching(/^true_status@broadcast_/) }],
        },
      });
      const id = (reply.body.response[0].id as string).split('_')[2]!;
      expect(await statusOn(ANA, id)).toMatchObject({
        text: 'Sale today',
        statusPost: { backgroundColor: '#0275d8', font: 2 },
      });
      expect(await wpp('send-text-storie', { options: { font: 1 } })).toMatchObject({
        status: 401,
        body: { message: 'Text was not informed' },
      });
      expect((await wpp('send-text-storie', { text: 'x', options: { font: 42 } })).status).toBe(400);
    });

    it('send-image-storie and send-video-storie post the file; the phones download and check it', async () => {
      const image = await wpp('send-image-storie', { path: dataUri('image/jpeg', jpeg) });
      expect(image.status).toBe(201);
      const imageId = (image.body.response[0].id as string).split('_')[2]!;
      const onAna = await onPhone(
        ANA,
        'the image status',
        (m) => m.id === imageId && m.media?.state === 'ready',
      );
      expect(onAna).toMatchObject({ chat: STATUS, media: { kind: 'image', size: jpeg.length } });

      const video = mp4();
      const posted = await wpp('send-video-storie', { path: dataUri('video/mp4', video) });
      expect(posted.status).toBe(201);
      const videoId = (posted.body.response[0].id as string).split('_')[2]!;
      expect(
        await onPhone(BIA, 'the video status', (m) => m.id === videoId && m.media?.state === 'ready'),
      ).toMatchObject({ chat: STATUS, media: { kind: 'video', mimetype: 'video/mp4', size: video.length } });

      expect(await wpp('send-image-storie', {})).toMatchObject({
        status: 401,
        body: { message: 'Sending the file is mandatory' },
      });
      expectWppError(
        await wpp('send-video-storie', { path: dataUri('image/jpeg', jpeg) }),
        400,
        /cannot be sent as a video/,
      );
    });
  });

  describe('WPPConnect temporary-messages', () => {
    it("turns disappearing messages on (7 days) and off: the contact's phone shows each change", async () => {
      const on = await wpp('temporary-messages', { phone: ANA, value: true });
      expect(on).toMatchObject({ status: 200, body: { status: 'success', response: true } });
      const shown = await onPhone(ANA, 'disappearing on', (m) => m.disappearing?.seconds === 604_800);
      expect(shown).toMatchObject({ direction: 'in', chat: jid(STORE) });

      expect(await wpp('temporary-messages', { phone: ANA, value: false })).toMatchObject({ status: 200 });
      expect(
        await onPhone(ANA, 'disappearing off', (m) => m.disappearing?.seconds === 0 && m.chat === jid(STORE)),
      ).toMatchObject({ direction: 'in' });
    });

    it('refuses a number that is not on WhatsApp', async () => {
      expect(await wpp('temporary-messages', { phone: '5511970009999' })).toMatchObject({
        status: 400,
        body: { message: 'O número 5511970009999 não existe.' },
      });
    });
  });

  describe('WPPConnect reactions/{id}', () => {
    it("lists the contact's and the session's reactions on a message in wa-js getReactions' shape", async () => {
      const id = await wppText(ANA, 'rate us');
      const ana = await h.call('POST', `/sandbox/phones/${ANA}/messages/${id}/react`, { emoji: '👍' });
      expect(ana.status).toBe(200);
      expect(await wpp('react-message', { msgId: `true_${ANA}@c.us_${id}`, reaction: '❤️' })).toMatchObject({
        status: 200,
      });
      await onPhone(ANA, 'both reactions', (m) => m.id === id && m.reactions?.length === 2);
      const reply = await poll('both reactions stored', async () => {
        const r = await wppGet(`reactions/true_${ANA}@c.us_${id}`);
        return r.body?.response?.reactions?.length === 2 ? r : undefined;
      });
      const msgId = `true_${ANA}@c.us_${id}`;
      expect(reply).toMatchObject({
        status: 200,
        body: {
          status: 'success',
          response: {
            reactionByMe: { msgId, reactionText: '❤️', senderUserJid: `${STORE}@c.us`, orphan: 0 },
            reactions: expect.arrayContaining([
              {
                aggregateEmoji: '👍',
                hasReactionByMe: false,
                senders: [
                  expect.objectContaining({ msgId, reactionText: '👍', senderUserJid: `${ANA}@c.us` }),
                ],
              },
              expect.objectContaining({ aggregateEmoji: '❤️', hasReactionByMe: true }),
            ]),
          },
        },
      });
      // the contact takes theirs off: only the session's is left
      await h.call('POST', `/sandbox/phones/${ANA}/messages/${id}/react`, { emoji: '' });
      await poll('the removal stored', async () => {
        const r = await wppGet(`reactions/${id}`);
        return r.body?.response?.reactions?.length === 1 ? r : undefined;
      });
    });

    it('answers 404 for a message the session never saw and 400 for a malformed id', async () => {
      expectWppError(await wppGet('reactions/3EB0FFFFFFFFFFFFFFFF'), 404, /not found/);
      expectWppError(await wppGet(`reactions/true_${ANA}@c.us_NOPE0000`), 404, /not found/);
      expect((await wppGet('reactions/not%20an%20id')).status).toBe(400);
    });
  });

  describe('routes WhatsApp or Baileys cannot serve', () => {
    it('send-order-message and send-pix-key answer 501 with the reason; mark-unseen and star-message work (app state); an unknown message is a 404', async () => {
      expectWppError(
        await wpp('send-order-message', {
          phone: ANA,
          items: [{ type: 'custom', name: 'Cake', price: 120000, qnt: 1 }],
        }),
        501,
        /order/,
      );
      expectWppError(
        await wpp('send-pix-key', { phone: ANA, keyType: 'PHONE', name: 'Store', key: '+5511973000002' }),
        501,
        /PIX/,
      );
      const starred = await wppText(ANA, 'star me');
      expect(await wpp('mark-unseen', { phone: ANA })).toMatchObject({
        status: 200,
        body: { status: 'success' },
      });
      expect(await wpp('star-message', { messageId: starred, star: true })).toMatchObject({
        status: 200,
        body: { status: 'success', response: { star: true } },
      });
      expectWppError(await wpp('star-message', { messageId: '3EB0FFFFFFFFFFFFFFFF' }), 404, /not found/);
      expectWppError(
        await wpp('delete-message', { phone: ANA, messageId: 'X', onlyLocal: true }),
        404,
        /not found/,
      );
    });
  });

  describe('incoming status posts', () => {
    const mega = (match: (b: ReceivedWebhook['body']) => boolean) => (w: ReceivedWebhook) =>
      w.url === '/mega' && match(w.body);

    it("a contact's status reaches mega-API as a broadcast message; WPPConnect's onmessage leaves it out", async () => {
      const posted = await h.call('POST', `/sandbox/phones/${BIA}/status`, {
        text: 'Back from holidays',
        backgroundColor: '#ff0000',
        font: 1,
        to: [SHOP, STORE],
      });
      expect(posted.status).toBe(201);
      expect(posted.body).toMatchObject({ chat: STATUS, direction: 'out' });
      const [hook] = await receiver.waitFor(
        1,
        mega((b) => b.key?.id === posted.body.id),
      );
      expect(hook!.body).toMatchObject({
        instance_key: 'shop',
        broadcast: true,
        key: { remoteJid: STATUS, fromMe: false, participant: expect.stringMatching(new RegExp(`^${BIA}@`)) },
        message: { extendedTextMessage: { text: 'Back from holidays', font: 1, backgroundArgb: 0xffff0000 } },
      });
      // the store got it too (a later text from Bia arrives after it): no onmessage was sent for it
      const after = await h.call('POST', `/sandbox/phones/${BIA}/messages`, {
        to: jid(STORE),
        text: 'hello store',
      });
      await receiver.waitFor(
        1,
        (w) => w.url === '/wpp' && w.body?.event === 'onmessage' && w.body.body === 'hello store',
      );
      expect(after.status).toBe(201);
      const statusHooks = receiver.received.filter(
        (w) =>
          w.url === '/wpp' &&
          (w.body?.from === STATUS || w.body?.chatId === STATUS || w.body?.id?.includes?.(posted.body.id)),
      );
      expect(statusHooks).toEqual([]);
    });
  });
});
