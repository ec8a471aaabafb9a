import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { LeaseStore, type LeaseEntry } from '../ports.js';

/**
 * The answer to a write at a revision the key is not at (taken, renewed by another, gone): the
 * lease is not ours. Anything else (a timeout, NATS unreachable) says nothing about the lease.
 */
const lostRace = (err: unknown): boolean =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
    err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/**
 * Leases in a JetStream KV bucket whose TTL is the lease TTL. `create` and `update` answer
 * undefined when the key is not at the expected revision, and throw when the store did not answer
 * (the shard then keeps the lease it holds until the TTL says otherwise).
 */
export class NatsLeaseStore extends LeaseStore {
  private constructor(
    private readonly kv: KV,
    readonly ttlMs: number,
  ) {
    super();
  }

  static async open(nc: NatsConnection, bucket: string, ttlMs: number): Promise<NatsLeaseStore> {
    const kv = await new Kvm(nc).create(bucket, { ttl: ttlMs, history: 1 });
    return new NatsLeaseStore(kv, ttlMs);
  }

  async create<T>(key: string, value: T): Promise<number | undefined> {
    try {
      return await this.kv.create(key, JSON.stringify(value));
    } catch (err) {
      if (lostRace(err)) return undefined; // the key exists
      throw err;
    }
  }

  async update<T>(key: string, value: T, revision: number): Promise<number | undefined> {
    try {
      return await this.kv.update(key, JSON.stringify(value), revision);
    } catch (err) {
      if (lostRace(err)) return undefined; // gone, or at another revision
      throw err;
    }
  }

  async get<T>(key: string): Promise<LeaseEntry<T> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return { value: entry.json<T>(), revision: entry.revision };
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  async keys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const k of await this.kv.keys()) keys.push(k);
    const live = await Promise.all(keys.map(async (k) => ((await this.get(k)) ? k : undefined)));
    return live.filter((k): k is string => !!k);
  }
}
