import { InstanceCommandClient, type CommandBus } from '@zapgate/transport';

/**
 * Sends a command to the shard that owns an instance, asking the shards to place the instance
 * first when nobody holds it: the groups service's side of what the gateway's InstanceClient does.
 */
export class ShardClient extends InstanceCommandClient {
  constructor(bus: CommandBus, timeoutMs: number) {
    super(bus, () => timeoutMs);
  }
}
