import mongoose from 'mongoose';
import type { DeliveryRecord } from '../ports.js';
import { MongoWebhookDeliveryRepository, onlyDuplicates } from './mongo-webhook-delivery.repository.js';
import type { DeliveryModels } from './webhook-delivery.schema.js';

const { MongoBulkWriteError, MongoNetworkError, MongoServerSelectionError } = mongoose.mongo;

const delivery = (n: number): DeliveryRecord => ({
  id: `e${n}`,
  instance: 'a',
  seq: n,
  part: 0,
  eventId: `e${n}`,
  eventName: 'message-received',
  event: 'message',
  url: 'http://127.0.0.1:1/hook',
  body: '{}',
  status: 'pending',
  attempts: 0,
  nextAt: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/**
 * What the driver throws when an insertMany's connection drops (FerretDB killed mid-write) or no
 * server can be selected: the driver error wrapped in a MongoBulkWriteError with no write errors
 * (mongodb/lib/bulk/common.js, "Error is a driver related error not a bulk op error").
 */
const driverFailure = (cause: Error) =>
  new MongoBulkWriteError(cause as never, { insertedCount: 0 } as never);
/** What the driver throws when `count` documents were already stored and `inserted` were inserted. */
const duplicates = (count: number, inserted: number) =>
  new MongoBulkWriteError(
    {
      message: 'E11000 duplicate key error',
      code: 11000,
      writeErrors: Array.from({ length: count }, (_, index) => ({ index, code: 11000 })),
    } as never,
    { insertedCount: inserted } as never,
  );

const failingModels = (err: unknown): DeliveryModels =>
  ({
    deliveries: { insertMany: () => Promise.reject(err), updateMany: () => Promise.resolve() },
    attempts: { insertMany: () => Promise.reject(err) },
    claims: {},
  }) as unknown as DeliveryModels;

describe('MongoWebhookDeliveryRepository: a failed write is a failure, not "already stored"', () => {
  const dropped = driverFailure(new MongoNetworkError('connection 4 to 127.0.0.1:1 closed'));
  const down = driverFailure(new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:1', {} as never));

  it('rejects an enqueue whose connection dropped (the caller retries it; it must not be acknowledged)', async () => {
    const repo = new MongoWebhookDeliveryRepository(failingModels(dropped));
    await expect(repo.enqueue([delivery(1), delivery(2)])).rejects.toBe(dropped);
  });

  it('rejects an enqueue when no server can be selected', async () => {
    const repo = new MongoWebhookDeliveryRepository(failingModels(down));
    await expect(repo.enqueue([delivery(1)])).rejects.toBe(down);
  });

  it('rejects an outcome write whose connection dropped', async () => {
    const repo = new MongoWebhookDeliveryRepository(failingModels(dropped));
    const outcome = {
      attempt: { deliveryId: 'e1', instance: 'a', at: '2026-01-01T00:00:00.000Z', statusCode: 200 },
      status: 'delivered' as const,
    };
    await expect(repo.record([outcome])).rejects.toBe(dropped);
  });

  it('accepts an enqueue that failed only on deliveries already stored (a redelivered event)', async () => {
    const repo = new MongoWebhookDeliveryRepository(failingModels(duplicates(1, 1)));
    await expect(repo.enqueue([delivery(1), delivery(2)])).resolves.toBeUndefined();
  });

  it('onlyDuplicates: duplicates of every document not inserted, and nothing else', () => {
    expect(onlyDuplicates(duplicates(2, 0), 2)).toBe(true);
    expect(onlyDuplicates(duplicates(1, 2), 3)).toBe(true);
    // some documents neither inserted nor duplicates: the write broke off
    expect(onlyDuplicates(duplicates(1, 0), 3)).toBe(false);
    expect(onlyDuplicates(dropped, 1)).toBe(false);
    expect(onlyDuplicates(down, 1)).toBe(false);
    expect(
      onlyDuplicates(Object.assign(new Error('x'), { writeErrors: [{ code: 11000 }, { code: 2 }] }), 2),
    ).toBe(false);
  });
});
