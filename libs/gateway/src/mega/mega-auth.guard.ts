import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { GatewaySettings } from '../core/gateway-settings.js';
import { InstanceRegistry, secretEquals } from '../core/instance-registry.js';

const ACCESS = 'mega:access';
/** `admin`: only the admin token. `instance`: the instance's own token or the admin token. */
export const MegaAccess = (access: 'admin' | 'instance') => SetMetadata(ACCESS, access);

interface Req {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
}

/** `Authorization: Bearer <token>`, checked in constant time against the admin token or the instance's token hash. */
@Injectable()
export class MegaAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly settings: GatewaySettings,
    private readonly registry: InstanceRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access =
      this.reflector.getAllAndOverride<'admin' | 'instance' | undefined>(ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'instance';
    const req = context.switchToHttp().getRequest<Req>();
    const header = req.headers['authorization'];
    const token = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
    if (!token)
      throw new DomainError(ErrorCode.Unauthorized, 'missing bearer token (Authorization: Bearer <token>)');
    if (secretEquals(token, this.settings.adminToken)) return true;
    if (access === 'admin') throw new DomainError(ErrorCode.Unauthorized, 'this route needs the admin token');
    const key = req.params['instance_key'];
    const record = key ? await this.registry.find(key) : undefined;
    // unknown instance and wrong token look the same to a caller without the right token
    if (!record || !InstanceRegistry.tokenMatches(record, token))
      throw new DomainError(ErrorCode.Unauthorized, 'invalid token for this instance');
    return true;
  }
}
