import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { DialectDescriptor } from '@zapgate/dialect-common';
import { mapError } from './dialect-error.js';

/** Any error of a dialect's routes, answered with that dialect's status and body. */
export class DialectExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly dialect: DialectDescriptor,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = this.dialect.renderError(mapError(exception));
    const res: unknown = host.switchToHttp().getResponse();
    // a route may have set another type (HTML, PNG) before it failed
    this.adapterHost.httpAdapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    this.adapterHost.httpAdapter.reply(res, body, status);
  }
}
