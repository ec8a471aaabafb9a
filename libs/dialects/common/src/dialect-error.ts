import { ErrorCode } from '@zapgate/contracts';

/**
 * A failure as a client sees it, before a dialect renders it: the domain code, the HTTP status
 * both dialects use unless one says otherwise, and a message safe to show (never request bodies).
 */
export interface ClientError {
  status: number;
  code: ErrorCode;
  message: string;
  /** Per-field problems of a validation failure. */
  fieldErrors?: string[];
  /** The domain error's details (what a dialect may need to word its own message). */
  details?: Record<string, unknown>;
}

/** An error as one dialect answers it. */
export interface DialectErrorReply {
  status: number;
  body: Record<string, unknown>;
}

/** Statuses shared by both dialects unless a dialect says otherwise. */
export const DEFAULT_STATUS: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.InstanceNotFound]: 404,
  [ErrorCode.GroupNotFound]: 404,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.MessageNotFound]: 404,
  [ErrorCode.ChatNotFound]: 404,
  [ErrorCode.ContactNotFound]: 404,
  [ErrorCode.LabelNotFound]: 404,
  [ErrorCode.DeliveryNotFound]: 404,
  [ErrorCode.BulkJobNotFound]: 404,
  [ErrorCode.RouteNotFound]: 404,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.InstanceExists]: 409,
  [ErrorCode.NotConnected]: 400,
  [ErrorCode.AlreadyConnected]: 400,
  [ErrorCode.NumberNotOnWhatsApp]: 400,
  [ErrorCode.QrNotAvailable]: 400,
  [ErrorCode.NotImplemented]: 501,
  [ErrorCode.Timeout]: 504,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Internal]: 500,
};
