import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { DEFAULT_STATUS, type ClientError } from '@zapgate/dialect-common';
import { randomUUID } from 'node:crypto';

export { DEFAULT_STATUS };

const logger = new Logger('Gateway');

/**
 * Any thrown thing as a client error (code, status, message) for a dialect to render. Unknown
 * errors get an error id in the log and a plain message; nothing of the request leaks.
 */
export function mapError(exception: unknown): ClientError {
  if (exception instanceof DomainError)
    return {
      status: DEFAULT_STATUS[exception.code],
      code: exception.code,
      message: exception.message,
      ...(exception.details ? { details: exception.details } : {}),
    };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const fieldErrors =
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
    const badRequest = status === HttpStatus.BAD_REQUEST && fieldErrors;
    return {
      status,
      code,
      message: badRequest ? fieldErrors.join('; ') : exception.message,
      ...(badRequest ? { fieldErrors } : {}),
    };
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
