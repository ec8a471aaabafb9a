import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { WppTokenService } from './wpp-token.service.js';

interface Req {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  /** The session name without `:token`, for the handlers. */
  wppSession?: string;
}

const fail = (body: Record<string, string>) =>
  new DomainError(ErrorCode.Unauthorized, Object.values(body)[0]!, { wppBody: body });

/**
 * WPPConnect's `verifyToken`: the token in the path (`/api/<session>:<token>/...`, which wins) or in
 * `Authorization: <any scheme> <token>`, checked with bcrypt against session + SECRET_KEY.
 */
@Injectable()
export class WppAuthGuard implements CanActivate {
  constructor(private readonly tokens: WppTokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Req>();
    const raw = req.params['session'] ?? '';
    const [session = '', pathToken] = raw.split(':');
    if (!session) throw fail({ message: 'Session not informed' });
    let token: string | undefined = pathToken;
    if (!token) {
      const header = req.headers['authorization'];
      token = typeof header === 'string' ? header.trim().split(/\s+/)[1] : undefined;
      if (!token) throw fail({ message: 'Token is not present. Check your header and try again' });
    }
    if (!(await this.tokens.verify(session, token)))
      throw fail({ error: 'Check that the Session and Token are correct' });
    req.wppSession = session;
    return true;
  }
}
