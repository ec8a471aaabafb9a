import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenRateLimit, tokenRateLimit } from './token-rate-limit.js';

/** A request as Node hands it to the middleware. */
const request = (url: string, authorization?: string): IncomingMessage =>
  ({ url, headers: authorization ? { authorization } : {}, complete: true }) as unknown as IncomingMessage;

/** A response that records what was sent. */
function response() {
  const headers: Record<string, string> = {};
  const res = {
    statusCode: 200,
    body: undefined as unknown,
    headers,
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    end: (text: string) => void (res.body = JSON.parse(text)),
  };
  return res;
}

describe(TokenRateLimit.name, () => {
  it('lets perSecond requests of one credential through, then answers the wait in seconds', async () => {
    const sut = new TokenRateLimit({ perSecond: 3, burst: 0 });
    for (let i = 0; i < 3; i++) expect(await sut.take('a')).toBe(0);
    expect(await sut.take('a')).toBe(1);
    // another credential has its own budget
    expect(await sut.take('b')).toBe(0);
  });

  it('allows the burst above the rate once per 10 s window', async () => {
    const sut = new TokenRateLimit({ perSecond: 2, burst: 3 });
    const admitted = [];
    for (let i = 0; i < 7; i++) admitted.push(await sut.take('a'));
    expect(admitted.filter((s) => s === 0)).toHaveLength(5);
    expect(admitted.slice(5)).toEqual([1, 1]);
  });

  it('admits again once the second has passed', async () => {
    const sut = new TokenRateLimit({ perSecond: 1, burst: 0 });
    expect(await sut.take('a')).toBe(0);
    expect(await sut.take('a')).toBeGreaterThan(0);
    const deadline = Date.now() + 3_000;
    let wait = 1;
    while (wait > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      wait = await sut.take('a');
    }
    expect(wait).toBe(0);
  });

  describe('keyOf', () => {
    it('keys mega requests by their bearer token, whatever the instance', () => {
      const a = TokenRateLimit.keyOf('/rest/sendMessage/shop/text', 'Bearer tok-1');
      const b = TokenRateLimit.keyOf('/REST/instance/other?x=1', 'bearer  tok-1');
      expect(a?.dialect.name).toBe('mega');
      expect(a?.key).toBe(b?.key);
      expect(a?.key).not.toContain('tok-1');
      expect(TokenRateLimit.keyOf('/rest/sendMessage/shop/text', 'Bearer tok-2')?.key).not.toBe(a?.key);
      expect(TokenRateLimit.keyOf('/rest/sendMessage/shop/text', undefined)).toBeUndefined();
    });

    it('keys WPPConnect requests by session and token, from the path or the header', () => {
      const inPath = TokenRateLimit.keyOf('/api/store:tok/send-message', undefined);
      const inHeader = TokenRateLimit.keyOf('/api/store/send-message', 'Bearer tok');
      expect(inPath?.dialect.name).toBe('wppconnect');
      expect(inPath?.key).toBe(inHeader?.key);
      expect(TokenRateLimit.keyOf('/api/other/send-message', 'Bearer tok')?.key).not.toBe(inPath?.key);
      expect(TokenRateLimit.keyOf('/api/store/send-message', undefined)).toBeUndefined();
    });

    it('leaves paths outside both dialects alone', () => {
      expect(TokenRateLimit.keyOf('/health', 'Bearer tok')).toBeUndefined();
      expect(TokenRateLimit.keyOf('/sandbox/phones', 'Bearer tok')).toBeUndefined();
      expect(TokenRateLimit.keyOf('/', 'Bearer tok')).toBeUndefined();
    });

    it('does not count the SECRET_KEY routes, which carry no token', () => {
      expect(
        TokenRateLimit.keyOf('/api/store/THISISMYSECURETOKEN/generate-token', undefined),
      ).toBeUndefined();
    });
  });

  describe('the middleware', () => {
    const run = async (mw: ReturnType<typeof tokenRateLimit>, req: IncomingMessage) => {
      const res = response();
      const passed = await new Promise<boolean>((resolve) => {
        mw(req, res as unknown as ServerResponse, () => resolve(true));
        // a refusal ends the response without calling next
        setTimeout(() => resolve(false), 100);
      });
      return { passed, res };
    };

    it('answers 429 with Retry-After in the mega body', async () => {
      const mw = tokenRateLimit({ perSecond: 1, burst: 0 });
      expect((await run(mw, request('/rest/instance/shop', 'Bearer t'))).passed).toBe(true);
      const { passed, res } = await run(mw, request('/rest/instance/shop', 'Bearer t'));
      expect(passed).toBe(false);
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        error: true,
        message: expect.stringMatching(/too many requests/),
        code: 'rate_limited',
      });
    });

    it('answers 429 with Retry-After in the WPPConnect body', async () => {
      const mw = tokenRateLimit({ perSecond: 1, burst: 0 });
      await run(mw, request('/api/store/status-session', 'Bearer t'));
      const { res } = await run(mw, request('/api/store/status-session', 'Bearer t'));
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toEqual({
        status: 'error',
        message: expect.stringMatching(/too many requests/),
        code: 'rate_limited',
      });
    });

    it('passes everything when the limit is off', async () => {
      const mw = tokenRateLimit(undefined);
      for (let i = 0; i < 5; i++)
        expect((await run(mw, request('/rest/instance/shop', 'Bearer t'))).passed).toBe(true);
    });
  });
});
