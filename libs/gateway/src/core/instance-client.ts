import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, Subjects, type InstanceCommands } from '@zapgate/contracts';
import { CommandBus } from '@zapgate/transport';
import { GatewaySettings } from './gateway-settings.js';

const PLACEMENT_TIMEOUT_MS = 5_000;
/** What a caller is told to wait while an instance finds its shard (failover, placement). */
const MOVING_RETRY_AFTER_S = 2;

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
      // the bus itself unreachable says nothing about the instance: no placement then
      if (!isNoResponder(err)) throw err;
    }
    // no shard holds the instance yet: ask one to take it up, then try again
    try {
      await this.bus.request(
        Subjects.control('place-instance'),
        { instance: request.instance },
        { timeoutMs: PLACEMENT_TIMEOUT_MS },
      );
    } catch (err) {
      if (isNoResponder(err))
        throw new DomainError(ErrorCode.Unavailable, 'no session shard is running', {
          retryAfterSeconds: MOVING_RETRY_AFTER_S,
          transient: 'no-shard',
        });
      throw err;
    }
    try {
      return await this.bus.request(subject, request, { timeoutMs: this.settings.commandTimeoutMs });
    } catch (err) {
      // placed on a shard that is gone (its lease not yet lapsed) or still opening it: failover
      if (isNoResponder(err))
        throw new DomainError(
          ErrorCode.Unavailable,
          `instance ${request.instance} is moving to another session shard`,
          { retryAfterSeconds: MOVING_RETRY_AFTER_S, transient: 'instance-moving' },
        );
      throw err;
    }
  }
}

/** The bus's `unavailable` for a subject nobody serves (not the bus being unreachable). */
function isNoResponder(err: unknown): boolean {
  return err instanceof DomainError && err.code === ErrorCode.Unavailable && !err.details?.['transient'];
}
