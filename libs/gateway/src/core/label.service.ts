import { Injectable } from '@nestjs/common';
import type { EditLabelCommand, LabelChatsCommand, LabelInfo } from '@zapgate/contracts';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/**
 * Labels (WhatsApp Business), the same for every dialect: read from the owning shard's label
 * store, changed through WhatsApp there (forbidden for a personal account, label_not_found for
 * an unknown label).
 */
@Injectable()
export class LabelService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
  ) {}

  async list(instance: string, includeDeleted = false): Promise<LabelInfo[]> {
    await this.registry.get(instance);
    return this.client.send('list-labels', { instance, ...(includeDeleted ? { includeDeleted } : {}) });
  }

  async edit(command: EditLabelCommand): Promise<LabelInfo> {
    await this.registry.get(command.instance);
    return this.client.send('edit-label', command);
  }

  async labelChats(command: LabelChatsCommand): Promise<{ chat: string; labels: string[] }[]> {
    await this.registry.get(command.instance);
    return (await this.client.send('label-chats', command)).chats;
  }

  /** Deletes every live label, one `label_edit` each; the labels deleted. */
  async deleteAll(instance: string): Promise<LabelInfo[]> {
    const deleted: LabelInfo[] = [];
    for (const label of await this.list(instance))
      deleted.push(await this.edit({ instance, id: label.id, deleted: true }));
    return deleted;
  }
}
