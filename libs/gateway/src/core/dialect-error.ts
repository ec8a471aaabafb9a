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
          : ErrorCode.ValidationFailed;
    const message = status === HttpStatus.BAD_REQUEST && details ? details.join('; ') : exception.message;
    return { status, code, message, ...(details && status === HttpStatus.BAD_REQUEST ? { details } : {}) };
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
