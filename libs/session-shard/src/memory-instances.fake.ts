import { InstanceRepository, type InstancePatch, type InstanceRecord } from '@zapgate/storage';

/** Test fake: an instance registry in memory, as the repository port promises it. */
export class MemoryInstances extends InstanceRepository {
  private readonly records = new Map<string, InstanceRecord>();
  async create(record: InstanceRecord) {
    if (this.records.has(record.key)) return false;
    this.records.set(record.key, record);
    return true;
  }
  async get(key: string) {
    return this.records.get(key);
  }
  async list() {
    return [...this.records.values()];
  }
  async update(key: string, patch: InstancePatch) {
    const record = this.records.get(key);
    if (!record) return undefined;
    Object.assign(record, patch);
    return record;
  }
  async delete(key: string) {
    return this.records.delete(key);
  }
}
