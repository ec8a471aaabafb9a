import { DomainError, ErrorCode, type Reply } from '@zapgate/contracts';

/** Runs a handler and wraps its outcome in the reply envelope that crosses the wire. */
export async function toReply<T>(
  run: () => Promise<T>,
  onUnexpected: (err: unknown) => void,
): Promise<Reply<T>> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.toEnvelope() };
    onUnexpected(err);
    return {
      ok: false,
      error: { code: ErrorCode.Internal, message: 'the service failed to handle the command' },
    };
  }
}

export function fromReply<T>(reply: Reply<T>): T {
  if (reply.ok) return reply.result;
  throw DomainError.fromEnvelope(reply.error);
}
