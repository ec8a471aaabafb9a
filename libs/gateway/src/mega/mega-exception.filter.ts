import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DEFAULT_STATUS, mapError } from '../core/dialect-error.js';

/** mega-API errors: `{ "error": true, "message": "..." }` with the mapped HTTP status. */
@Catch()
export class MegaExceptionFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const e = mapError(exception, (code) => DEFAULT_STATUS[code]);
    const res: unknown = host.switchToHttp().getResponse();
    // a route may have set another type (HTML, PNG) before it failed
    this.adapterHost.httpAdapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    this.adapterHost.httpAdapter.reply(res, { error: true, message: e.message, code: e.code }, e.status);
  }
}
