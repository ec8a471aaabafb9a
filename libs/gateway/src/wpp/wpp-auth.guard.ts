import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { WPP_DIALECT } from '@zapgate/dialect-wppconnect';
import { AuthThrottle, clientAddress } from '../core/auth-throttle.js';
import { InstanceRegistry } from '../core/instance-registry.js';
import { WppTokenService } from './wpp-token.service.js';

interface Req {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  ip?: string;
  socket?: { remoteAddress?: string };
  /** The session name without `:token`, for the handlers. */
  wppSession?: string;
}

/** WPPConnect-server's own 401 bodies. */
export const WPP_AUTH_FAILURE = {
  noSession: { message: 'Session not informed' },
  noToken: { message: 'Token is not present. Check your header and try again' },
  badToken: { error: 'Check that the Session and Token are correct' },
} as const;

const fail = (body: Record<string, string>) =>
  new DomainError(ErrorCode.Unauthorized, Object.values(body)[0]!, { wppBody: body });

/**
 * The session and token of a WPPConnect request: the token in the path (`<session>:<token>`, which
 * wins) or the second word of `Authorization: <any scheme> <token>`; the failure body when either
 * is missing.
 */
export function wppCredential(
  rawSession: string,
  authorization: string | string[] | undefined,
): { session: string; token: string } | { failure: Record<string, string> } {
  const [session = '', pathToken] = rawSession.split(':');
  if (!session) return { failure: WPP_AUTH_FAILURE.noSession };
  const token =
    pathToken || (typeof authorization === 'string' ? authorization.trim().split(/\s+/)[1] : undefined);
  if (!token) return { failure: WPP_AUTH_FAILURE.noToken };
  return { session, token };
}

/**
 * WPPConnect's `verifyToken`: the token checked with bcrypt against session + SECRET_KEY (see
 * WppTokenService for the limits on that). A session answers only this dialect: a name a mega-API
 * instance holds is not found here, whatever the token.
 */
@Injectable()
export class WppAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: WppTokenService,
    private readonly registry: InstanceRegistry,
    private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Req>();
    const credential = wppCredential(req.params['session'] ?? '', req.headers['authorization']);
    if ('failure' in credential) return this.refuse(req, credential.failure);
    const { session, token } = credential;
    if (!(await this.tokens.verify(session, token))) return this.refuse(req, WPP_AUTH_FAILURE.badToken);
    InstanceRegistry.requireDialect(await this.registry.find(session), WPP_DIALECT.name);
    req.wppSession = session;
    return true;
  }

  private async refuse(req: Req, body: Record<string, string>): Promise<never> {
    await this.throttle.recordFailure(clientAddress(req));
    throw fail(body);
  }
}
