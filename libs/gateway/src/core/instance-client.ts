import { Injectable } from '@nestjs/common';
import { CommandBus, InstanceCommandClient } from '@zapgate/transport';
import { GatewaySettings } from './gateway-settings.js';

/** Sends canonical commands to the shard that owns an instance, placing the instance first if nobody does. */
@Injectable()
export class InstanceClient extends InstanceCommandClient {
  constructor(bus: CommandBus, settings: GatewaySettings) {
    super(bus, () => settings.commandTimeoutMs);
  }
}
