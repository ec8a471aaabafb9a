import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
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
import type { ErrorBodyDto } from './error-body.dto.js';

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
  unknown_message: HttpStatus.NOT_FOUND,
  not_received: HttpStatus.CONFLICT,
  not_sent: HttpStatus.CONFLICT,
  not_media: HttpStatus.CONFLICT,
  not_a_poll: HttpStatus.CONFLICT,
  invalid_vote: HttpStatus.BAD_REQUEST,
  media_unavailable: HttpStatus.CONFLICT,
  invalid_media: HttpStatus.BAD_REQUEST,
  media_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unknown_group: HttpStatus.NOT_FOUND,
  group_refused: HttpStatus.CONFLICT,
  not_business: HttpStatus.CONFLICT,
  unknown_label: HttpStatus.NOT_FOUND,
};

const HTTP_CODES: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'bad_request',
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payload_too_large',
};

/** Body-parser throws `http-errors` (e.g. 413) that are no HttpException. */
function clientErrorStatus(e: unknown): number | undefined {
  const status = typeof e === 'object' && e !== null && 'status' in e ? e.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Renders every control-API failure as `{ error: { code, message } }`: SimErrors by their code,
 * ValidationPipe (and other HTTP) errors as `validation_failed` and friends, anything else as a 500
 * whose id is logged with the stack. Never echoes the request.
 */
@Catch()
export class SimErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('SimControl');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const [status, body] = this.render(exception);
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, status);
  }

  private render(exception: unknown): [number, ErrorBodyDto] {
    if (exception instanceof SimError) {
      // a code added to SimError later and not mapped yet is still the caller's fault
      const status = STATUS[exception.code] ?? HttpStatus.BAD_REQUEST;
      return [status, { error: { code: exception.code, message: exception.message } }];
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return this.renderHttp(exception);
    }
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus) return this.renderStatus(clientStatus);
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

  /**
   * ValidationPipe puts its rule messages (an array) in `message`. Other HTTP errors (bad JSON,
   * unknown route) carry text quoting the request, so only a fixed text per status goes out.
   */
  private renderHttp(exception: HttpException): [number, ErrorBodyDto] {
    const response = exception.getResponse();
    const messages =
      typeof response === 'object' && response !== null && 'message' in response
        ? response.message
        : undefined;
    if (Array.isArray(messages) && messages.every((m) => typeof m === 'string')) {
      const details = messages as string[];
      return [
        exception.getStatus(),
        { error: { code: 'validation_failed', message: details.join('; '), details } },
      ];
    }
    return this.renderStatus(exception.getStatus());
  }

  private renderStatus(status: number): [number, ErrorBodyDto] {
    const message =
      status === HttpStatus.BAD_REQUEST
        ? 'malformed request: the body must be valid JSON and the path well encoded'
        : (STATUS_CODES[status] ?? 'request failed');
    return [status, { error: { code: HTTP_CODES[status] ?? 'http_error', message } }];
  }
}
