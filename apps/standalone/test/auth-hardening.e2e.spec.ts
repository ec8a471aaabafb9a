import { request, type IncomingHttpHeaders } from 'node:http';
import bcrypt from 'bcryptjs';
import { startSandbox } from './standalone-harness.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

/** A WPPConnect token as a server issues it for the session, at the given bcrypt cost. */
async function wppToken(session: string, secretKey: string, cost = 10): Promise<string> {
  return (await bcrypt.hash(session + secretKey, cost)).replace(/\//g, '_');
}

describe('Authentication hardening, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let port: number;
  beforeAll(async () => {
    h = await startSandbox();
    port = Number(new URL(h.zg.url).port);
  });
  afterAll(() => h.close());

  /** One request on its own connection, optionally from another loopback address. */
  function send(
    method: string,
    path: string,
    o: { headers?: Record<string, string>; body?: string; from?: string } = {},
  ): Promise<Answer> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path, headers: o.headers, agent: false, localAddress: o.from },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: res.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
              ms: performance.now() - started,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(o.body);
    });
  }

  /**
   * Announces a 5 MB text/plain body, sends only its first 64 kB and waits (at most 5 s) for an
   * answer: one arrives only if the server answered without reading the body.
   */
  function sendHeadOfBigBody(path: string): Promise<Answer> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent: false,
        headers: { 'content-type': 'text/plain', 'content-length': String(5 * 1024 * 1024) },
      });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error('no answer while the body was still being sent: the server waited for it'));
      }, 5_000);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          clearTimeout(timer);
          req.destroy();
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: JSON.parse(text),
            ms: performance.now() - started,
          });
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // the server closing the connection after its answer may surface here as well
        if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') {
          clearTimeout(timer);
          reject(err);
        }
      });
      req.write(Buffer.alloc(64 * 1024, '{'));
    });
  }

  it('answers a bcrypt token of a caller-chosen cost ($2b$18$) with 401 at once, and keeps serving valid requests', async () => {
    const { secretKey } = h.zg;
    const valid = (await h.call('POST', `/api/store/${secretKey}/generate-token`)).body.token as string;
    // a real bcrypt hash of the right session and secret, re-labelled with cost 18: ~20 s of hashing
    const costly = (await wppToken('store', secretKey, 4)).replace('$2b$04$', '$2b$18$');

    const [bad, good, health] = await Promise.all([
      Promise.all(
        Array.from({ length: 8 }, () =>
          send('GET', '/api/store/status-session', { headers: { authorization: `Bearer ${costly}` } }),
        ),
      ),
      send('GET', '/api/store/status-session', { headers: { authorization: `Bearer ${valid}` } }),
      send('GET', '/health'),
    ]);
    for (const answer of bad) {
      expect(answer).toMatchObject({
        status: 401,
        body: { error: 'Check that the Session and Token are correct' },
      });
      expect(answer.ms).toBeLessThan(1_000);
    }
    expect(good).toMatchObject({ status: 200, body: { status: 'CLOSED' } });
    expect(good.ms).toBeLessThan(1_000);
    expect(health.status).toBe(200);
  }, 15_000);

  it('answers 429 in the dialect body to an address after repeated failed authentications, and only to it', async () => {
    const attacker = '127.0.0.2';
    const { adminToken, secretKey } = h.zg;
    for (let i = 0; i < 20; i++) {
      const answer = await send('GET', '/rest/instance/list', {
        headers: { authorization: `Bearer guess-${i}` },
        from: attacker,
      });
      expect(answer.status).toBe(401);
    }
    const blocked = await send('GET', '/rest/instance/list', {
      headers: { authorization: `Bearer ${adminToken}` },
      from: attacker,
    });
    expect(blocked).toMatchObject({
      status: 429,
      headers: { 'retry-after': expect.stringMatching(/^\d+$/) },
      body: { error: true, message: expect.stringContaining('too many failed authentications') },
    });
    expect(await send('GET', `/api/${secretKey}/show-all-sessions`, { from: attacker })).toMatchObject({
      status: 429,
      body: { status: 'error', message: expect.stringContaining('too many failed authentications') },
    });
    // guessing SECRET_KEY counts the same
    for (let i = 0; i < 20; i++)
      expect((await send('POST', `/api/s1/guess-${i}/generate-token`, { from: '127.0.0.3' })).status).toBe(
        400,
      );
    expect(await send('POST', `/api/s1/${secretKey}/generate-token`, { from: '127.0.0.3' })).toMatchObject({
      status: 429,
      body: { status: 'error', message: expect.stringContaining('too many failed authentications') },
    });
    // another client address is not affected
    expect(await h.call('GET', '/rest/instance/list', undefined, adminToken)).toMatchObject({ status: 200 });
  });

  it('refuses a 5 MB body without a token before reading it, in either dialect', async () => {
    const mega = await sendHeadOfBigBody('/rest/sendMessage/shop/text');
    expect(mega).toMatchObject({
      status: 401,
      headers: { connection: 'close' },
      body: { error: true, message: expect.stringContaining('bearer token') },
    });
    const wpp = await sendHeadOfBigBody('/api/store/send-message');
    expect(wpp).toMatchObject({
      status: 401,
      headers: { connection: 'close' },
      body: { message: 'Token is not present. Check your header and try again' },
    });
    // the server still answers afterwards
    expect((await send('GET', '/health')).status).toBe(200);
  });

  it('keeps each instance to the dialect that created it', async () => {
    const { adminToken, secretKey } = h.zg;
    const init = await h.call('POST', '/rest/instance/init?instance_key=megashop', {}, adminToken);
    expect(init.status).toBe(201);

    // no WPPConnect token is issued for a mega-API instance's name...
    expect(await h.call('POST', `/api/megashop/${secretKey}/generate-token`)).toMatchObject({
      status: 409,
      body: { status: 'error', message: expect.stringContaining('mega-API instance') },
    });
    // ...and one made elsewhere with the same secret does not drive it
    const forged = await wppToken('megashop', secretKey);
    expect(await h.call('GET', '/api/megashop/status-session', undefined, forged)).toMatchObject({
      status: 404,
      body: { status: 'error', message: expect.stringContaining('mega-API instance') },
    });
    expect(await h.call('POST', '/api/megashop/start-session', {}, forged)).toMatchObject({ status: 404 });

    // a WPPConnect session is not a mega-API instance, even for the admin token
    const wppTok = (await h.call('POST', `/api/wppshop/${secretKey}/generate-token`)).body.token as string;
    expect(await h.call('POST', '/api/wppshop/start-session', {}, wppTok)).toMatchObject({ status: 200 });
    expect(await h.call('GET', '/rest/instance/wppshop', undefined, adminToken)).toMatchObject({
      status: 404,
      body: { error: true, message: expect.stringContaining('WPPConnect session') },
    });
    expect(await h.call('POST', '/rest/instance/init?instance_key=wppshop', {}, adminToken)).toMatchObject({
      status: 409,
      body: { error: true },
    });
    // and each dialect lists only its own
    const sessions = (await h.call('GET', `/api/${secretKey}/show-all-sessions`)).body.response;
    expect(sessions).toContain('wppshop');
    expect(sessions).not.toContain('megashop');
    const instances = (await h.call('GET', '/rest/instance/list', undefined, adminToken)).body.data;
    expect(instances.map((i: { key: string }) => i.key)).toContain('megashop');
    expect(instances.map((i: { key: string }) => i.key)).not.toContain('wppshop');
  });
});
