import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InstanceRepository, type InstancePatch, type InstanceRecord } from '@zapgate/storage';

/** What a request read, and when; `open` until its response is done. */
interface Scope {
  open: boolean;
  lookups: Map<string, { at: number; record: Promise<InstanceRecord | undefined> }>;
}

/** A long request (a send to many waits for its job) reads its instances again after this. */
const MAX_AGE_MS = 1_000;

/**
 * The instance repository as the gateway sees it: within one HTTP request, reads of the same
 * instance share one lookup. A send read its instance three times (the pre-body check, the route's
 * guard, the service), each a MongoDB round trip in the distributed gateway: about half of its CPU
 * per message and three round trips of latency (profile of `bench/send-text --mode distributed`).
 * Nothing is kept across requests, nor after the response, nor for more than a second (a long
 * request, such as a send to many waiting for its job, reads again); a write made during the
 * request (through this repository) drops what that request had read of the instance. Each caller
 * gets its own copy of the record. Outside a request (timers, resumed jobs), reads go straight to
 * the repository.
 */
export class RequestScopedInstances extends InstanceRepository {
  private readonly scope = new AsyncLocalStorage<Scope>();

  constructor(private readonly inner: InstanceRepository) {
    super();
  }

  /** Express middleware opening a request's scope (registered before anything reads instances). */
  readonly middleware = (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const scope: Scope = { open: true, lookups: new Map() };
    res.once('close', () => {
      scope.open = false;
      scope.lookups.clear();
    });
    this.scope.run(scope, next);
  };

  async get(key: string): Promise<InstanceRecord | undefined> {
    const scope = this.scope.getStore();
    if (!scope?.open) return this.inner.get(key);
    const now = performance.now();
    let lookup = scope.lookups.get(key);
    if (!lookup || now - lookup.at > MAX_AGE_MS) {
      const read = { at: now, record: this.inner.get(key) };
      scope.lookups.set(key, read);
      // a failed read is not remembered: the next caller asks again
      read.record.catch(() => scope.lookups.get(key) === read && scope.lookups.delete(key));
      lookup = read;
    }
    const record = await lookup.record;
    return record && structuredClone(record);
  }

  list(): Promise<InstanceRecord[]> {
    return this.inner.list();
  }

  async create(record: InstanceRecord): Promise<boolean> {
    this.forget(record.key);
    try {
      return await this.inner.create(record);
    } finally {
      this.forget(record.key);
    }
  }

  async update(key: string, patch: InstancePatch): Promise<InstanceRecord | undefined> {
    this.forget(key);
    try {
      return await this.inner.update(key, patch);
    } finally {
      this.forget(key);
    }
  }

  async delete(key: string): Promise<boolean> {
    this.forget(key);
    try {
      return await this.inner.delete(key);
    } finally {
      this.forget(key);
    }
  }

  private forget(key: string): void {
    this.scope.getStore()?.lookups.delete(key);
  }
}
