import { poll, startSandbox, type Http, type Sandbox } from './standalone-harness.js';

/**
 * ZG_RATE_LIMIT (requests per credential) answers 429 with Retry-After, and ZG_BODY_LIMIT 413, in
 * each dialect's body: mega `{error: true, message}`, WPPConnect `{status: 'error', message}`.
 */
describe('ZG_RATE_LIMIT and ZG_BODY_LIMIT, standalone sandbox over HTTP', () => {
  let h: Sandbox;
  let megaToken: string;
  let wppToken: string;
  const RATE = 5;

  beforeAll(async () => {
    h = await startSandbox({ ZG_RATE_LIMIT: String(RATE), ZG_RATE_LIMIT_BURST: '0', ZG_BODY_LIMIT: '2kb' });
    megaToken = (await h.call('POST', '/rest/instance/init?instance_key=rl', {}, h.zg.adminToken)).body.data
      .token;
    wppToken = (await h.call('POST', `/api/rls/${h.zg.secretKey}/generate-token`)).body.token;
  });
  afterAll(() => h.close());

  /** Waits until the credential's second has passed (its next request is let through). */
  const admitted = (path: string, token: string) =>
    poll(`${path} to be let through again`, async () => {
      const res = await h.call('GET', path, undefined, token);
      return res.status === 429 ? undefined : res;
    });

  /** `n` requests at once with one credential. */
  const burst = (n: number, path: string, token: string): Promise<Http[]> =>
    Promise.all(Array.from({ length: n }, () => h.call('GET', path, undefined, token)));

  it('answers 413 in the mega body for a body over the limit', async () => {
    const res = await h.call(
      'POST',
      '/rest/sendMessage/rl/text',
      { messageData: { to: '1', text: 'x'.repeat(3000) } },
      megaToken,
    );
    expect(res).toMatchObject({
      status: 413,
      body: { error: true, code: 'payload_too_large', message: expect.stringContaining('2048 bytes') },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 413 in the WPPConnect body for a body over the limit', async () => {
    const res = await h.call(
      'POST',
      '/api/rls/send-message',
      { phone: '1', message: 'x'.repeat(3000) },
      wppToken,
    );
    expect(res).toMatchObject({
      status: 413,
      body: { status: 'error', code: 'payload_too_large', message: expect.stringContaining('2048 bytes') },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 429 with Retry-After in the mega body past the rate, per token', async () => {
    await admitted('/rest/instance/rl', megaToken);
    const answers = await burst(RATE * 3, '/rest/instance/rl', megaToken);
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(RATE);
    expect(refused.length).toBeGreaterThanOrEqual(RATE * 2);
    for (const res of refused) {
      expect(res.body).toEqual({
        error: true,
        code: 'rate_limited',
        message: expect.stringMatching(/too many requests/),
      });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // another credential has its own budget
    expect((await h.call('GET', '/rest/instance/rl', undefined, h.zg.adminToken)).status).toBe(200);
    // and the token is let through again after the second
    expect((await admitted('/rest/instance/rl', megaToken)).status).toBe(200);
  });

  it('answers 429 with Retry-After in the WPPConnect body past the rate, per token', async () => {
    await admitted('/api/rls/status-session', wppToken);
    const answers = await burst(RATE * 3, '/api/rls/status-session', wppToken);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(RATE * 2);
    for (const res of refused) {
      expect(res.body).toEqual({
        status: 'error',
        code: 'rate_limited',
        message: expect.stringMatching(/too many requests/),
      });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // the same token in the path (`session:token`) is the same credential
    expect((await h.call('GET', `/api/rls:${wppToken}/status-session`)).status).toBe(429);
    expect((await admitted('/api/rls/status-session', wppToken)).status).not.toBe(429);
  });

  it('leaves routes outside the dialects alone', async () => {
    const answers = await burst(RATE * 3, '/health', megaToken);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });
});
