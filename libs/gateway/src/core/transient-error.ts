import { DomainError, ErrorCode } from '@zapgate/contracts';
import { storageUnreachable } from '@zapgate/storage';

/** Seconds a caller is told to wait when a state is transient and says nothing more precise. */
export const DEFAULT_RETRY_AFTER_S = 1;
/** Seconds a caller is told to wait while the database is unreachable (restarting, failing over). */
export const STORAGE_RETRY_AFTER_S = 2;

export interface TransientError {
  /** Why it cannot be done now (no request data in it). */
  reason: string;
  /** The `Retry-After` to answer, in seconds. */
  retryAfterSeconds: number;
}

/**
 * Whether a failure is a passing state a retry gets past, and when to retry: the message bus
 * unreachable (NATS reconnecting), no shard holding the instance yet (placement, failover), or
 * the instance's WhatsApp session reconnecting (just adopted by another shard), the database
 * unreachable (restarting). Such a failure is answered 503 with `Retry-After` in the caller's
 * dialect, whatever verb ran into it.
 */
export function transientError(exception: unknown): TransientError | undefined {
  if (storageUnreachable(exception))
    return { reason: 'the database is unreachable', retryAfterSeconds: STORAGE_RETRY_AFTER_S };
  if (!(exception instanceof DomainError)) return undefined;
  const retryAfter = exception.details?.['retryAfterSeconds'];
  const explicit = typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > 0;
  // an `unavailable` that says when to retry (bus, placement, failover); other ones (a stored
  // file gone, a busy hasher with its own body) keep their answer
  if (exception.code === ErrorCode.Unavailable && explicit)
    return { reason: exception.message, retryAfterSeconds: Math.ceil(retryAfter) };
  if (exception.code === ErrorCode.NotConnected && exception.details?.['state'] === 'connecting')
    return {
      reason: 'the WhatsApp session is reconnecting',
      retryAfterSeconds: explicit ? Math.ceil(retryAfter) : DEFAULT_RETRY_AFTER_S,
    };
  return undefined;
}

/**
 * The one 503 a transient failure becomes: it names what the caller asked for (`asked`, the
 * method and route pattern, never the URL with its credentials) and when to retry.
 */
export function retryableError(asked: string, t: TransientError): DomainError {
  return new DomainError(
    ErrorCode.Unavailable,
    `${asked} cannot be done right now: ${t.reason}; retry in ${t.retryAfterSeconds} s`,
    { retryAfterSeconds: t.retryAfterSeconds },
  );
}
