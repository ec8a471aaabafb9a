import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, type WebhookDialect } from '@zapgate/contracts';
import type { DialectDescriptor } from '@zapgate/dialect-common';
import { wppSecretRoute } from '@zapgate/dialect-wppconnect';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { megaBearer } from '../mega/mega-auth.guard.js';
import { wppCredential } from '../wpp/wpp-auth.guard.js';
import { dialectOfPath } from './dialects.js';

/** Requests one credential may make: a sustained rate and a burst above it. */
export interface TokenRateLimitOptions {
  /** Requests per second. */
  perSecond: number;
  /** Requests above that rate a credential may make in any {@link BURST_WINDOW_SECONDS}. */
  burst: number;
}

/** The window the burst is counted in. */
export const BURST_WINDOW_SECONDS = 10;

/** The credential a request presents, by dialect (looked up, never branched on); undefined: none. */
const CREDENTIAL: Record<
  WebhookDialect,
  (segments: string[], authorization: string | undefined) => string | undefined
> = {
  // the admin token or an instance's token
  mega: (_segments, authorization) => megaBearer(authorization),
  // the token of `session:token` in the path or of the header; SECRET_KEY routes carry none
  wppconnect: (segments, authorization) => {
    if (wppSecretRoute(segments)) return undefined;
    const credential = wppCredential(segments[0] ?? '', authorization);
    return 'token' in credential ? `${credential.session}\n${credential.token}` : undefined;
  },
};

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/**
 * Requests per credential (a mega-API admin or instance token, a WPPConnect session's token), in
 * both dialects: `perSecond` sustained, plus `burst` more in any 10 s; past that, 429 with
 * `Retry-After` in the dialect's body until the second ends. The key is a hash of the dialect and
 * the credential as presented (a wrong token only spends its own budget; PreBodyAuth and the
 * guards still refuse it). In memory, per gateway process: N replicas allow N times the rate.
 */
export class TokenRateLimit {
  private readonly limiter: Pick<RateLimiterMemory, 'consume'>;

  constructor(options: TokenRateLimitOptions) {
    const rate = new RateLimiterMemory({ keyPrefix: 'token-rate', points: options.perSecond, duration: 1 });
    this.limiter =
      options.burst > 0
        ? new BurstyRateLimiter(
            rate,
            new RateLimiterMemory({
              keyPrefix: 'token-burst',
              points: options.burst,
              duration: BURST_WINDOW_SECONDS,
            }),
          )
        : rate;
  }

  /** Counts one request of `key`: 0 when it may go on, else the seconds to wait (at least 1). */
  async take(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    }
  }

  /** The dialect and key a request counts under, or undefined when it is outside both dialects or has no credential. */
  static keyOf(
    url: string,
    authorization: string | string[] | undefined,
  ): { dialect: DialectDescriptor; key: string } | undefined {
    const q = url.indexOf('?');
    const [root, ...rest] = segmentsOf(q < 0 ? url : url.slice(0, q));
    const dialect: DialectDescriptor | undefined = root === undefined ? undefined : dialectOfPath(`/${root}`);
    if (!dialect) return undefined;
    const credential = CREDENTIAL[dialect.name](
      rest,
      typeof authorization === 'string' ? authorization : undefined,
    );
    if (!credential) return undefined;
    return { dialect, key: `${dialect.name}:${createHash('sha256').update(credential).digest('base64url')}` };
  }

  /** Whether the request may go on; when not, the dialect's 429 with `Retry-After` has been sent. */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = req.url ?? '';
    const counted = TokenRateLimit.keyOf(url, req.headers.authorization);
    if (!counted) return true;
    const seconds = await this.take(counted.key);
    if (!seconds) return true;
    const { status, body } = counted.dialect.renderError({
      status: 429,
      code: ErrorCode.RateLimited,
      message: `too many requests with this token; retry in ${seconds} s`,
    });
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Retry-After', String(seconds));
    // a body still coming is not read: Node discards it and closes the socket after the answer
    if (
      !req.complete &&
      (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) !== 0)
    )
      res.setHeader('Connection', 'close');
    res.end(JSON.stringify(body));
    return false;
  }
}

/**
 * The Express middleware of {@link TokenRateLimit}; a no-op when `options` is undefined (the limit
 * is off). Register it after PreBodyAuth and before the body parsers.
 */
export function tokenRateLimit(
  options: TokenRateLimitOptions | undefined,
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  if (!options) return (_req, _res, next) => next();
  const limit = new TokenRateLimit(options);
  return (req, res, next) => {
    limit.admit(req, res).then((admitted) => admitted && next(), next);
  };
}
