import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, Subjects, type InstanceCommands } from '@zapgate/contracts';
import { CommandBus } from '@zapgate/transport';
import { GatewaySettings } from './gateway-settings.js';

const PLACEMENT_TIMEOUT_MS = 5_000;

/** Sends canonical commands to the shard that owns an instance, placing the instance first if nobody does. */
@Injectable()
export class InstanceClient {
  constructor(
    private readonly bus: CommandBus,
    private readonly settings: GatewaySettings,
  ) {}

  async send<V extends keyof InstanceCommands>(
    verb: V,
    request: InstanceCommands[V]['request'],
  ): Promise<InstanceCommands[V]['reply']> {
    const subject = Subjects.command(request.instance, verb);
    try {
      return await this.bus.request(subject, request, { timeoutMs: this.settings.commandTimeoutMs });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== ErrorCode.Unavailable) throw err;
    }
    // no shard holds the instance yet: ask one to take it up, then try again
    await this.bus.request(
      Subjects.control('place-instance'),
      { instance: request.instance },
      { timeoutMs: PLACEMENT_TIMEOUT_MS },
    );
    return this.bus.request(subject, request, { timeoutMs: this.settings.commandTimeoutMs });
  }
}
