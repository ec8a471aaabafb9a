import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  Subjects,
  type GroupInfo,
  type GroupsServiceCommands,
  type GroupsVerb,
} from '@zapgate/contracts';
import { CommandBus } from '@zapgate/transport';
import { GatewaySettings } from './gateway-settings.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/** The groups service asks the owning shard in turn: its answer may take that long and a bit. */
const GROUPS_MARGIN_MS = 2_000;

/**
 * Groups, the same for both dialects: each call is one request to the groups service
 * (`zg.groups.<verb>`, any replica), after checking the instance exists. A dialect translates its
 * request into the canonical one and renders the result.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly bus: CommandBus,
    private readonly registry: InstanceRegistry,
    private readonly settings: GatewaySettings,
    private readonly client: InstanceClient,
  ) {}

  /** instance_not_found unless the instance exists; unavailable when no groups service runs. */
  async call<V extends GroupsVerb>(
    verb: V,
    request: GroupsServiceCommands[V]['request'],
  ): Promise<GroupsServiceCommands[V]['reply']> {
    await this.registry.get(request.instance);
    try {
      return await this.bus.request(Subjects.groups(verb), request, {
        timeoutMs: this.settings.commandTimeoutMs + GROUPS_MARGIN_MS,
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.Unavailable && !err.details?.['transient'])
        throw new DomainError(ErrorCode.Unavailable, 'the groups service is not running', {
          retryAfterSeconds: 2,
        });
      throw err;
    }
  }

  /** The groups in which this instance's account (PN or LID) is an admin or the super admin. */
  async listAdminGroups(instance: string): Promise<GroupInfo[]> {
    const groups = await this.call('list-groups', { instance });
    // who this instance is, from its shard (the registry's copy follows webhook dispatch)
    const { me } = await this.client.send('get-status', { instance });
    if (!me) return [];
    const mine = [me.id, me.lid].filter(Boolean);
    return groups.filter((g) =>
      g.participants.some(
        (p) => p.role !== 'member' && (mine.includes(p.id) || (p.alt !== undefined && mine.includes(p.alt))),
      ),
    );
  }
}
