import { storageUnreachable } from './storage-unreachable.js';

const named = (name: string, message = 'x', cause?: unknown) =>
  Object.assign(new Error(message, cause === undefined ? {} : { cause }), { name });

describe(storageUnreachable.name, () => {
  it('knows the driver errors of a database that is down or dropped the connection', () => {
    for (const name of [
      'MongoServerSelectionError',
      'MongooseServerSelectionError',
      'MongoNetworkError',
      'MongoNetworkTimeoutError',
      'MongoNotConnectedError',
      'MongoTopologyClosedError',
      'MongoPoolClearedError',
    ])
      expect({ name, unreachable: storageUnreachable(named(name)) }).toEqual({ name, unreachable: true });
    expect(
      storageUnreachable(named('MongooseError', 'Operation `auth.find()` buffering timed out after 10000ms')),
    ).toBe(true);
  });

  it('follows the cause chain', () => {
    expect(storageUnreachable(new Error('bulk write failed', { cause: named('MongoNetworkError') }))).toBe(
      true,
    );
  });

  it('leaves other failures alone', () => {
    expect(storageUnreachable(named('MongoServerError', 'E11000 duplicate key'))).toBe(false);
    expect(storageUnreachable(named('MongooseError', 'Model.find() no longer accepts a callback'))).toBe(
      false,
    );
    expect(storageUnreachable(new TypeError('nope'))).toBe(false);
    expect(storageUnreachable('MongoNetworkError')).toBe(false);
    expect(storageUnreachable(undefined)).toBe(false);
  });
});
