import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { DialectDescriptor } from '@zapgate/dialect-common';
import { mapError } from './dialect-error.js';
import { retryableError, transientError } from './transient-error.js';

interface Req {
  method?: string;
  route?: { path?: unknown };
}

/**
 * Any error of a dialect's routes, answered with that dialect's status and body. A transient
 * failure (bus reconnecting, instance moving between shards, session reconnecting) is one 503
 * naming the route the caller asked for, with `Retry-After`.
 */
export class DialectExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly dialect: DialectDescriptor,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res: unknown = http.getResponse();
    const transient = transientError(exception);
    if (transient) {
      const req = http.getRequest<Req>();
      const route = typeof req.route?.path === 'string' ? ` ${req.route.path}` : '';
      exception = retryableError(`${req.method ?? 'the request'}${route}`, transient);
      this.adapterHost.httpAdapter.setHeader(res, 'Retry-After', String(transient.retryAfterSeconds));
    }
    const { status, body } = this.dialect.renderError(mapError(exception));
    // a route may have set another type (HTML, PNG) before it failed
    this.adapterHost.httpAdapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    this.adapterHost.httpAdapter.reply(res, body, status);
  }
}
