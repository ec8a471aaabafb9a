import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The authenticated session name (the `:session` path segment without its `:token`). */
export const WppSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ wppSession: string }>().wppSession,
);
