/**
 * Errors of the MongoDB driver and mongoose that mean the database could not be reached (down,
 * restarting, connection dropped mid-operation): a passing state a retry gets past, not a fault of
 * the request. By name, so callers need no driver import; the `cause` chain is followed.
 */
const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** Whether `err` says the database is unreachable right now (see UNREACHABLE). */
export function storageUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (UNREACHABLE.has(e.name)) return true;
    // mongoose queues operations while it has no connection, and fails them after bufferTimeoutMS
    if (e.name === 'MongooseError' && /buffering timed out/.test(e.message)) return true;
  }
  return false;
}
