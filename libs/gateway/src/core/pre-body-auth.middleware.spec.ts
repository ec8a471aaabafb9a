import { MemoryInstanceRepository } from '@zapgate/storage';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WppTokenService } from '../wpp/wpp-token.service.js';
import { AuthThrottle } from './auth-throttle.js';
import type { GatewaySettings } from './gateway-settings.js';
import { InstanceRegistry } from './instance-registry.js';
import { PreBodyAuth } from './pre-body-auth.middleware.js';

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const settings: GatewaySettings = {
  adminToken: 'admin-token',
  secretKey: 'the-secret',
  commandTimeoutMs: 1000,
  bodyLimitBytes: 1_000_000,
};

describe(PreBodyAuth.name, () => {
  let sut: PreBodyAuth;
  let tokens: WppTokenService;
  let throttle: AuthThrottle;
  let shopToken: string;

  beforeEach(async () => {
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    shopToken = (await registry.create('shop', 'mega', { withToken: true })).token!;
    await registry.create('other', 'mega', { withToken: true });
    tokens = new WppTokenService(settings);
    throttle = new AuthThrottle({ maxFailures: 3, windowSeconds: 60 });
    sut = new PreBodyAuth(settings, registry, tokens, throttle);
  });

  /**
   * Runs a request through `admit`; the answer when it was refused. By default the request
   * announces a 5 MB body of which nothing has arrived yet.
   */
  async function send(
    url: string,
    headers: Record<string, string> = {},
    o: { from?: string; body?: 'pending' | 'arrived' | 'none' } = {},
  ): Promise<Sent | undefined> {
    const body = o.body ?? 'pending';
    const req = {
      url,
      headers:
        body === 'none' || headers['transfer-encoding']
          ? headers
          : { 'content-length': '5000000', ...headers },
      complete: body !== 'pending',
      socket: { remoteAddress: o.from ?? '192.0.2.1' },
    } as unknown as IncomingMessage;
    const sent: Sent = { status: 0, headers: {}, body: undefined };
    const res = {
      set statusCode(s: number) {
        sent.status = s;
      },
      setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
      end: (text: string) => (sent.body = JSON.parse(text)),
    } as unknown as ServerResponse;
    return (await sut.admit(req, res)) ? undefined : sent;
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it.each(['/rest/nope', '/rest/instance/list', '/api', '/api/s1/status-session'])(
    'leaves %s without a body to routing and its guard',
    async (url) => {
      expect(await send(url, {}, { body: 'none' })).toBeUndefined();
      expect(await send(url, { 'content-length': '0' }, { body: 'none' })).toBeUndefined();
    },
  );

  it.each(['/health', '/health/ready', '/metrics', '/docs', '/docs-json', '/sandbox/phones', '/apis/x', '/'])(
    'leaves %s alone',
    async (url) => {
      expect(await send(url)).toBeUndefined();
    },
  );

  describe('mega /rest', () => {
    it('refuses a request without a bearer token with the mega 401 body, closing a connection whose body is pending', async () => {
      expect(await send('/rest/sendMessage/shop/text')).toEqual({
        status: 401,
        headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
        body: { error: true, message: expect.stringContaining('missing bearer token'), code: 'unauthorized' },
      });
    });

    it('admits the admin token anywhere under /rest', async () => {
      expect(await send('/rest/instance/init?instance_key=x', bearer('admin-token'))).toBeUndefined();
      expect(await send('/rest/anything/at/all', bearer('admin-token'))).toBeUndefined();
    });

    it.each([
      '/rest/sendMessage/shop/text',
      '/rest/instance/shop/logout',
      '/rest/instance/qrcode_base64/shop',
      '/rest/webhook/shop',
      '/REST/Webhook/shop/configWebhook',
      '/rest/instance/%73hop',
      '/rest/instance/init?instance_key=shop',
    ])('admits the instance token on %s', async (url) => {
      expect(await send(url, bearer(shopToken))).toBeUndefined();
    });

    it('refuses an instance token on another instance and a made-up token', async () => {
      expect(await send('/rest/sendMessage/other/text', bearer(shopToken))).toMatchObject({
        status: 401,
        body: { error: true, message: 'invalid token for this instance' },
      });
      expect(await send('/rest/sendMessage/shop/text', bearer('guess'))).toMatchObject({ status: 401 });
    });

    it('keeps the connection open when the body has already arrived', async () => {
      const refused = await send('/rest/instance/init', {}, { body: 'arrived' });
      expect(refused).toMatchObject({ status: 401 });
      expect(refused?.headers['connection']).toBeUndefined();
    });
  });

  describe('WPPConnect /api', () => {
    it('admits a session token in the path or the header', async () => {
      const token = await tokens.generate('s1');
      expect(await send(`/api/s1:${token}/send-message`)).toBeUndefined();
      expect(await send('/api/s1/send-message', bearer(token))).toBeUndefined();
    });

    it("refuses missing and wrong tokens with WPPConnect-server's 401 bodies", async () => {
      const other = await tokens.generate('s2');
      expect(await send('/api/s1/send-message', { 'transfer-encoding': 'chunked' })).toMatchObject({
        status: 401,
        headers: { connection: 'close' },
        body: { message: 'Token is not present. Check your header and try again' },
      });
      expect(await send('/api/s1/send-message', bearer(other))).toMatchObject({
        status: 401,
        body: { error: 'Check that the Session and Token are correct' },
      });
      expect(await send('/api')).toMatchObject({ status: 401, body: { message: 'Session not informed' } });
    });

    it('refuses a token of a caller-chosen bcrypt cost without hashing it', async () => {
      const started = performance.now();
      expect(await send(`/api/s1/send-message`, bearer(`$2b$18$${'a'.repeat(53)}`))).toMatchObject({
        status: 401,
      });
      expect(performance.now() - started).toBeLessThan(500);
    });

    it.each([
      [
        '/api/s1/the-secret/generate-token',
        '/api/s1/nope/generate-token',
        { response: false, message: 'The SECRET_KEY is incorrect' },
      ],
      [
        '/api/the-secret/show-all-sessions',
        '/api/nope/show-all-sessions',
        { response: false, message: 'The token is incorrect' },
      ],
      [
        '/api/the-secret/start-all',
        '/api/nope/start-all',
        { response: 'error', message: 'The token is incorrect' },
      ],
    ])('checks SECRET_KEY on %s', async (right, wrong, body) => {
      expect(await send(right)).toBeUndefined();
      expect(await send(right, {}, { body: 'none' })).toBeUndefined();
      expect(await send(wrong)).toEqual({ status: 400, headers: expect.any(Object), body });
      expect(await send(wrong, {}, { body: 'none' })).toEqual({
        status: 400,
        headers: expect.any(Object),
        body,
      });
    });

    it('answers 503 in the WPPConnect body when too many token checks are running', async () => {
      // 2 hashing and 16 waiting fill the token service: the 19th is refused at once
      const answers = await Promise.all(
        Array.from({ length: 19 }, (_, i) =>
          send('/api/s1/send-message', bearer(`$2b$10$${String(i).padEnd(53, 'a')}`), {
            from: `192.0.2.${100 + i}`,
          }),
        ),
      );
      expect(answers[18]).toEqual({
        status: 503,
        headers: expect.any(Object),
        body: {
          status: 'error',
          message: 'too many token checks in progress, retry shortly',
          code: 'unavailable',
        },
      });
      expect(answers.slice(0, 2).map((a) => a?.status)).toEqual([401, 401]);
    });
  });

  it('answers 503 with Retry-After while the instance store is unreachable, without counting a failure', async () => {
    class DownInstances extends MemoryInstanceRepository {
      override async get(): Promise<never> {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' });
      }
    }
    const down = new PreBodyAuth(settings, new InstanceRegistry(new DownInstances()), tokens, throttle);
    sut = down;
    for (let i = 0; i < 4; i++)
      expect(await send('/rest/sendMessage/shop/text', bearer(shopToken))).toEqual({
        status: 503,
        headers: expect.objectContaining({ 'retry-after': '2' }),
        body: {
          error: true,
          code: 'unavailable',
          message: 'the request cannot be done right now: the database is unreachable; retry in 2 s',
        },
      });
    // four answers over a limit of three failures: none of them counted against the caller
    sut = new PreBodyAuth(settings, new InstanceRegistry(new MemoryInstanceRepository()), tokens, throttle);
    expect(await send('/rest/instance/list', bearer('admin-token'))).toBeUndefined();
  });

  it('answers 429 to an address over its failure limit, whatever it sends, and only to that address', async () => {
    for (let i = 0; i < 3; i++) await send('/rest/instance/init', bearer('guess'));
    const blocked = await send('/rest/instance/list', bearer('admin-token'));
    expect(blocked).toMatchObject({
      status: 429,
      headers: { 'retry-after': expect.stringMatching(/^\d+$/) },
      body: { error: true, code: 'rate_limited', message: expect.stringContaining('too many failed') },
    });
    expect(await send('/api/s1/status-session', {}, { body: 'none' })).toMatchObject({
      status: 429,
      body: { status: 'error', message: expect.stringContaining('too many failed') },
    });
    expect(await send('/rest/instance/list', bearer('admin-token'), { from: '192.0.2.2' })).toBeUndefined();
  });
});
