import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { pairMega, pairWpp, startSandbox, type Sandbox } from './standalone-harness.js';

/**
 * Property-based requests for every route of both dialects, generated from the gateway's own
 * OpenAPI document (/docs-json): bodies that follow the schema, and bodies with wrong types,
 * missing and extra fields, huge strings, deep nesting, invalid UTF-8, truncated JSON, wrong or
 * broken content types, plus path parameters and query values with odd characters. Every answer
 * must be below 500 (501, "WhatsApp cannot do that", is a documented answer) and every error must
 * be the dialect's JSON body; /health answers 200 after it all.
 *
 * Bounded for CI: ZG_FUZZ_RUNS runs per route (default 10) from one seed (ZG_FUZZ_SEED, default
 * random), which fast-check prints with the failing request; rerun with the same seed (and
 * ZG_FUZZ_ROUTE=<path part> to focus on one route) to reproduce. ZG_FUZZ_DEBUG=1 prints the
 * answers by status and slow requests; ZG_FUZZ_DEBUG=<status> prints each request so answered.
 */

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
}
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What the request is, for the failure report. */
  label: string;
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

const RUNS = Number(process.env['ZG_FUZZ_RUNS'] ?? 10);
const SEED = process.env['ZG_FUZZ_SEED'] ? Number(process.env['ZG_FUZZ_SEED']) : Date.now() % 2 ** 31;
const ONLY = process.env['ZG_FUZZ_ROUTE'];
const BODY_LIMIT = 256 * 1024;
const MEGA_KEY = 'fz';
const WPP_SESSION = 'fzs';
const MEGA_PHONE = '5511970000001';
const WPP_PHONE = '5511970000002';
const PEER = '5511970000003';

/** Routes that end the instance they name: fuzzed with other names only, so the others keep running. */
const DESTRUCTIVE = /\/(?:logout|restart|delete|close-session|logout-session|clear-session-data)$/;

/** Path segments Express and the dialects must survive, sent as they are (not encoded again). */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%00',
  '%FF%FE',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%252F',
  '%20',
  '%0A',
  '%0D%0A',
  '%u0041',
  '%%',
  ';',
  ':',
  '::',
  'a:b:c',
  '%F0%9F%98%80',
  '~',
  "'",
  '%3Cscript%3E',
  '__proto__',
  'constructor',
  'toString',
  'x'.repeat(4096),
];

/** Any string that could name a host becomes a closed local port: nothing may reach an outside address. */
const HOSTLIKE = /:\/\/|^www\.|[a-z0-9-]\.(?:com|net|org|io|br|dev|app|me|co)\b/i;
const LOCAL_URL = 'http://127.0.0.1:9/fuzz';
function sanitize(value: unknown): unknown {
  if (typeof value === 'string') return HOSTLIKE.test(value) ? LOCAL_URL : value;
  if (Array.isArray(value)) return value.map(sanitize);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v)]));
  return value;
}

/**
 * A generated value as query text: objects as JSON, since `String()` throws on the JSON objects
 * fast-check makes with a `toString` or `valueOf` key that is not a function.
 */
const queryText = (value: unknown): string =>
  value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);

/** The error body of each dialect (the catalogs' exact bodies included). */
const ERROR_SHAPE: Record<'rest' | 'api', (body: unknown) => string | undefined> = {
  rest: (body) => {
    const b = body as Record<string, unknown>;
    if (b?.['error'] !== true || typeof b['message'] !== 'string')
      return 'not the mega body {error: true, message}';
    if ('statusCode' in b) return "Nest's default body";
    return undefined;
  },
  // WPPConnect: `{status: 'error', message}`, or one of the server's own bodies (catalog 3.2),
  // which all carry a `message` (or, for a wrong token, `error`) string
  api: (body) => {
    // the catalog's "empty result" guard (3.2): a bare JSON string
    if (body === 'Error sending message') return undefined;
    const b = body as Record<string, unknown>;
    if (!b || typeof b !== 'object' || Array.isArray(b)) return 'not a JSON object';
    // envelope D's error (catalog 3.2) carries its message in `response`
    const inner = b['response'] as Record<string, unknown> | null | undefined;
    if (
      typeof b['message'] !== 'string' &&
      typeof b['error'] !== 'string' &&
      !(b['status'] === 'Error' && typeof inner?.['message'] === 'string')
    )
      return "neither `message` nor `error` (nor envelope D's `response.message`) is a string";
    if ('statusCode' in b) return "Nest's default body";
    // `status` is a word, or a boolean in the session routes' bodies (catalog 4: close-session)
    if ('status' in b && typeof b['status'] !== 'string' && typeof b['status'] !== 'boolean')
      return '`status` is neither a string nor a boolean';
    return undefined;
  },
};

/** What is wrong with an answer, or undefined when it is right. */
function problemOf(dialect: 'rest' | 'api', method: string, answer: Answer): string | undefined {
  if (answer.status >= 500 && answer.status !== 501) return `answered ${answer.status}`;
  if (answer.status < 400 && answer.status !== 501) return undefined;
  if (method === 'HEAD') return undefined; // no body to check
  if (!answer.type.startsWith('application/json')) return `an error as ${answer.type || 'no type'}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return 'an error body that is not JSON';
  }
  return ERROR_SHAPE[dialect](body);
}

describe('fuzzing every route of both dialects from the OpenAPI document, standalone sandbox', () => {
  let h: Sandbox;
  let doc: OpenApi;
  let megaToken: string;
  let wppToken: string;
  let port: number;
  // each request from its own loopback address: the failed authentications some cases make count
  // per address, and must not lock the rest of the run out (AuthThrottle)
  let nextAddress = 0;
  const source = () => {
    const n = nextAddress++ % (250 * 250);
    return `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;
  };

  beforeAll(async () => {
    h = await startSandbox({ ZG_COMMAND_TIMEOUT_MS: '5000', ZG_BODY_LIMIT: String(BODY_LIMIT) });
    port = Number(new URL(h.zg.url).port);
    for (const number of [MEGA_PHONE, WPP_PHONE, PEER]) await h.call('POST', '/sandbox/phones', { number });
    megaToken = await pairMega(h, MEGA_PHONE, { key: MEGA_KEY });
    wppToken = await pairWpp(h, WPP_PHONE, { session: WPP_SESSION });
    doc = (await h.call('GET', '/docs-json')).body as OpenApi;
  }, 60_000);
  afterAll(() => h?.close());

  const send = (r: FuzzRequest): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: r.method,
          path: r.path,
          headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
          agent: false,
          localAddress: source(),
          timeout: 20_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers['content-type'] ?? ''),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer in 20 s')));
      req.on('error', (err: NodeJS.ErrnoException) => {
        // the server may answer (413, 401) and close before it has read all of a large body
        if (err.code === 'EPIPE' || err.code === 'ECONNRESET') return;
        reject(err);
      });
      req.end(r.body);
    });

  const resolveRef = (s: Schema): Schema =>
    s.$ref ? resolveRef(doc.components.schemas[s.$ref.split('/').pop()!] ?? {}) : s;

  /** A value the schema allows, mostly (examples, enums, small random values). */
  function valueOf(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
    const s = resolveRef(schema.allOf?.[0] ?? schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? schema);
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    const example = s.example === undefined ? [] : [fc.constant(s.example)];
    switch (s.type) {
      case 'string':
        return fc.oneof(
          ...example,
          fc.constantFrom(PEER, `${PEER}@s.whatsapp.net`, `${PEER}@c.us`, '120363000000000000@g.us', ''),
          fc.string({ maxLength: 24 }),
          // any code point, lone surrogates included (JSON carries them as \uD800)
          fc.string({ unit: 'binary', maxLength: 24 }),
        );
      case 'number':
      case 'integer':
        return fc.oneof(...example, fc.integer({ min: -5, max: 100 }), fc.integer(), fc.double());
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 4 ? fc.constant([]) : fc.array(valueOf(s.items ?? {}, depth + 1), { maxLength: 3 });
      default:
        if (s.properties && depth <= 4) return objectOf(s, depth + 1);
        return fc.oneof(...example, fc.jsonValue({ maxDepth: 2 }));
    }
  }

  function objectOf(s: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const props = Object.entries(s.properties ?? {});
    if (!props.length)
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
    return fc.record(Object.fromEntries(props.map(([k, v]) => [k, valueOf(v, depth)])), {
      requiredKeys: (s.required ?? []).filter((k) => props.some(([p]) => p === k)),
    });
  }

  /** Nested arrays and objects `depth` deep. */
  const nested = (depth: number, arrays: boolean): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { n: v };
    return v;
  };

  /** Sets `value` at one (possibly nested) key of the body. */
  const withField = (body: Record<string, unknown>, keyIndex: number, value: unknown) => {
    const keys = Object.keys(body);
    const key = keys.length ? keys[keyIndex % keys.length]! : 'field';
    const inner = body[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner) && keyIndex % 2 === 0) {
      const innerKeys = Object.keys(inner);
      const k = innerKeys.length ? innerKeys[keyIndex % innerKeys.length]! : 'field';
      return { ...body, [key]: { ...(inner as object), [k]: value } };
    }
    return { ...body, [key]: value };
  };

  type Body = { contentType?: string; body?: Buffer; label: string };
  const json = (value: unknown, label: string, contentType = 'application/json'): Body => ({
    contentType,
    body: Buffer.from(JSON.stringify(sanitize(value))),
    label,
  });

  /** Bodies for an operation: valid-ish ones and every kind of broken one. */
  function bodyOf(op: Operation): fc.Arbitrary<Body> {
    const content = op.requestBody?.content ?? {};
    const schema = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
    const valid = schema ? objectOf(resolveRef(schema)) : fc.constant({} as Record<string, unknown>);
    const bodies: fc.Arbitrary<Body>[] = [
      valid.map((b) => json(b, 'schema-shaped body')),
      valid.map((b) => json(b, 'schema-shaped body as text/plain', 'text/plain')),
      fc
        .tuple(valid, fc.nat(), fc.jsonValue({ maxDepth: 3 }))
        .map(([b, i, v]) => json(withField(b, i, v), 'a field of the wrong type')),
      fc
        .tuple(valid, fc.nat(), fc.constantFrom(null, 0, -1, 1e308, true, [], {}, [[]], '', ' ', '\u0000'))
        .map(([b, i, v]) => json(withField(b, i, v), 'a field set to an edge value')),
      valid.chain((b) =>
        fc
          .subarray(Object.keys(b))
          .map((drop) =>
            json(Object.fromEntries(Object.entries(b).filter(([k]) => !drop.includes(k))), 'fields missing'),
          ),
      ),
      fc
        .tuple(
          valid,
          fc.dictionary(
            fc.constantFrom(
              '__proto__',
              'constructor',
              'prototype',
              'extra',
              'toString',
              'hasOwnProperty',
              '$where',
              '',
            ),
            fc.jsonValue({ maxDepth: 2 }),
          ),
        )
        .map(([b, extra]) => {
          // JSON.stringify drops an own `__proto__` set by spread: build the text by hand
          const text = JSON.stringify(sanitize(b)).slice(0, -1);
          const more = Object.entries(extra)
            .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
            .join(',');
          const joined = more ? `${text}${text.length > 1 ? ',' : ''}${more}}` : `${text}}`;
          return { contentType: 'application/json', body: Buffer.from(joined), label: 'extra fields' };
        }),
      fc
        .tuple(
          valid,
          fc.nat(),
          fc.constantFrom(70_000, 200_000, BODY_LIMIT + 1),
          fc.constantFrom('a', 'é', '😀', '\u200b'),
        )
        .map(([b, i, n, c]) =>
          json(withField(b, i, c.repeat(Math.ceil(n / Buffer.byteLength(c)))), `a ${n}-byte string`),
        ),
      fc
        .tuple(valid, fc.nat(), fc.integer({ min: 10, max: 60 }), fc.boolean())
        .map(([b, i, d, arrays]) => json(withField(b, i, nested(d, arrays)), `nested ${d} deep`)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => json(v, 'any JSON value')),
      valid.chain((b) => {
        const text = JSON.stringify(sanitize(b));
        return fc.nat({ max: Math.max(text.length - 1, 0) }).map((cut) => ({
          contentType: 'application/json',
          body: Buffer.from(text.slice(0, cut)),
          label: 'truncated JSON',
        }));
      }),
      fc.tuple(valid, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([b, i, bytes]) => {
        const text = JSON.stringify(withField(sanitize(b) as Record<string, unknown>, i, '@@BYTES@@'));
        const [before, after] = text.split('@@BYTES@@');
        // invalid UTF-8 inside a JSON string
        const body = Buffer.concat([
          Buffer.from(before!),
          Buffer.from([0xff, 0xc0, 0xed, 0xa0, 0x80, ...bytes]),
          Buffer.from(after ?? ''),
        ]);
        return { contentType: 'application/json', body, label: 'invalid UTF-8' };
      }),
      fc
        .tuple(
          valid,
          fc.constantFrom(
            'application/xml',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
            'multipart/form-data; boundary=zz',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/json; charset=nope',
            'text/html',
            'application/octet-stream',
            'image/png',
            '',
            'application/vnd.api+json',
            ';;;',
          ),
        )
        .map(([b, type]) => ({ ...json(b, `JSON as "${type}"`, type) })),
      fc.tuple(fc.nat({ max: 60 }), fc.string({ maxLength: 20 })).map(([depth, v]) => ({
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(`a${'[b]'.repeat(depth)}=${encodeURIComponent(v)}&a=1&a=2&__proto__[x]=1`),
        label: `a form nested ${depth} deep`,
      })),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => ({
        contentType: 'multipart/form-data; boundary=fz',
        body: Buffer.concat([
          Buffer.from(
            '--fz\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
          ),
          Buffer.from(bytes),
          Buffer.from(
            '\r\n--fz\r\nContent-Disposition: form-data; name="phone"\r\n\r\n' + PEER + '\r\n--fz--\r\n',
          ),
        ]),
        label: 'a multipart upload',
      })),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => ({
        contentType: 'multipart/form-data; boundary=fz',
        body: Buffer.concat([
          Buffer.from('--fz\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n'),
          Buffer.from(bytes),
        ]),
        label: 'a truncated multipart upload',
      })),
      fc.constant({ label: 'no body' }),
      fc.constant({ contentType: 'application/json', body: Buffer.alloc(0), label: 'an empty JSON body' }),
    ];
    return fc.oneof(...bodies);
  }

  /** A path parameter: the real instance name (for the instance parameter), plausible values, odd ones. */
  function paramOf(name: string, real: string | undefined, destructive: boolean): fc.Arbitrary<string> {
    const odd = fc.oneof(
      fc.constantFrom(...RAW_SEGMENTS),
      fc.string({ unit: 'binary', maxLength: 16 }).map((s) => {
        try {
          return encodeURIComponent(s) || 'x';
        } catch {
          return 'x'; // a lone surrogate cannot be encoded
        }
      }),
    );
    const plausible = fc.constantFrom(
      PEER,
      `${PEER}@c.us`,
      '120363000000000000@g.us',
      '3EB0C767D26A1D8E2B5F',
      'job-1',
      '1',
    );
    // WPPConnect also takes the token in the path, `<session>:<token>`
    const inPath =
      name === 'session' && real
        ? [{ arbitrary: fc.constant(`${real}:${encodeURIComponent(wppToken)}`), weight: 1 }]
        : [];
    if (real && !destructive)
      return fc.oneof({ arbitrary: fc.constant(real), weight: 6 }, ...inPath, { arbitrary: odd, weight: 1 });
    if (real) return fc.oneof(fc.constant(`${real}-other`), odd);
    return fc.oneof(plausible, odd);
  }

  /** The query string: each declared parameter from its schema, sometimes odd, repeated, or left out. */
  function queryOf(op: Operation, dialect: 'rest' | 'api'): fc.Arbitrary<string> {
    const params = (op.parameters ?? []).filter((p) => p.in === 'query');
    const one = (p: (typeof params)[number]) =>
      fc.oneof(
        {
          arbitrary: valueOf(p.schema ?? { type: 'string' }).map((v) => [
            `${p.name}=${encodeURIComponent(queryText(sanitize(v)))}`,
          ]),
          weight: 4,
        },
        fc.constant([] as string[]),
        fc.constant([`${p.name}=1`, `${p.name}=2`]),
        fc.constant([`${p.name}[a][b]=1`]),
        fc.constantFrom(...RAW_SEGMENTS).map((v) => [`${p.name}=${v}`]),
      );
    const instanceKey =
      dialect === 'rest'
        ? fc.oneof(fc.constant([] as string[]), fc.constant([`instance_key=${MEGA_KEY}`]))
        : fc.constant([] as string[]);
    return fc
      .tuple(instanceKey, ...params.map(one))
      .map((parts) => parts.flat())
      .map((parts) => (parts.length ? `?${parts.join('&')}` : ''));
  }

  /** Requests for one operation of the OpenAPI document. */
  function requestsOf(method: string, template: string, op: Operation): fc.Arbitrary<FuzzRequest> {
    const dialect = template.startsWith('/rest/') ? 'rest' : 'api';
    const destructive = DESTRUCTIVE.test(template);
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const realOf = (name: string) =>
      name === 'instance_key'
        ? MEGA_KEY
        : name === 'session'
          ? WPP_SESSION
          : name === 'secretkey'
            ? h.zg.secretKey
            : undefined;
    const auth = fc.oneof(
      {
        arbitrary: fc.constant(dialect === 'rest' ? `Bearer ${h.zg.adminToken}` : `Bearer ${wppToken}`),
        weight: 12,
      },
      {
        arbitrary: fc.constant(dialect === 'rest' ? `Bearer ${megaToken}` : `Bearer ${wppToken}`),
        weight: 3,
      },
      fc.constantFrom('', 'Bearer', 'Bearer  ', 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(5000)}`),
    );
    // mostly the documented method; sometimes another one (a 404 in the dialect, never a 5xx)
    const verb = fc.oneof(
      { arbitrary: fc.constant(method.toUpperCase()), weight: 12 },
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
    );
    return fc
      .tuple(
        fc.tuple(...names.map((n) => paramOf(n, realOf(n), destructive))),
        queryOf(op, dialect),
        bodyOf(op),
        auth,
        verb,
      )
      .map(([values, query, body, authorization, verbUsed]) => {
        let path = template;
        names.forEach((n, i) => (path = path.replace(`{${n}}`, values[i]!)));
        return {
          method: verbUsed,
          path: path + query,
          headers: {
            ...(authorization ? { authorization } : {}),
            ...(body.contentType !== undefined ? { 'content-type': body.contentType } : {}),
          },
          body: body.body,
          label: `${body.label} (${body.body?.length ?? 0} bytes)`,
        };
      });
  }

  const hashOf = (text: string) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);

  /**
   * A WPPConnect request to another session than the paired one, sent with the paired session's
   * token, gets that session's own token instead (from generate-token, when the name is one it
   * accepts), so that odd session names reach the routes and not only the guard.
   */
  const sessionTokens = new Map<string, string | undefined>();
  async function withSessionToken(r: FuzzRequest): Promise<void> {
    if (r.headers['authorization'] !== `Bearer ${wppToken}`) return;
    const segment = r.path.split('?')[0]!.split('/')[2] ?? '';
    if (!segment || segment === WPP_SESSION || segment === h.zg.secretKey) return;
    if (!sessionTokens.has(segment)) {
      const answer = await send({
        method: 'POST',
        path: `/api/${segment}/${h.zg.secretKey}/generate-token`,
        headers: {},
        label: 'generate-token',
      });
      let token: string | undefined;
      try {
        token = answer.status < 300 ? (JSON.parse(answer.text) as { token?: string }).token : undefined;
      } catch {
        token = undefined;
      }
      sessionTokens.set(segment, token);
    }
    const token = sessionTokens.get(segment);
    if (token) r.headers['authorization'] = `Bearer ${token}`;
  }

  /** Every operation of a dialect, each checked RUNS times; answers what went wrong. */
  async function fuzzDialect(prefix: '/rest/' | '/api/'): Promise<string[]> {
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith(prefix) && (!ONLY || path.includes(ONLY)))
      .flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThan(ONLY ? 0 : 20);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const dialect = prefix === '/rest/' ? 'rest' : 'api';
    for (const { path, method, op } of ops) {
      // one seed per route, the same whatever routes come before it
      const seed = (SEED + hashOf(`${method} ${path}`)) % 2 ** 31;
      const result = await fc.check(
        fc.asyncProperty(requestsOf(method, path, op), async (r) => {
          if (dialect === 'api') await withSessionToken(r);
          const started = Date.now();
          const answer = await send(r);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (process.env['ZG_FUZZ_DEBUG'] === String(answer.status))
            process.stderr.write(
              `${answer.status}: ${r.method} ${r.path.slice(0, 120)} ${r.label} auth=${(r.headers['authorization'] ?? '').slice(0, 20)} ${answer.text.slice(0, 120)}\n`,
            );
          if (process.env['ZG_FUZZ_DEBUG'] && Date.now() - started > 2000)
            process.stderr.write(
              `slow (${Date.now() - started} ms): ${r.method} ${r.path.slice(0, 200)} ${r.label} ${answer.status} ${answer.text.slice(0, 200)}\n`,
            );
          const problem = problemOf(dialect, r.method, answer);
          if (problem)
            throw new Error(
              `${r.method} ${r.path.slice(0, 300)} with ${r.label}, content-type ${JSON.stringify(r.headers['content-type'])}, body ${JSON.stringify(r.body?.subarray(0, 300).toString('utf8') ?? null)}: ${problem}: ${answer.status} ${answer.text.slice(0, 300)}`,
            );
        }),
        { numRuns: RUNS, seed, endOnFailure: true },
      );
      if (result.failed)
        failures.push(
          `${method.toUpperCase()} ${path} (ZG_FUZZ_SEED=${SEED}, route seed ${seed}, path ${result.counterexamplePath}): ${String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance)}`,
        );
    }
    if (process.env['ZG_FUZZ_DEBUG'])
      process.stderr.write(`${prefix} answers by status: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    return failures;
  }

  // what fuzzing found (a 500 each), kept as plain cases: a null secret, an array where a nested
  // object belongs (NestedArrayPipe)
  it.each([
    ['POST', `/rest/webhook/${MEGA_KEY}/secret`, { messageData: { secret: null } }],
    ['POST', `/api/${WPP_SESSION}/webhook-secret`, { secret: null }],
    [
      'POST',
      `/api/${WPP_SESSION}/send-list-message`,
      { phone: PEER, description: 'd', buttonText: 'b', sections: [[]] },
    ],
    [
      'POST',
      `/rest/sendMessage/${MEGA_KEY}/listMessage`,
      { messageData: { to: PEER, buttonText: 'b', text: 't', sections: [{ title: 's', rows: [[]] }] } },
    ],
  ])('answers %s %s below 500, in the dialect body (%j)', async (method, path, body) => {
    const rest = path.startsWith('/rest/');
    const res = await h.call(method, path, body, rest ? h.zg.adminToken : wppToken);
    expect(res.status).toBeLessThan(500);
    if (JSON.stringify(body).includes('[[]]')) expect(res.status).toBe(400);
    const text = JSON.stringify(res.body);
    expect(
      problemOf(rest ? 'rest' : 'api', method, { status: res.status, type: 'application/json', text }),
    ).toBeUndefined();
  });

  it.each(['/rest/', '/api/'] as const)(
    'answers every %s route below 500 and every error in the dialect body',
    async (prefix) => {
      const failures = await fuzzDialect(prefix);
      if (failures.length) throw new Error(`${failures.length} route(s) failed:\n${failures.join('\n')}`);
      // the process is still healthy, and the instances still answer
      expect((await h.call('GET', '/health')).status).toBe(200);
      expect((await h.call('GET', `/rest/instance/${MEGA_KEY}`, undefined, megaToken)).status).toBe(200);
      expect((await h.call('GET', `/api/${WPP_SESSION}/status-session`, undefined, wppToken)).status).toBe(
        200,
      );
    },
    // well under 2 minutes at the default runs; more runs, more time
    Math.max(110_000, RUNS * 6_000),
  );
});
