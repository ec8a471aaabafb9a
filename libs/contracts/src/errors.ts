/** Domain error codes; each dialect maps them to its own HTTP status and body. */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  Unauthorized = 'unauthorized',
  InstanceNotFound = 'instance_not_found',
  /** A group WhatsApp does not know, or that this account is not in. */
  GroupNotFound = 'group_not_found',
  /** WhatsApp refused: this account lacks the right (not an admin of the group, an invite revoked). */
  Forbidden = 'forbidden',
  /** A message this instance does not have in its message store (never seen, or past retention). */
  MessageNotFound = 'message_not_found',
  /** A chat this instance's chat store does not have. */
  ChatNotFound = 'chat_not_found',
  /** A contact this instance's chat store does not have. */
  ContactNotFound = 'contact_not_found',
  /** A label the account does not have (never synced, or deleted). */
  LabelNotFound = 'label_not_found',
  /** A webhook delivery this instance does not have (another instance's, purged, or never made). */
  DeliveryNotFound = 'delivery_not_found',
  /** A bulk send (send to many) this instance does not have (another instance's, or past its retention). */
  BulkJobNotFound = 'bulk_job_not_found',
  /** No route answers this method and path (in the dialect whose prefix it has). */
  RouteNotFound = 'route_not_found',
  /** The request body is over the configured limit. */
  PayloadTooLarge = 'payload_too_large',
  /** Too many failed authentications from the caller's address; retry after the window. */
  RateLimited = 'rate_limited',
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
