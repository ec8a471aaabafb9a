import { DomainError, ErrorCode } from '@zapgate/contracts';

/**
 * Why media was refused. Carried in `details.reason` so it survives the transport (which rebuilds
 * a plain DomainError from the envelope); the domain `code` is what dialect filters map to a status.
 */
export enum MediaErrorReason {
  /** Not base64, a malformed data URI, an empty file. */
  InvalidData = 'media_invalid_data',
  /** Over the limit of its kind (Content-Length up front, or counted while streaming). */
  TooLarge = 'media_too_large',
  /** A MIME type the kind does not accept, or bytes that are not what the caller said. */
  UnsupportedType = 'media_unsupported_type',
  /** A URL the URL policy refuses (link-local, metadata, private unless allowed, not http(s)). */
  UrlRefused = 'media_url_refused',
  /** The URL did not answer with the file: DNS, connection, HTTP status, too many redirects. */
  FetchFailed = 'media_fetch_failed',
  /** The URL did not connect, or did not deliver the whole body, in time. */
  FetchTimeout = 'media_fetch_timeout',
  /** Stored media that is not (or no longer) there: deleted after use, or past its age. */
  NotFound = 'media_not_found',
}

/**
 * Domain codes until `@zapgate/contracts` has media ones (proposed: UnsupportedMediaType -> 415,
 * MediaUnreachable -> 422). Every client mistake is a 4xx; a stored file gone missing between
 * gateway and shard is not the client's and answers as Unavailable.
 */
const DOMAIN_CODE: Record<MediaErrorReason, ErrorCode> = {
  [MediaErrorReason.InvalidData]: ErrorCode.ValidationFailed,
  [MediaErrorReason.TooLarge]: ErrorCode.PayloadTooLarge,
  [MediaErrorReason.UnsupportedType]: ErrorCode.ValidationFailed,
  [MediaErrorReason.UrlRefused]: ErrorCode.ValidationFailed,
  [MediaErrorReason.FetchFailed]: ErrorCode.ValidationFailed,
  [MediaErrorReason.FetchTimeout]: ErrorCode.ValidationFailed,
  [MediaErrorReason.NotFound]: ErrorCode.Unavailable,
};

/** A typed media refusal: a DomainError (rendered by each dialect's filter) with a `reason`. */
export class MediaError extends DomainError {
  constructor(
    readonly reason: MediaErrorReason,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(DOMAIN_CODE[reason], message, { ...details, reason });
    this.name = 'MediaError';
  }
}

/** The media reason of an error, also of a DomainError rebuilt from an envelope on the other side. */
export function mediaErrorReason(err: unknown): MediaErrorReason | undefined {
  if (err instanceof MediaError) return err.reason;
  if (err instanceof DomainError) {
    const reason = err.details?.['reason'];
    return Object.values(MediaErrorReason).includes(reason as MediaErrorReason)
      ? (reason as MediaErrorReason)
      : undefined;
  }
  return undefined;
}
