import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { firstUrl, LinkPreviewer, pageMetadata } from './link-preview.js';
import { MediaUrlFetcher } from './media-url-fetcher.js';

describe(LinkPreviewer.name, () => {
  let server: Server;
  let base: string;
  const hung = new Set<() => void>();

  beforeAll(async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3050c0' } })
      .jpeg()
      .toBuffer();
    server = createServer((req, res) => {
      if (req.url === '/page')
        return res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<head><meta content="A title" property="og:title"><meta name="description" content='Plain &quot;desc&quot;'><meta property="og:image" content="img.jpg"></head>`,
          );
      if (req.url === '/img.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
      if (req.url === '/broken-image')
        return res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<title>Only a title</title><meta property="og:image" content="/nothing.png">');
      if (req.url === '/pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF');
      if (req.url === '/hang') return void hung.add(() => res.destroy());
      res.writeHead(404).end('<title>Not found</title>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const end of hung) end();
    await new Promise((r) => server.close(r));
  });

  const sut = (allowPrivateNetworks = true) =>
    new LinkPreviewer(new MediaUrlFetcher({ allowPrivateNetworks }), {
      timeoutMs: 500,
      maxHtmlBytes: 64 * 1024,
      maxImageBytes: 1024 * 1024,
    });

  it('makes title, description and a JPEG thumbnail of the first link', async () => {
    const preview = await sut().forText(`see ${base}/page, then ${base}/other`);
    expect(preview).toMatchObject({ url: `${base}/page`, title: 'A title', description: 'Plain "desc"' });
    const jpeg = Buffer.from(preview!.thumbnailBase64!, 'base64');
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('keeps the title when the image fails', async () => {
    const preview = await sut().forUrl(`${base}/broken-image`);
    expect(preview).toEqual({ url: `${base}/broken-image`, title: 'Only a title' });
  });

  it.each(['/missing', '/hang', '/pdf'])('gives no preview for %s', async (path) => {
    expect(await sut().forUrl(`${base}${path}`)).toBeUndefined();
  });

  it('gives no preview for an address the URL policy refuses, nor for a text without a link', async () => {
    expect(await sut(false).forUrl(`${base}/page`)).toBeUndefined();
    expect(await sut().forText('no link here')).toBeUndefined();
  });

  it('reads the first link and Open Graph tags', () => {
    expect(firstUrl('go to (https://a.example/x?y=1).')).toBe('https://a.example/x?y=1');
    expect(firstUrl('nothing')).toBeUndefined();
    expect(pageMetadata('<title> T &amp; U </title>')).toEqual({ title: 'T & U' });
  });
});
