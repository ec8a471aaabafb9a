import type { ExecutionContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { AuthThrottle, type GatewaySettings } from '@zapgate/gateway';
import { bearerOf, ManagerAuthGuard, managerRoleOf } from './manager-auth.guard.js';

const settings = { adminToken: 'admin-token-0123456789', secretKey: 'secret-key-123' } as GatewaySettings;
const contextOf = (req: object) => ({ switchToHttp: () => ({ getRequest: () => req }) }) as ExecutionContext;

describe(ManagerAuthGuard.name, () => {
  it('reads the role from the admin token or the SECRET_KEY, and nothing else', () => {
    expect(managerRoleOf(settings, 'admin-token-0123456789')).toBe('admin');
    expect(managerRoleOf(settings, 'secret-key-123')).toBe('secret-key');
    for (const token of [undefined, '', 'admin-token-012345678', 'secret-key-1234', 'ADMIN-TOKEN-0123456789'])
      expect(managerRoleOf(settings, token)).toBeUndefined();
    expect(bearerOf('Bearer abc')).toBe('abc');
    expect(bearerOf('bearer  abc ')).toBe('abc');
    for (const header of [undefined, 'abc', 'Basic abc', ['Bearer abc']])
      expect(bearerOf(header)).toBeUndefined();
  });

  it('lets a right token in, and throttles an address after repeated wrong ones', async () => {
    const sut = new ManagerAuthGuard(settings, new AuthThrottle({ maxFailures: 3, windowSeconds: 60 }));
    const req: { headers: Record<string, string>; ip: string; managerRole?: string } = {
      headers: { authorization: 'Bearer secret-key-123' },
      ip: '10.0.0.1',
    };
    await expect(sut.canActivate(contextOf(req))).resolves.toBe(true);
    expect(req.managerRole).toBe('secret-key');

    const wrong = { headers: { authorization: 'Bearer nope' }, ip: '10.0.0.2' };
    for (let i = 0; i < 3; i++)
      await expect(sut.canActivate(contextOf(wrong))).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
    // blocked now, even with the right token
    const blocked = { headers: { authorization: 'Bearer admin-token-0123456789' }, ip: '10.0.0.2' };
    const err = await sut.canActivate(contextOf(blocked)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(ErrorCode.RateLimited);
  });
});
