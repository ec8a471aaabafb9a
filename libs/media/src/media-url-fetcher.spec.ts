import type { lookup as dnsLookup } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { DEFAULT_URL_POLICY } from '@zapgate/webhook-core';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { image, readAll } from './media.fixtures.js';
import { MediaUrlFetcher, type MediaFetchOptions } from './media-url-fetcher.js';

/** The URL policy will refuse loopback by default: these tests talk to a local server, so allow it. */
const LOCAL = { allowPrivateNetworks: true };
const OPTIONS: MediaFetchOptions = { maxBytes: 1024 ** 2, connectTimeoutMs: 2_000, totalTimeoutMs: 5_000 };

/** Host names the tests resolve themselves (nothing leaves the machine). */
const NAMES: Record<string, string> = {
  'media.test': '127.0.0.1',
  'metadata-alias.test': '169.254.169.254',
  'nat64-metadata.test': '64:ff9b::a9fe:a9fe',
};
const resolver = ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
  const address = NAMES[hostname];
  if (!address)
    return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  const family = address.includes(':') ? 6 : 4;
  if ((options as { all?: boolean }).all) return callback(null, [{ address, family }]);
  callback(null, address, family);
}) as unknown as typeof dnsLookup;

async function refusal(promise: Promise<unknown>): Promise<MediaError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof MediaError) return err;
  throw new Error(`expected a MediaError, got ${String(err)}`);
}

describe(MediaUrlFetcher.name, () => {
  let server: Server;
  let base: string;
  let jpeg: Buffer;
  /** Bytes the endless route wrote before the client went away. */
  let endlessWritten = 0;
  let endlessClosed: Promise<void>;
  let markEndlessClosed: () => void;
  const sut = new MediaUrlFetcher(LOCAL, resolver);

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/photo.jpg': (_, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length });
      res.end(jpeg);
    },
    '/download': (_, res) => {
      res.writeHead(200, {
        'content-disposition': `attachment; filename*=UTF-8''relat%C3%B3rio%20final.pdf`,
      });
      res.end('%PDF-1.7');
    },
    '/gzip': (_, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-encoding': 'gzip' });
      res.end(gzipSync(jpeg));
    },
    '/missing': (_, res) => {
      res.writeHead(404);
      res.end('no');
    },
    '/liar': (_, res) => {
      // claims 2 MB and sends nothing: the claim alone is refused
      res.writeHead(200, { 'content-length': 2 * 1024 ** 2 });
      res.flushHeaders();
    },
    '/endless': (req, res) => {
      endlessWritten = 0;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        // bounded: 64 MB at most, whatever the client does
        while (endlessWritten < 64 * 1024 ** 2 && !res.destroyed) {
          endlessWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.once('close', () => markEndlessClosed());
      req.socket.setNoDelay(true);
      pump();
    },
    '/stall-head': () => undefined,
    '/stall-body': (_, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(100));
    },
  };

  beforeAll(async () => {
    jpeg = await image('jpeg', 320, 240);
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/redirect') {
        res.writeHead(Number(url.searchParams.get('status') ?? 302), {
          location: url.searchParams.get('to')!,
        });
        return void res.end();
      }
      const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
      if (hops) {
        const left = Number(hops[1]);
        res.writeHead(302, { location: left ? `/hops/${left - 1}` : '/photo.jpg' });
        return void res.end();
      }
      const route = routes[url.pathname];
      if (!route) {
        res.writeHead(404);
        return void res.end();
      }
      route(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  beforeEach(() => {
    endlessClosed = new Promise((r) => (markEndlessClosed = r));
  });

  it('fetches a file with its Content-Type, length and name', async () => {
    const fetched = await sut.fetch(`${base}/photo.jpg`, OPTIONS);
    expect(fetched).toMatchObject({
      contentType: 'image/jpeg',
      contentLength: jpeg.length,
      fileName: 'photo.jpg',
      url: `${base}/photo.jpg`,
    });
    expect(await readAll(fetched.stream)).toEqual(jpeg);
  });

  it('takes the name from Content-Disposition, and decompresses a compressed body', async () => {
    const named = await sut.fetch(`${base}/download`, OPTIONS);
    expect(named.fileName).toBe('relatório final.pdf');
    expect((await readAll(named.stream)).toString()).toBe('%PDF-1.7');
    const gz = await sut.fetch(`${base}/gzip`, OPTIONS);
    expect(await readAll(gz.stream)).toEqual(jpeg);
  });

  it('resolves names through the policy lookup', async () => {
    const port = (server.address() as AddressInfo).port;
    const fetched = await sut.fetch(`http://media.test:${port}/photo.jpg`, OPTIONS);
    expect(await readAll(fetched.stream)).toEqual(jpeg);
  });

  it('follows redirects (relative ones too) up to 5', async () => {
    const fetched = await sut.fetch(`${base}/hops/4`, OPTIONS);
    expect(fetched.url).toBe(`${base}/photo.jpg`);
    expect(await readAll(fetched.stream)).toEqual(jpeg);
    const tooMany = await refusal(sut.fetch(`${base}/hops/5`, OPTIONS));
    expect(tooMany.reason).toBe(MediaErrorReason.FetchFailed);
    expect(tooMany.message).toMatch(/redirected more than 5 times/);
  });

  it.each([
    ['to the metadata address', 'http://169.254.169.254/latest/meta-data/', /link-local/],
    ['to a metadata host name', 'http://metadata.google.internal/computeMetadata/v1/', /metadata/],
    ['to the metadata address carried in IPv6', 'http://[::ffff:169.254.169.254]/', /link-local/],
    ['to another scheme', 'file:///etc/passwd', /http or https/],
  ])('re-checks each redirect hop: refuses one %s', async (_, to, why) => {
    for (const status of [301, 302, 307]) {
      const err = await refusal(
        sut.fetch(`${base}/redirect?status=${status}&to=${encodeURIComponent(to)}`, OPTIONS),
      );
      expect(err.reason).toBe(MediaErrorReason.UrlRefused);
      expect(err.message).toMatch(why);
      expect(err.message).toMatch(/media URL/);
      expect(err.details).toMatchObject({ redirect: 1 });
    }
  });

  it('refuses, at connect, a redirect to a name that resolves to a metadata address', async () => {
    for (const host of ['metadata-alias.test', 'nat64-metadata.test']) {
      const err = await refusal(sut.fetch(`${base}/redirect?to=http://${host}/latest/meta-data/`, OPTIONS));
      expect(err.reason).toBe(MediaErrorReason.UrlRefused);
      expect(err.message).toMatch(/link-local/);
    }
  });

  it('refuses loopback under the default policy (private networks not allowed)', async () => {
    const strict = new MediaUrlFetcher(DEFAULT_URL_POLICY, resolver);
    const port = (server.address() as AddressInfo).port;
    for (const url of [`${base}/photo.jpg`, `http://media.test:${port}/photo.jpg`]) {
      const err = await refusal(strict.fetch(url, OPTIONS));
      expect(err.reason).toBe(MediaErrorReason.UrlRefused);
      expect(err.message).toMatch(/private|loopback/);
    }
  });

  it('refuses a Content-Length over the limit before reading the body', async () => {
    const err = await refusal(sut.fetch(`${base}/liar`, OPTIONS));
    expect(err.reason).toBe(MediaErrorReason.TooLarge);
    expect(err.message).toMatch(/limit of 1 MB/);
  });

  it('stops reading a body without a length as soon as it passes the limit', async () => {
    const fetched = await sut.fetch(`${base}/endless`, OPTIONS);
    const err = await refusal(readAll(fetched.stream));
    expect(err.reason).toBe(MediaErrorReason.TooLarge);
    await endlessClosed;
    // the server stops when the connection goes: what it wrote is the limit plus socket buffers,
    // far from the 64 MB it would have sent
    expect(endlessWritten).toBeLessThan(16 * 1024 ** 2);
  });

  it('refuses an HTTP error and a host that does not resolve', async () => {
    const missing = await refusal(sut.fetch(`${base}/missing`, OPTIONS));
    expect(missing).toMatchObject({
      reason: MediaErrorReason.FetchFailed,
      message: expect.stringMatching(/404/),
    });
    const unknown = await refusal(sut.fetch('http://nowhere.test/a.jpg', OPTIONS));
    expect(unknown).toMatchObject({
      reason: MediaErrorReason.FetchFailed,
      message: expect.stringMatching(/resolve/),
    });
  });

  it('gives up on a server that does not answer, or stops sending, within the total timeout', async () => {
    const quick = { ...OPTIONS, totalTimeoutMs: 300 };
    const head = await refusal(sut.fetch(`${base}/stall-head`, quick));
    expect(head.reason).toBe(MediaErrorReason.FetchTimeout);
    const fetched = await sut.fetch(`${base}/stall-body`, quick);
    const body = await refusal(readAll(fetched.stream));
    expect(body.reason).toBe(MediaErrorReason.FetchTimeout);
    expect(body.message).toMatch(/whole file in time/);
  });

  it('gives up when no connection is made within the connect timeout (DNS included)', async () => {
    const silent = (() => undefined) as unknown as typeof dnsLookup;
    const stuck = new MediaUrlFetcher(LOCAL, silent);
    const started = Date.now();
    const err = await refusal(stuck.fetch('http://slow.test/a.jpg', { ...OPTIONS, connectTimeoutMs: 200 }));
    expect(err.reason).toBe(MediaErrorReason.FetchTimeout);
    expect(err.message).toMatch(/did not connect within 200 ms/);
    expect(Date.now() - started).toBeLessThan(OPTIONS.totalTimeoutMs);
  });
});
