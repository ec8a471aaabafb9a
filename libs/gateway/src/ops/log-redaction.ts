/**
 * Secrets that arrive in a request's URL, kept out of the logs like the authorization header.
 * Every gateway log line written while a request is handled carries that request (pino-http binds
 * it to the request's logger), so its URL must not hold a credential:
 * - WPPConnect's token in the path: `/api/<session>:<token>/...` (wppconnect.md §2.2);
 * - SECRET_KEY as a path segment of the routes that check it instead of a token (§2.3):
 *   `/api/<session>/<secretkey>/generate-token`, `/api/<secretkey>/show-all-sessions`, ...;
 * - credentials in the query string (`?token=`, `?secret=`, ...), which no route takes.
 */

export const REDACTED = '[redacted]';
/** What stands for a credential header (pino's `redact` wording, which it replaces). */
export const HEADER_REDACTED = '[Redacted]';

/** The WPPConnect routes whose path segment right before the verb is SECRET_KEY. */
const SECRET_KEY_VERBS = new Set([
  'generate-token',
  'clear-session-data',
  'show-all-sessions',
  'start-all',
  'backup-sessions',
  'restore-sessions',
]);
/** Query parameters that hold a credential. */
const SECRET_QUERY =
  /^(?:token|access_token|auth|authorization|secret|secret_?key|api_?key|apikey|password)$/i;
/** The colon of `<session>:<token>`, as sent or percent-encoded. */
const TOKEN_COLON = /:|%3a/i;

/** The URL with every credential it carries replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return redactPath(path) + (q < 0 ? '' : `?${redactQueryString(url.slice(q + 1))}`);
}

function redactPath(path: string): string {
  const segments = path.split('/');
  if (segments[1]?.toLowerCase() !== 'api') return path;
  const session = segments[2];
  if (session !== undefined) {
    const colon = TOKEN_COLON.exec(session);
    if (colon) segments[2] = `${session.slice(0, colon.index)}:${REDACTED}`;
  }
  for (let i = 3; i < segments.length; i++)
    if (SECRET_KEY_VERBS.has(decode(segments[i]!).toLowerCase())) segments[i - 1] = REDACTED;
  return segments.join('/');
}

function redactQueryString(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq));
      return eq >= 0 && SECRET_QUERY.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

interface SerializedRequest {
  headers?: unknown;
  url?: unknown;
  query?: unknown;
  params?: unknown;
}

/**
 * pino-http's request serializer, on top of the standard one: the URL, the route parameters and
 * the parsed query without credentials, and the `authorization` and `cookie` headers replaced by
 * `[Redacted]`. Replaces those fields on the serialized copy; the live request's objects are never
 * touched. (The headers were pino's `redact` paths, which cloned every request's bound logger
 * data generically: a copy here costs a fraction, paid on every request.)
 */
export function redactRequest<T extends SerializedRequest>(req: T): T {
  if (
    isRecord(req.headers) &&
    (req.headers['authorization'] !== undefined || req.headers['cookie'] !== undefined)
  )
    req.headers = {
      ...req.headers,
      ...(req.headers['authorization'] !== undefined ? { authorization: HEADER_REDACTED } : {}),
      ...(req.headers['cookie'] !== undefined ? { cookie: HEADER_REDACTED } : {}),
    };
  if (typeof req.url === 'string') req.url = redactUrl(req.url);
  if (isRecord(req.params)) req.params = redactParams(req.params);
  if (isRecord(req.query)) {
    req.query = Object.fromEntries(
      Object.entries(req.query).map(([k, v]) => [k, SECRET_QUERY.test(k) ? REDACTED : v]),
    );
  }
  return req;
}

/**
 * Route parameters: the WPPConnect ones (`session` may be `<name>:<token>`, `secretkey` is
 * SECRET_KEY) and a wildcard's segments (`splat`: the whole path, as the logging middleware's
 * `*splat` route sees it).
 */
function redactParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'secretkey') out[k] = REDACTED;
    else if (k === 'session' && typeof v === 'string') out[k] = redactPath(`/api/${v}`).slice('/api/'.length);
    else if (Array.isArray(v) && v.every((s) => typeof s === 'string'))
      out[k] = redactPath(`/${v.join('/')}`)
        .split('/')
        .slice(1);
    else out[k] = v;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';

/** pino-http options that keep credentials out of the request logs (headers, URL, params, query). */
export const REDACTING_HTTP_LOG_OPTIONS = {
  serializers: { req: redactRequest },
};
