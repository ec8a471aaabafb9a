import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { PhoneMessage } from '@zapgate/wa-sim';
import { addPhones, pairMega, pairWpp, poll, startSandbox, type Http } from './standalone-harness.js';

// mega-API instance `shop` and WPPConnect session `store`, each on its own simulated account
const SHOP = '5511984000001';
const STORE = '5511984000002';
const ANA = '5511984000003';
const BIA = '5511984000004';
const jid = (n: string) => `${n}@s.whatsapp.net`;

/** A local web site: a page with Open Graph tags and an image, a 404, and a page that never answers. */
async function startSite(): Promise<{ base: string; server: Server; hung: Set<() => void> }> {
  const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c03030' } })
    .jpeg()
    .toBuffer();
  const hung = new Set<() => void>();
  const server = createServer((req, res) => {
    if (req.url === '/catalog')
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html><head><title>ignored</title>
        <meta property="og:title" content="Spring catalog &amp; prices">
        <meta property="og:description" content="Forty new items">
        <meta property="og:image" content="/cover.jpg"></head><body>hi</body></html>`,
      );
    if (req.url === '/cover.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    if (req.url === '/hang') {
      // answers nothing: the preview must give up on its own (its timeout), not this test
      hung.add(() => res.destroy());
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hung };
}

describe('forwards, stars and link previews in both dialects, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let site: Awaited<ReturnType<typeof startSite>>;
  let mega: string;
  let wpp: string;

  const rest = (route: string, messageData: unknown): Promise<Http> =>
    h.call('POST', `/rest/sendMessage/shop/${route}`, { messageData }, mega);
  const api = (route: string, body: unknown): Promise<Http> =>
    h.call('POST', `/api/store/${route}`, body, wpp);
  const received = (number: string, id: string): Promise<PhoneMessage> => {
    const bare = id.includes('_') ? id.split('_')[2]! : id;
    return h.zg.sim!.phone(number).waitForMessage((m) => m.id === bare && m.direction === 'in');
  };
  const expectWppError = (reply: Http, status: number) =>
    expect(reply).toMatchObject({ status, body: { status: 'error', message: expect.any(String) } });
  const expectMegaError = (reply: Http, status: number) =>
    expect(reply).toMatchObject({ status, body: { error: true, message: expect.any(String) } });

  beforeAll(async () => {
    site = await startSite();
    h = await startSandbox();
    await addPhones(h, [
      [SHOP, 'Shop'],
      [STORE, 'Store'],
      [ANA, 'Ana'],
      [BIA, 'Bia'],
    ]);
    mega = await pairMega(h, SHOP);
    wpp = await pairWpp(h, STORE);
  }, 60_000);

  afterAll(async () => {
    for (const end of site?.hung ?? []) end();
    await h?.close();
    await new Promise((r) => site?.server.close(r));
  });

  describe('mega-API', () => {
    it('forwardMessage: a received message reaches another phone marked forwarded', async () => {
      const original = await h.zg.sim!.sendFromPhone(ANA, SHOP, 'the blue one, size M');
      const sent = await poll('the received message to be forwardable', async () => {
        const r = await rest('forwardMessage', {
          to: BIA,
          key: { remoteJid: jid(ANA), fromMe: false, id: original.id },
          message: { conversation: 'the blue one, size M' },
        });
        return r.status === 404 ? undefined : r;
      });
      expect(sent).toMatchObject({
        status: 201,
        body: {
          error: false,
          messageData: { key: { remoteJid: jid(BIA), fromMe: true, id: expect.any(String) } },
        },
      });
      const got = await received(BIA, sent.body.messageData.key.id);
      expect(got).toMatchObject({ text: 'the blue one, size M', forwarded: true, from: jid(SHOP) });
    });

    it('forwardMessage: a message the instance sent is copied without the label (as WhatsApp does); an unknown id is a 404', async () => {
      const first = await rest('text', { to: ANA, text: 'opening hours: 9 to 5' });
      const sent = await rest('forwardMessage', { to: BIA, key: { id: first.body.messageData.key.id } });
      expect(sent.status).toBe(201);
      const got = await received(BIA, sent.body.messageData.key.id);
      expect(got.text).toBe('opening hours: 9 to 5');
      expect(got.forwarded).toBeUndefined();

      expectMegaError(await rest('forwardMessage', { to: BIA, key: { id: '3EB0FFFFFFFFFFFFFFFF' } }), 404);
      expectMegaError(await rest('forwardMessage', { to: BIA }), 400);
    });

    it('sendLinkPreview: the phone sees the title, description and a thumbnail of the page', async () => {
      const text = `Our new catalog: ${site.base}/catalog`;
      const sent = await rest('sendLinkPreview', { to: ANA, textWithLink: text });
      expect(sent).toMatchObject({ status: 201, body: { error: false } });
      const got = await received(ANA, sent.body.messageData.key.id);
      expect(got.text).toBe(text);
      expect(got.linkPreview).toMatchObject({
        url: `${site.base}/catalog`,
        title: 'Spring catalog & prices',
        description: 'Forty new items',
      });
      expect(got.linkPreview!.thumbnailBytes).toBeGreaterThan(100);
      expect(got.forwarded).toBeUndefined();
    });

    it('sendLinkPreview: a page that 404s or never answers sends the text without a preview', async () => {
      for (const path of ['/missing', '/hang']) {
        const text = `see ${site.base}${path}`;
        const sent = await rest('sendLinkPreview', { to: ANA, textWithLink: text });
        expect(sent).toMatchObject({ status: 201, body: { error: false } });
        const got = await received(ANA, sent.body.messageData.key.id);
        expect(got.text).toBe(text);
        expect(got.linkPreview).toBeUndefined();
      }
      expectMegaError(await rest('sendLinkPreview', { to: ANA }), 400);
    });
  });

  describe('WPPConnect', () => {
    it('forward-messages: each received message (serialized or bare id) reaches the first phone marked forwarded', async () => {
      const a = await h.zg.sim!.sendFromPhone(ANA, STORE, 'first line');
      const b = await h.zg.sim!.sendFromPhone(ANA, STORE, 'second line');
      const ids = [`false_${ANA}@c.us_${a.id}`, b.id];
      const reply = await poll('the received messages to be forwardable', async () => {
        const r = await api('forward-messages', { phone: [BIA, ANA], messageId: ids });
        return r.status === 404 ? undefined : r;
      });
      expect(reply).toMatchObject({
        status: 201,
        body: { status: 'success', session: 'store', response: [{ fromMe: true }, { fromMe: true }] },
      });
      expect(reply.body.response[0].id).toMatch(new RegExp(`^true_${BIA}@c\\.us_`));
      const got = await Promise.all(reply.body.response.map((r: { id: string }) => received(BIA, r.id)));
      expect(got.map((m) => [m.text, m.forwarded])).toEqual([
        ['first line', true],
        ['second line', true],
      ]);
    });

    it('forward-messages: an unknown id is a 404, a missing one a 400', async () => {
      expectWppError(await api('forward-messages', { phone: BIA, messageId: '3EB0FFFFFFFFFFFFFFFF' }), 404);
      expectWppError(await api('forward-messages', { phone: BIA }), 400);
    });

    it('send-link-preview: the phone sees the preview; a failing page sends the text alone', async () => {
      const url = `${site.base}/catalog`;
      const reply = await api('send-link-preview', { phone: ANA, url, caption: 'New!' });
      expect(reply).toMatchObject({
        status: 201,
        body: { status: 'success', response: [{ body: `New!\n${url}` }] },
      });
      const got = await received(ANA, reply.body.response[0].id);
      expect(got).toMatchObject({
        text: `New!\n${url}`,
        linkPreview: { url, title: 'Spring catalog & prices' },
      });
      expect(got.linkPreview!.thumbnailBytes).toBeGreaterThan(100);

      const missing = await api('send-link-preview', { phone: ANA, url: `${site.base}/missing` });
      expect(missing.status).toBe(201);
      const plain = await received(ANA, missing.body.response[0].id);
      expect(plain.text).toBe(`${site.base}/missing`);
      expect(plain.linkPreview).toBeUndefined();

      expectWppError(await api('send-link-preview', { phone: ANA, url: 'ftp://x' }), 400);
    });

    it('send-message with options.linkPreview: the phone sees the preview; false sends none', async () => {
      const message = `look: ${site.base}/catalog`;
      const reply = await api('send-message', { phone: ANA, message, options: { linkPreview: true } });
      expect(reply).toMatchObject({
        status: 201,
        body: { status: 'success', response: [{ body: message }] },
      });
      expect((await received(ANA, reply.body.response[0].id)).linkPreview).toMatchObject({
        url: `${site.base}/catalog`,
        title: 'Spring catalog & prices',
        description: 'Forty new items',
      });

      const none = await api('send-message', { phone: ANA, message, options: { linkPreview: false } });
      expect(none.status).toBe(201);
      expect((await received(ANA, none.body.response[0].id)).linkPreview).toBeUndefined();
      expectWppError(
        await api('send-message', { phone: ANA, message, options: { linkPreview: 'yes' } }),
        400,
      );
    });

    it('star-message stars a message (app-state sync; app-state.e2e.spec.ts checks the phone)', async () => {
      const a = await api('send-message', { phone: ANA, message: 'star me' });
      const reply = await api('star-message', { messageId: a.body.response[0].id, star: true });
      expect(reply).toMatchObject({
        status: 200,
        body: { status: 'success', response: { id: a.body.response[0].id, star: true } },
      });
    });
  });
});
