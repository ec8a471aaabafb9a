import { LeaseStore, type LeaseEntry } from '../ports.js';

interface Entry {
  value: unknown;
  revision: number;
  writtenAt: number;
}

/** Leases in process memory: create-if-absent, compare-and-set, expiry `ttlMs` after the last write. */
export class MemoryLeaseStore extends LeaseStore {
  private readonly entries = new Map<string, Entry>();
  private revision = 0;

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async create<T>(key: string, value: T): Promise<number | undefined> {
    if (this.live(key)) return undefined;
    return this.write(key, value);
  }

  async update<T>(key: string, value: T, revision: number): Promise<number | undefined> {
    const entry = this.live(key);
    if (!entry || entry.revision !== revision) return undefined;
    return this.write(key, value);
  }

  async get<T>(key: string): Promise<LeaseEntry<T> | undefined> {
    const entry = this.live(key);
    return entry ? { value: structuredClone(entry.value) as T, revision: entry.revision } : undefined;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => this.live(k));
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.writtenAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private write(key: string, value: unknown): number {
    const revision = ++this.revision;
    this.entries.set(key, { value: structuredClone(value), revision, writtenAt: this.now() });
    return revision;
  }
}
