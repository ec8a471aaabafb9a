import { randomUUID } from 'node:crypto';
import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SimError, type SimErrorCode } from '../sim-error.js';

const STATUS: Record<SimErrorCode, number> = {
  unknown_phone: HttpStatus.NOT_FOUND,
  phone_exists: HttpStatus.CONFLICT,
  invalid_number: HttpStatus.BAD_REQUEST,
  invalid_recipient: HttpStatus.BAD_REQUEST,
  invalid_fault: HttpStatus.BAD_REQUEST,
  invalid_qr: HttpStatus.BAD_REQUEST,
  qr_expired: HttpStatus.GONE,
  already_paired: HttpStatus.CONFLICT,
  no_pairing_request: HttpStatus.CONFLICT,
  phone_offline: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface SimErrorBody {
  error: { code: string; message: string; details?: string[] };
}

/** Renders every control-API failure as `{ error: { code, message } }`; never echoes the request. */
@Catch()
export class SimControlExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('SimControl');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const [status, body] = this.render(exception);
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, status);
  }

  private render(exception: unknown): [number, SimErrorBody] {
    if (exception instanceof SimError) {
      return [STATUS[exception.code], { error: { code: exception.code, message: exception.message } }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const details =
        typeof response === 'object' && response && 'message' in response
          ? ([] as string[]).concat(response.message as string)
          : undefined;
      const code =
        status === HttpStatus.BAD_REQUEST
          ? 'validation_failed'
          : status === HttpStatus.NOT_FOUND
            ? 'not_found'
            : 'http_error';
      return [status, { error: { code, message: details?.join('; ') ?? exception.message, details } }];
    }
    const errorId = randomUUID();
    this.logger.error(
      `unexpected error ${errorId}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { error: { code: 'internal', message: `internal error (id ${errorId})` } },
    ];
  }
}
