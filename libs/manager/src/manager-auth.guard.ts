import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { AuthThrottle, clientAddress, GatewaySettings, secretEquals } from '@zapgate/gateway';

/** Who signed in to the manager: with the mega-API admin token or the WPPConnect SECRET_KEY. */
export type ManagerRole = 'admin' | 'secret-key';

interface Req {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
  managerRole?: ManagerRole;
}

/** The token of `Authorization: Bearer <token>`, if the header has that form. */
export function bearerOf(authorization: string | string[] | undefined): string | undefined {
  return typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1] : undefined;
}

/** The role a token grants, compared in constant time; undefined for any other token. */
export function managerRoleOf(settings: GatewaySettings, token: string | undefined): ManagerRole | undefined {
  if (!token) return undefined;
  // both compared, whatever the first gives, so the time taken tells nothing
  const admin = secretEquals(token, settings.adminToken);
  const secret = secretEquals(token, settings.secretKey);
  return admin ? 'admin' : secret ? 'secret-key' : undefined;
}

/**
 * The manager API's guard: `Authorization: Bearer <admin token or SECRET_KEY>`. Failures count
 * towards the gateway's per-address throttle (429 once an address failed too often).
 */
@Injectable()
export class ManagerAuthGuard implements CanActivate {
  constructor(
    private readonly settings: GatewaySettings,
    private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Req>();
    const address = clientAddress(req);
    if ((await this.throttle.blockedForMs(address)) > 0)
      throw new DomainError(ErrorCode.RateLimited, 'too many failed sign-ins from this address; retry later');
    const role = managerRoleOf(this.settings, bearerOf(req.headers['authorization']));
    if (!role) {
      await this.throttle.recordFailure(address);
      throw new DomainError(
        ErrorCode.Unauthorized,
        'sign in with the admin token (ZG_ADMIN_TOKEN) or the SECRET_KEY: Authorization: Bearer <token>',
      );
    }
    req.managerRole = role;
    return true;
  }
}
