import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { DEFAULT_STATUS, mapError } from '../core/dialect-error.js';

/** WPPConnect's exact bodies where clients know them; `{ status: "error", message, code }` otherwise. */
@Catch()
export class WppExceptionFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const [status, body] = this.render(exception);
    const res: unknown = host.switchToHttp().getResponse();
    // a route may have set another type (HTML, PNG) before it failed
    this.adapterHost.httpAdapter.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    this.adapterHost.httpAdapter.reply(res, body, status);
  }

  private render(exception: unknown): [number, unknown] {
    // bodies WPPConnect-server sends verbatim (auth failures, secret-key routes)
    if (exception instanceof DomainError && exception.details?.['wppBody']) {
      return [DEFAULT_STATUS[exception.code], exception.details['wppBody']];
    }
    const e = mapError(exception, (code) =>
      code === ErrorCode.NotConnected ? HttpStatus.NOT_FOUND : DEFAULT_STATUS[code],
    );
    switch (e.code) {
      case ErrorCode.NotConnected:
        return [
          e.status,
          { response: null, status: 'Disconnected', message: 'A sessão do WhatsApp não está ativa.' },
        ];
      case ErrorCode.NumberNotOnWhatsApp:
        return [e.status, { response: null, status: 'Connected', message: e.message }];
      default:
        return [
          e.status,
          { status: 'error', message: e.message, code: e.code, ...(e.details ? { errors: e.details } : {}) },
        ];
    }
  }
}
