/** Domain error codes; each dialect maps them to its own HTTP status and body. */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  Unauthorized = 'unauthorized',
  InstanceNotFound = 'instance_not_found',
  InstanceExists = 'instance_exists',
  NotConnected = 'not_connected',
  AlreadyConnected = 'already_connected',
  NumberNotOnWhatsApp = 'number_not_on_whatsapp',
  QrNotAvailable = 'qr_not_available',
  NotImplemented = 'not_implemented',
  Timeout = 'timeout',
  Unavailable = 'unavailable',
  Internal = 'internal',
}

/** What crosses the wire instead of an exception (Nest drops an RpcException's type on the way). */
export interface ErrorEnvelope {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Reply<T> = { ok: true; result: T } | { ok: false; error: ErrorEnvelope };

/** A typed domain error; handlers throw it, transports turn it into an envelope and back. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toEnvelope(): ErrorEnvelope {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }

  static fromEnvelope(e: ErrorEnvelope): DomainError {
    return new DomainError(e.code, e.message, e.details);
  }
}
