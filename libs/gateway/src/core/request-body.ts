import type { NestExpressApplication } from '@nestjs/platform-express';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { dialectOfPath } from './dialects.js';

/** The body size limit when the app sets none (ZG_BODY_LIMIT's default too). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** The deepest nesting of objects and arrays a body may have (real bodies of both dialects nest under 10). */
export const MAX_BODY_DEPTH = 32;

interface Req {
  body?: unknown;
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
}
type Next = (err?: unknown) => void;

const pathOf = (req: Req) => req.originalUrl ?? req.url;

/**
 * Bodies read as JSON text: JSON types and `text/plain` (mega clients label JSON so) everywhere,
 * and every type but multipart under a dialect that reads any body as JSON (mega-api.md 1.4:
 * JSON whatever the Content-Type).
 */
function isJsonBody(req: Req): boolean {
  const header = req.headers['content-type'];
  const type = (typeof header === 'string' ? header : '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type === 'text/plain' || /^application\/[^/]+\+json$/.test(type))
    return true;
  return !!dialectOfPath(pathOf(req))?.readsAnyBodyAsJson && !type.startsWith('multipart/');
}

/** Whether JSON text nests objects and arrays deeper than `max` (strings skipped); one pass, no parse. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * A request body as the JSON object every route of both dialects expects: an empty body is `{}`;
 * invalid JSON, a scalar, an array or `null`, and nesting deeper than {@link MAX_BODY_DEPTH} are
 * validation errors (whose messages never quote the body). `repair` mends the text a dialect's
 * clients are known to send broken (mega: a key with a missing value reads as `false`), when it
 * does not parse as it is.
 */
export function parseJsonObject(
  text: string,
  repair?: (text: string) => string | undefined,
): Record<string, unknown> {
  if (!text.trim()) return {};
  if (nestsDeeperThan(text, MAX_BODY_DEPTH))
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `the request body nests objects or arrays deeper than ${MAX_BODY_DEPTH} levels`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const filled = repair?.(text);
    try {
      if (filled === undefined) throw err;
      value = JSON.parse(filled);
    } catch {
      // V8's message may quote the text: only the position goes back
      const where = /at position \d+(?: \(line \d+ column \d+\))?/.exec(String(err))?.[0];
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `the request body is not valid JSON${where ? ` (${where})` : ''}`,
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `the request body must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`,
    );
  return value as Record<string, unknown>;
}

/** Whether the request goes to a route whose JSON body may carry a file as base64 (its dialect says which). */
export function isMediaBodyRoute(path: string): boolean {
  const bare = path.split('?')[0]!;
  return !!dialectOfPath(bare)?.mediaBodyRoutes?.test(bare);
}

/**
 * The body parsers: JSON bodies (see {@link isJsonBody}) read as text and parsed by
 * {@link parseJsonObject}, HTML forms by `urlencoded`. Every route reads under `limitBytes`, but
 * the routes that carry a file as base64 JSON (see {@link isMediaBodyRoute}) read their JSON under
 * `mediaLimitBytes`. Their errors become domain errors, which the dialect filters render (413
 * over the limit, 400 otherwise).
 */
export function useBodyParsers(
  app: NestExpressApplication,
  limitBytes: number,
  mediaLimitBytes: number = limitBytes,
): void {
  const media = (req: Req) => mediaLimitBytes !== limitBytes && isMediaBodyRoute(pathOf(req));
  const limitOf = (req: Req) => (media(req) ? mediaLimitBytes : limitBytes);
  // the first parser that takes a request reads it; the other one sees it read and passes
  app.useBodyParser('text', {
    type: (req: Req) => media(req) && isJsonBody(req),
    limit: mediaLimitBytes,
    defaultCharset: 'utf-8',
  });
  app.useBodyParser('text', { type: isJsonBody, limit: limitBytes, defaultCharset: 'utf-8' });
  app.useBodyParser('urlencoded', { extended: true, limit: limitBytes });
  app.use((err: unknown, req: Req, _res: unknown, next: Next) => next(bodyReadError(err, limitOf(req))));
  app.use((req: Req, _res: unknown, next: Next) => {
    if (typeof req.body !== 'string') return next();
    try {
      const repair = dialectOfPath(pathOf(req))?.repairJson;
      req.body = parseJsonObject(req.body, repair);
      next();
    } catch (err) {
      next(err);
    }
  });
}

/** A body parser's error (http-errors with a `type`) as a domain error; anything else unchanged. */
function bodyReadError(err: unknown, limitBytes: number): unknown {
  const e = err as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number' || e.status < 400 || e.status >= 500)
    return err;
  if (e.type === 'entity.too.large')
    return new DomainError(
      ErrorCode.PayloadTooLarge,
      `the request body is larger than the limit of ${limitBytes} bytes`,
    );
  if (e.status === 413) return new DomainError(ErrorCode.PayloadTooLarge, String(e.message));
  return new DomainError(
    ErrorCode.ValidationFailed,
    `the request body could not be read: ${String(e.message)}`,
  );
}
