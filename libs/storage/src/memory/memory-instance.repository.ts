import { InstanceRepository, type InstancePatch, type InstanceRecord } from '../ports.js';

/**
 * Instances in memory, kept by nobody else: the port's behaviour with nothing stored (unit tests,
 * and the store a cache is tried over). Each caller gets its own copy, as from the real adapters;
 * a patch's undefined fields are removed and `updatedAt` moves, as MongoDB's adapter does.
 * `reads` counts the gets.
 */
export class MemoryInstanceRepository extends InstanceRepository {
  private readonly records = new Map<string, InstanceRecord>();
  reads = 0;

  async create(record: InstanceRecord): Promise<boolean> {
    if (this.records.has(record.key)) return false;
    this.records.set(record.key, structuredClone(record));
    return true;
  }

  async get(key: string): Promise<InstanceRecord | undefined> {
    this.reads++;
    const record = this.records.get(key);
    return record && structuredClone(record);
  }

  async list(): Promise<InstanceRecord[]> {
    return [...this.records.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((r) => structuredClone(r));
  }

  async update(key: string, patch: InstancePatch): Promise<InstanceRecord | undefined> {
    const record = this.records.get(key);
    if (!record) return undefined;
    const updated: Record<string, unknown> = { ...record, updatedAt: new Date().toISOString() };
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) delete updated[field];
      else updated[field] = structuredClone(value);
    }
    this.records.set(key, updated as unknown as InstanceRecord);
    return structuredClone(updated as unknown as InstanceRecord);
  }

  async delete(key: string): Promise<boolean> {
    return this.records.delete(key);
  }
}
