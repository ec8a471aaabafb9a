import { GroupRepository, type StoredGroup } from '@zapgate/storage';

/** The groups read model in a Map, for unit tests (the real adapters pass the store contract). */
export class MemoryGroupRepository extends GroupRepository {
  readonly records = new Map<string, StoredGroup>();
  private readonly listings = new Map<string, number>();
  private key = (instance: string, group: string) => `${instance} ${group}`;

  async get(instance: string, group: string) {
    const r = this.records.get(this.key(instance, group));
    return r ? structuredClone(r) : undefined;
  }
  async list(instance: string) {
    return [...this.records.values()]
      .filter((r) => r.instance === instance)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => structuredClone(r));
  }
  async withParticipant(instance: string, participant: string) {
    return (await this.list(instance)).filter((g) =>
      g.participants.some((p) => p.id === participant || p.alt === participant),
    );
  }
  protected async write(record: StoredGroup) {
    this.records.set(this.key(record.instance, record.id), structuredClone(record));
  }
  async delete(instance: string, group: string) {
    return this.records.delete(this.key(instance, group));
  }
  protected async deleteOthers(instance: string, keep: string[]) {
    for (const r of await this.list(instance)) if (!keep.includes(r.id)) await this.delete(instance, r.id);
  }
  async listedAt(instance: string) {
    return this.listings.get(instance);
  }
  protected async setListedAt(instance: string, at: number) {
    this.listings.set(instance, at);
  }
  async clear(instance: string) {
    for (const r of await this.list(instance)) await this.delete(instance, r.id);
    this.listings.delete(instance);
  }
}
