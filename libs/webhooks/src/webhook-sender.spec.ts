import type { LookupAddress } from 'node:dns';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { startWebhookReceiver, type WebhookReceiver } from '@zapgate/testing';
import { CONNECTION_FAILED } from './retry-policy.js';
import { HttpWebhookSender } from './webhook-sender.js';

/** A TCP server on loopback that does `onSocket` with every connection. */
async function tcpServer(onSocket: (s: Socket) => void): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s.on('close', () => sockets.delete(s)));
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    // drops the connections it still holds (the silent one never ends them)
    stop: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A resolver that knows a few names (what DNS would answer for them), and no other. */
const fakeDns =
  (names: Record<string, string[]>) =>
  (
    hostname: string,
    _options: object,
    callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
  ) => {
    const addresses = names[hostname];
    if (!addresses)
      return callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
        [],
      );
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };

describe(HttpWebhookSender.name, () => {
  let receiver: WebhookReceiver;
  const servers: { stop(): Promise<void> }[] = [];
  const open = { allowPrivateNetworks: true };
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    for (const s of servers.splice(0)) await s.stop();
  });

  it('reports every failure without an HTTP answer the same way, the cause only in `detail`', async () => {
    const sut = new HttpWebhookSender(open, 8, fakeDns({ 'alias.test': ['127.0.0.1'] }));
    const closed = await startWebhookReceiver();
    await closed.close(); // nothing listens on its port any more
    const silent = await tcpServer(() => undefined); // accepts, never answers
    const reset = await tcpServer((s) => s.destroy()); // hangs up at once
    const garbage = await tcpServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n')); // not HTTP
    servers.push(silent, reset, garbage);
    const results = await Promise.all(
      [
        `http://127.0.0.1:${closed.port}/h`,
        `http://127.0.0.1:${silent.port}/h`,
        `http://127.0.0.1:${reset.port}/h`,
        `http://alias.test:${garbage.port}/h`,
        'http://no-such-host.test/h',
      ].map((url) => sut.post(url, {}, '{}', 400)),
    );
    await sut.close();
    expect(results.map(({ detail: _d, ...logged }) => logged)).toEqual(
      Array.from({ length: 5 }, () => ({ error: CONNECTION_FAILED })),
    );
    expect(results.map((r) => r.detail)).toEqual([
      expect.stringMatching(/ECONNREFUSED/),
      expect.stringMatching(/no answer within 400 ms/),
      expect.stringMatching(/ECONNRESET|socket hang up|other side closed/),
      expect.stringMatching(/HPE_|Parse Error|Expected HTTP/),
      expect.stringMatching(/ENOTFOUND/),
    ]);
  });

  it('keeps the status and latency of an answer, never its body', async () => {
    const sut = new HttpWebhookSender(open);
    receiver.respond = (_h, res) => void res.writeHead(500).end('stack trace of the receiver, key=abc');
    const result = await sut.post(`${receiver.url}/h`, {}, '{}', 2_000);
    await sut.close();
    expect(result).toEqual({ statusCode: 500, latencyMs: expect.any(Number) });
  });

  it('reads Retry-After, sends the headers and body as given and reuses one connection per receiver', async () => {
    const sut = new HttpWebhookSender(open, 4);
    const sockets = new Set<unknown>();
    const bodies: string[] = [];
    const server = createHttpServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(`${req.headers['x-test']} ${req.headers['content-type']} ${req.url} ${body}`);
        res.writeHead(req.url === '/busy' ? 429 : 200, { 'retry-after': '3' }).end('ignored');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const busy = await sut.post(
      `${base}/busy`,
      { 'x-test': 'a', 'content-type': 'application/json' },
      '{"n":1}',
      2_000,
    );
    const ok1 = await sut.post(`${base}/ok?q=1`, { 'x-test': 'b' }, '{"n":2}', 2_000);
    const ok2 = await sut.post(`${base}/ok?q=1`, { 'x-test': 'c' }, '{"n":3}', 2_000);
    // sequential POSTs: undici may open a second connection while the first is being returned
    for (let i = 0; i < 10; i++) await sut.post(`${base}/ok`, {}, '{}', 2_000);
    await sut.close();
    await new Promise((r) => server.close(r));
    expect(busy).toMatchObject({ statusCode: 429, retryAfterMs: 3_000 });
    expect([ok1.statusCode, ok2.statusCode]).toEqual([200, 200]);
    expect(bodies).toEqual([
      'a application/json /busy {"n":1}',
      'b undefined /ok?q=1 {"n":2}',
      'c undefined /ok?q=1 {"n":3}',
      ...Array.from({ length: 10 }, () => 'undefined undefined /ok {}'),
    ]);
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it('refuses at connect time a name that resolves to a metadata address in any IPv6 form', async () => {
    const sut = new HttpWebhookSender(
      open,
      8,
      fakeDns({
        'v4.test': ['169.254.169.254'],
        'mapped.test': ['::ffff:169.254.169.254'],
        'nat64.test': ['64:ff9b::a9fe:a9fe'],
        'compatible.test': ['::a9fe:a9fe'],
        'alibaba.test': ['64:ff9b::6464:64c8'],
      }),
    );
    for (const host of ['v4', 'mapped', 'nat64', 'compatible', 'alibaba']) {
      const result = await sut.post(`http://${host}.test:${receiver.port}/h`, {}, '{}', 2_000);
      expect({ host, result }).toEqual({
        host,
        result: {
          error: CONNECTION_FAILED,
          detail: expect.stringMatching(/refused by the URL policy: .*(link-local|metadata)/),
        },
      });
    }
    await sut.close();
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses a name that resolves to loopback unless private networks are allowed', async () => {
    const dns = fakeDns({ 'receiver.test': ['127.0.0.1'] });
    const strict = new HttpWebhookSender({ allowPrivateNetworks: false }, 8, dns);
    const refused = await strict.post(`http://receiver.test:${receiver.port}/strict`, {}, '{}', 2_000);
    expect(refused).toEqual({
      error: CONNECTION_FAILED,
      detail: expect.stringMatching(/refused by the URL policy: .*loopback/),
    });
    // a literal private address is refused before any connection, as at configuration time
    expect(await strict.post(`${receiver.url}/literal`, {}, '{}', 2_000)).toEqual({
      error: expect.stringMatching(/private, loopback/),
      fatal: true,
    });
    await strict.close();
    const allowing = new HttpWebhookSender(open, 8, dns);
    expect(await allowing.post(`http://receiver.test:${receiver.port}/open`, {}, '{}', 2_000)).toMatchObject({
      statusCode: 200,
    });
    await allowing.close();
    expect(receiver.requests.map((r) => r.url)).toEqual(['/open']);
  });
});
