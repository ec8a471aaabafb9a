import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { randomUUID } from 'node:crypto';

export interface MappedError {
  status: number;
  code: ErrorCode;
  message: string;
  /** Per-field problems of a validation failure. */
  details?: string[];
}

const logger = new Logger('Gateway');

/**
 * Any thrown thing as a domain code, status and message, for a dialect filter to render.
 * Unknown errors get an error id in the log and a plain message; nothing of the request leaks.
 */
export function mapError(exception: unknown, statusOf: (code: ErrorCode) => number): MappedError {
  if (exception instanceof DomainError)
    return { status: statusOf(exception.code), code: exception.code, message: exception.message };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const details =
      typeof response === 'object' && response && 'message' in response
        ? ([] as string[]).concat(response.message as string)
        : undefined;
    const code =
      status === HttpStatus.UNAUTHORIZED
        ? ErrorCode.Unauthorized
        : status === HttpStatus.NOT_FOUND
          ? ErrorCode.InstanceNotFound
          : status === HttpStatus.PAYLOAD_TOO_LARGE
            ? ErrorCode.PayloadTooLarge
            : ErrorCode.ValidationFailed;
    const message = status === HttpStatus.BAD_REQUEST && details ? details.join('; ') : exception.message;
    return { status, code, message, ...(details && status === HttpStatus.BAD_REQUEST ? { details } : {}) };
  }
  // a client error raised by Express or a body parser (http-errors): its status, not a 500
  const httpError = exception as { expose?: unknown; status?: unknown; message?: unknown };
  if (
    exception instanceof Error &&
    httpError.expose === true &&
    typeof httpError.status === 'number' &&
    httpError.status >= 400 &&
    httpError.status < 500
  ) {
    const status = httpError.status;
    const code =
      status === HttpStatus.PAYLOAD_TOO_LARGE ? ErrorCode.PayloadTooLarge : ErrorCode.ValidationFailed;
    return { status, code, message: exception.message };
  }
  const errorId = randomUUID();
  logger.error(
    `unexpected error ${errorId}`,
    exception instanceof Error ? exception.stack : String(exception),
  );
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: ErrorCode.Internal,
    message: `internal error (id ${errorId})`,
  };
}

/** Statuses shared by both dialects unless a dialect says otherwise. */
export const DEFAULT_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthorized]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InstanceNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.GroupNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.DeliveryNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.RouteNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.InstanceExists]: HttpStatus.CONFLICT,
  [ErrorCode.NotConnected]: HttpStatus.BAD_REQUEST,
  [ErrorCode.AlreadyConnected]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NumberNotOnWhatsApp]: HttpStatus.BAD_REQUEST,
  [ErrorCode.QrNotAvailable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NotImplemented]: HttpStatus.NOT_IMPLEMENTED,
  [ErrorCode.Timeout]: HttpStatus.GATEWAY_TIMEOUT,
  [ErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** Which dialect answers a path: mega under `/rest`, WPPConnect under `/api` (case-insensitive, as routing is). */
export function dialectOfPath(path: string): 'mega' | 'wppconnect' | undefined {
  const first = path.split('?')[0]!.split('/')[1]?.toLowerCase();
  return first === 'rest' ? 'mega' : first === 'api' ? 'wppconnect' : undefined;
}
