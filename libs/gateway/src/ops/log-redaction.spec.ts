import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import {
  HEADER_REDACTED,
  REDACTED,
  REDACTING_HTTP_LOG_OPTIONS,
  redactRequest,
  redactUrl,
} from './log-redaction.js';

const TOKEN = '$2b$10$Rf8Gh1TDd7m0hV_Yd2sWeuGVKeb6Ox1Ca-XtRzN4jLdoWQxgGn2bO';
const SECRET = 'THISISMYSECURETOKEN';

describe(redactUrl.name, () => {
  it.each([
    [`/api/shop:${TOKEN}/send-message`, `/api/shop:${REDACTED}/send-message`],
    [`/api/shop%3A${TOKEN}/status-session?x=1`, `/api/shop:${REDACTED}/status-session?x=1`],
    [`/api/shop:${TOKEN}`, `/api/shop:${REDACTED}`],
    [`/api/shop/${SECRET}/generate-token`, `/api/shop/${REDACTED}/generate-token`],
    [`/api/shop/${SECRET}/clear-session-data`, `/api/shop/${REDACTED}/clear-session-data`],
    [`/api/${SECRET}/show-all-sessions`, `/api/${REDACTED}/show-all-sessions`],
    [`/api/${SECRET}/start-all/`, `/api/${REDACTED}/start-all/`],
    [`/api/${SECRET}/backup-sessions`, `/api/${REDACTED}/backup-sessions`],
    [`/API/${SECRET}/Restore-Sessions`, `/API/${REDACTED}/Restore-Sessions`],
    [`/api/${SECRET}/generate-token`, `/api/${REDACTED}/generate-token`],
    [
      `/rest/instance/shop?token=${SECRET}&instance_key=shop`,
      `/rest/instance/shop?token=${REDACTED}&instance_key=shop`,
    ],
    [`/api/shop/status-session?apikey=${SECRET}`, `/api/shop/status-session?apikey=${REDACTED}`],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves URLs without credentials as they are', () => {
    for (const url of [
      '/api/shop/send-message',
      '/api/start-all-shop/status-session',
      '/rest/instance/init?instance_key=shop',
      '/rest/sendMessage/shop/text',
      '/docs',
      '/sandbox/phones/5511999990001/messages',
    ])
      expect(redactUrl(url)).toBe(url);
  });
});

describe(redactRequest.name, () => {
  it('redacts the route parameters and the parsed query on the copy, not on the live request', () => {
    const live = {
      params: { session: `shop:${TOKEN}`, secretkey: SECRET, id: '42' },
      query: { token: SECRET, instance_key: 'shop' },
    };
    const serialized = { url: `/api/shop:${TOKEN}/x`, params: live.params, query: live.query };
    expect(redactRequest(serialized)).toEqual({
      url: `/api/shop:${REDACTED}/x`,
      params: { session: `shop:${REDACTED}`, secretkey: REDACTED, id: '42' },
      query: { token: REDACTED, instance_key: 'shop' },
    });
    expect(live.params.session).toBe(`shop:${TOKEN}`);
    expect(live.query.token).toBe(SECRET);
  });

  it("redacts the path segments of a wildcard route's parameters (the logging middleware's `*splat`)", () => {
    expect(redactRequest({ params: { splat: ['api', 'shop', SECRET, 'generate-token'] } }).params).toEqual({
      splat: ['api', 'shop', REDACTED, 'generate-token'],
    });
    expect(redactRequest({ params: { splat: ['api', `shop:${TOKEN}`, 'send-message'] } }).params).toEqual({
      splat: ['api', `shop:${REDACTED}`, 'send-message'],
    });
    expect(redactRequest({ params: { splat: ['rest', 'instance', 'shop'] } }).params).toEqual({
      splat: ['rest', 'instance', 'shop'],
    });
  });
});

// The options as the gateway gives them to pino-http, on a real server: every line logged while a
// request is handled (an access line, an error with the request bound) leaves the secrets out.
describe('REDACTING_HTTP_LOG_OPTIONS', () => {
  it('keeps the token, SECRET_KEY and the authorization header out of request logs', async () => {
    let out = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const log = pinoHttp({ level: 'info', ...REDACTING_HTTP_LOG_OPTIONS }, stream);
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      log(req, res);
      req.log.error({ err: new Error('boom') }, 'handler failed');
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of [
        `/api/shop:${TOKEN}/send-message`,
        `/api/shop/${SECRET}/generate-token`,
        `/api/${SECRET}/show-all-sessions?token=${SECRET}`,
      ])
        await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    } finally {
      await new Promise((r) => server.close(r));
    }
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { req?: { url: string; headers: Record<string, string> } });
    expect(lines.length).toBe(6); // an error and an access line per request
    expect(lines.map((l) => l.req?.headers['authorization'])).toEqual(Array(6).fill(HEADER_REDACTED));
    expect(lines.map((l) => l.req?.url)).toEqual(
      expect.arrayContaining([
        `/api/shop:${REDACTED}/send-message`,
        `/api/shop/${REDACTED}/generate-token`,
        `/api/${REDACTED}/show-all-sessions?token=${REDACTED}`,
      ]),
    );
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(TOKEN.slice(7, 30)); // nor a piece of it
  });
});
