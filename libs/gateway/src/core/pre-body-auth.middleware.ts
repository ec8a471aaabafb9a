import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { ErrorCode, INSTANCE_KEY_PATTERN, type WebhookDialect } from '@zapgate/contracts';
import type { DialectDescriptor } from '@zapgate/dialect-common';
import { MEGA_DIALECT } from '@zapgate/dialect-mega';
import { wppSecretRoute } from '@zapgate/dialect-wppconnect';
import { MEGA_AUTH_FAILURE, megaBearer } from '../mega/mega-auth.guard.js';
import { WPP_AUTH_FAILURE, wppCredential } from '../wpp/wpp-auth.guard.js';
import { WppTokenService } from '../wpp/wpp-token.service.js';
import { AuthThrottle, clientAddress } from './auth-throttle.js';
import { mapError } from './dialect-error.js';
import { dialectOfPath } from './dialects.js';
import { retryableError, transientError } from './transient-error.js';
import { GatewaySettings } from './gateway-settings.js';
import { InstanceRegistry, secretEquals } from './instance-registry.js';

type Req = IncomingMessage & { ip?: string };

interface Refusal {
  status: number;
  body: unknown;
  /** Counts against the client's failed authentications. */
  failed: boolean;
  headers?: Record<string, string>;
}

/** One dialect's credential check, on the path's segments after the dialect's prefix. */
type CredentialCheck = (
  segments: string[],
  query: URLSearchParams,
  authorization: string | undefined,
  withBody: boolean,
) => Promise<Refusal | undefined>;

/** Whether bytes of a body follow the headers (an empty body has nothing to read). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) !== 0;
}

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
 * Authentication before any body is read, for both dialects. Registered ahead of the body parsers,
 * it refuses a request to `/rest/...` or `/api/...` that comes with a body but no valid credential
 * with the dialect's 401 body, without reading the body, so unauthenticated clients cannot make
 * the server buffer (or parse) what they send. A request without a body has nothing to read: it
 * goes on to routing, and its route's guard authenticates it (an unknown route answers 404). It
 * only needs to know that *some* credential fits the path; the guards still decide, per route,
 * afterwards:
 * - mega `/rest/...`: the admin token, or the token of an instance the path (`/rest/<controller>/
 *   <key>/...` or `/rest/<controller>/<action>/<key>`) or the `instance_key` query names;
 * - WPPConnect `/api/<session>[:<token>]/...`: a token verified by WppTokenService;
 *   `/api/<secretkey>/...` and `/api/<session>/<secretkey>/...` routes: SECRET_KEY, compared in
 *   constant time, answered with WPPConnect-server's own 400 body when wrong (with or without a
 *   body, so that every wrong key counts against the client).
 * Every other path (health, metrics, docs, the sandbox) is left alone. Failures count per client
 * address (AuthThrottle), and an address over its limit gets 429 until its window passes.
 */
export class PreBodyAuth {
  /** Each dialect's check, by name (looked up, never branched on). */
  private readonly checks: Record<WebhookDialect, CredentialCheck> = {
    mega: (segments, query, authorization, withBody) =>
      withBody ? this.checkMega(segments, query, authorization) : Promise.resolve(undefined),
    wppconnect: (segments, _query, authorization, withBody) =>
      this.checkWpp(segments, authorization, withBody),
  };

  constructor(
    private readonly settings: GatewaySettings,
    private readonly registry: InstanceRegistry,
    private readonly tokens: WppTokenService,
    private readonly throttle: AuthThrottle,
  ) {}

  /** Whether the request may go on; when not, the refusal has been sent. */
  async admit(req: Req, res: ServerResponse): Promise<boolean> {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const [root, ...rest] = segmentsOf(q < 0 ? url : url.slice(0, q));
    // Express matches routes case-insensitively, and so does the lookup
    const dialect = root === undefined ? undefined : dialectOfPath(`/${root}`);
    if (!dialect) return true;
    const address = clientAddress(req);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const refusal = await this.check(dialect, rest, query, req, address, hasBody(req)).catch(
      (err: unknown) => {
        // too many token checks at once (503), or the store failing: the dialect's body all the same
        // (a store that is unreachable for now: a 503 with Retry-After, like any passing state)
        const transient = transientError(err);
        const error = transient ? retryableError(`${req.method ?? 'the'} request`, transient) : err;
        const { status, body } = dialect.renderError(mapError(error));
        const headers = transient ? { 'Retry-After': String(transient.retryAfterSeconds) } : undefined;
        return { status, failed: false, body, ...(headers ? { headers } : {}) };
      },
    );
    if (!refusal) return true;
    if (refusal.failed) await this.throttle.recordFailure(address);
    this.refuse(req, res, refusal);
    return false;
  }

  private async check(
    dialect: DialectDescriptor,
    segments: string[],
    query: URLSearchParams,
    req: Req,
    address: string | undefined,
    withBody: boolean,
  ): Promise<Refusal | undefined> {
    const waitMs = await this.throttle.blockedForMs(address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      const { status, body } = dialect.renderError({
        status: 429,
        code: ErrorCode.RateLimited,
        message: `too many failed authentications from this address; retry in ${seconds} s`,
      });
      return { status, failed: false, headers: { 'Retry-After': String(seconds) }, body };
    }
    return this.checks[dialect.name](segments, query, req.headers.authorization, withBody);
  }

  private async checkMega(
    segments: string[],
    query: URLSearchParams,
    authorization: string | undefined,
  ): Promise<Refusal | undefined> {
    const unauthorized = (message: string): Refusal => ({
      ...MEGA_DIALECT.renderError({ status: 401, code: ErrorCode.Unauthorized, message }),
      failed: true,
    });
    const token = megaBearer(authorization);
    if (!token) return unauthorized(MEGA_AUTH_FAILURE.noToken);
    if (secretEquals(token, this.settings.adminToken)) return undefined;
    const keys = new Set([query.get('instance_key') ?? '', segments[1] ?? '', segments[2] ?? '']);
    for (const key of keys) {
      if (!INSTANCE_KEY_PATTERN.test(key)) continue;
      const record = await this.registry.find(key);
      if (record && InstanceRegistry.tokenMatches(record, token)) return undefined;
    }
    return unauthorized(MEGA_AUTH_FAILURE.badToken);
  }

  private async checkWpp(
    segments: string[],
    authorization: string | undefined,
    withBody: boolean,
  ): Promise<Refusal | undefined> {
    // SECRET_KEY routes are checked here with or without a body, so every wrong key counts
    const secretRoute = wppSecretRoute(segments);
    if (secretRoute) {
      if (secretEquals(secretRoute.secret, this.settings.secretKey)) return undefined;
      return { status: 400, failed: true, body: secretRoute.wrongSecret };
    }
    if (!withBody) return undefined;
    const credential = wppCredential(segments[0] ?? '', authorization);
    if ('failure' in credential) return { status: 401, failed: true, body: credential.failure };
    if (await this.tokens.verify(credential.session, credential.token)) return undefined;
    return { status: 401, failed: true, body: WPP_AUTH_FAILURE.badToken };
  }

  /**
   * Sends the refusal. A request whose body is still coming gets `Connection: close`: Node then
   * discards what is already in flight and closes the socket once the answer is out, so nothing
   * of the body is buffered and the client learns at once (instead of uploading the rest).
   */
  private refuse(req: Req, res: ServerResponse, refusal: Refusal): void {
    res.statusCode = refusal.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    for (const [name, value] of Object.entries(refusal.headers ?? {})) res.setHeader(name, value);
    if (hasBody(req) && !req.complete) res.setHeader('Connection', 'close');
    res.end(JSON.stringify(refusal.body));
  }
}

/**
 * The Express middleware of PreBodyAuth over the app's providers; register it before any body
 * parser (`app.use(preBodyAuth(app))`).
 */
export function preBodyAuth(
  app: INestApplicationContext,
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const auth = new PreBodyAuth(
    app.get(GatewaySettings),
    app.get(InstanceRegistry),
    app.get(WppTokenService),
    app.get(AuthThrottle),
  );
  return (req, res, next) => {
    auth.admit(req, res).then((admitted) => admitted && next(), next);
  };
}
