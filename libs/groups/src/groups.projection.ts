import { Subjects, type EventEnvelope } from '@zapgate/contracts';
import type { GroupRepository, InstanceRepository } from '@zapgate/storage';
import type { EventLog, Subscription } from '@zapgate/transport';
import type { Logger } from 'pino';

/** The durable consumer of the groups service on `ZG_EVENTS` (shared by its replicas). */
export const GROUPS_CONSUMER = 'zg-groups';

/**
 * Keeps the read model current from the events on `ZG_EVENTS`: a group the instance created,
 * joined or was added to is stored whole, changes are applied to the stored group, members
 * follow `group-participants-changed` (the instance itself removed: the group is forgotten), and a
 * logged-out instance's groups are forgotten. Events of groups not in the read model are skipped:
 * the next read fetches them whole.
 */
export class GroupsProjection {
  private subscription?: Subscription;

  constructor(
    private readonly d: {
      events: EventLog;
      groups: GroupRepository;
      /** Who each instance is (to tell when the instance itself left or was removed). */
      instances: Pick<InstanceRepository, 'get'>;
      logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    // every event, the others skipped: the port takes one filter, and the group events share no
    // subject token a wildcard could pick out
    this.subscription = await this.d.events.consumeBatches<EventEnvelope>(
      { durable: GROUPS_CONSUMER, filter: Subjects.allEvents },
      async (batch) => {
        for (const { data } of batch) await this.apply(data);
      },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Applies one event to the read model (others are ignored). */
  async apply(e: EventEnvelope): Promise<void> {
    switch (e.event) {
      case 'group-updated': {
        const { data } = e as EventEnvelope<'group-updated'>;
        if (data.metadata) {
          await this.d.groups.put(e.instance, data.metadata, Date.parse(e.at));
          return;
        }
        const { group, author, authorAlt, metadata, ...patch } = data;
        void author;
        void authorAlt;
        void metadata;
        await this.d.groups.patch(e.instance, group, patch);
        return;
      }
      case 'group-participants-changed': {
        const { data } = e as EventEnvelope<'group-participants-changed'>;
        if (data.action === 'remove' && (await this.removesMe(e.instance, data.participants))) {
          await this.d.groups.delete(e.instance, data.group);
          return;
        }
        await this.d.groups.applyParticipants(e.instance, data.group, data.action, data.participants);
        return;
      }
      case 'connection-changed': {
        const { data } = e as EventEnvelope<'connection-changed'>;
        if (data.state === 'logged-out') await this.d.groups.clear(e.instance);
        return;
      }
      default:
        return;
    }
  }

  private async removesMe(instance: string, participants: { id: string; alt?: string }[]): Promise<boolean> {
    const me = (await this.d.instances.get(instance))?.account;
    if (!me) return false;
    const mine = [me.id, me.lid].filter(Boolean);
    return participants.some((p) => mine.includes(p.id) || (p.alt !== undefined && mine.includes(p.alt)));
  }
}
