import { Catch, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { DomainError, ErrorCode, type WebhookDialect } from '@zapgate/contracts';
import { DEFAULT_STATUS } from './core/dialect-error.js';
import { DialectExceptionFilter } from './core/dialect-exception.filter.js';
import { DIALECTS, dialectOfPath } from './core/dialects.js';

interface Req {
  method: string;
  url: string;
  originalUrl?: string;
}

/**
 * What no controller's filter sees: unknown routes and errors raised before routing (body
 * parsing, a malformed path). Under a dialect's prefix (`/rest`, `/api`) they answer in that
 * dialect's body (an unknown route is a 404 `route_not_found`); elsewhere a plain JSON body, as
 * Nest's default.
 */
@Catch()
export class EdgeExceptionFilter extends BaseExceptionFilter {
  private readonly dialects: ReadonlyMap<WebhookDialect, DialectExceptionFilter>;

  constructor(private readonly adapterHost: HttpAdapterHost) {
    super(adapterHost.httpAdapter);
    this.dialects = new Map(
      Object.values(DIALECTS).map((d) => [d.name, new DialectExceptionFilter(adapterHost, d)]),
    );
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Req>();
    const dialect = dialectOfPath(req.originalUrl ?? req.url);
    // at this level a 404 can only be Nest's "Cannot GET /path": no route matched
    const error =
      exception instanceof NotFoundException
        ? new DomainError(ErrorCode.RouteNotFound, `no route answers ${req.method} on this path; see /docs`)
        : exception;
    if (dialect) return this.dialects.get(dialect.name)!.catch(error, host);
    if (error instanceof DomainError) {
      const status = DEFAULT_STATUS[error.code];
      this.adapterHost.httpAdapter.reply(
        host.switchToHttp().getResponse(),
        { statusCode: status, message: error.message, code: error.code },
        status,
      );
      return;
    }
    super.catch(error, host);
  }
}
