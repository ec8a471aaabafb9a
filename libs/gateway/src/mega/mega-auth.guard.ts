import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { MEGA_DIALECT } from '@zapgate/dialect-mega';
import { AuthThrottle, clientAddress } from '../core/auth-throttle.js';
import { GatewaySettings } from '../core/gateway-settings.js';
import { InstanceRegistry, secretEquals } from '../core/instance-registry.js';

const ACCESS = 'mega:access';
/** `admin`: only the admin token. `instance`: the instance's own token or the admin token. */
export const MegaAccess = (access: 'admin' | 'instance') => SetMetadata(ACCESS, access);

interface Req {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
  ip?: string;
  socket?: { remoteAddress?: string };
}

export const MEGA_AUTH_FAILURE = {
  noToken: 'missing bearer token (Authorization: Bearer <token>)',
  adminOnly: 'this route needs the admin token',
  badToken: 'invalid token for this instance',
} as const;

/** The token of `Authorization: Bearer <token>`, if the header has that form. */
export function megaBearer(authorization: string | string[] | undefined): string | undefined {
  return typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1] : undefined;
}

/**
 * `Authorization: Bearer <token>`, checked in constant time against the admin token or the
 * instance's token hash. An instance answers only this dialect: a WPPConnect session's name is not
 * found here, even with the admin token.
 */
@Injectable()
export class MegaAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly settings: GatewaySettings,
    private readonly registry: InstanceRegistry,
    private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access =
      this.reflector.getAllAndOverride<'admin' | 'instance' | undefined>(ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'instance';
    const req = context.switchToHttp().getRequest<Req>();
    const token = megaBearer(req.headers['authorization']);
    if (!token) return this.refuse(req, MEGA_AUTH_FAILURE.noToken);
    const key = req.params['instance_key'];
    const record = key ? await this.registry.find(key) : undefined;
    if (secretEquals(token, this.settings.adminToken)) {
      InstanceRegistry.requireDialect(record, MEGA_DIALECT.name);
      return true;
    }
    if (access === 'admin') return this.refuse(req, MEGA_AUTH_FAILURE.adminOnly);
    // unknown instance and wrong token look the same to a caller without the right token; only
    // instances created through this dialect have a token
    if (
      !record ||
      !InstanceRegistry.belongsTo(record, MEGA_DIALECT.name) ||
      !InstanceRegistry.tokenMatches(record, token)
    )
      return this.refuse(req, MEGA_AUTH_FAILURE.badToken);
    return true;
  }

  private async refuse(req: Req, message: string): Promise<never> {
    await this.throttle.recordFailure(clientAddress(req));
    throw new DomainError(ErrorCode.Unauthorized, message);
  }
}
