import { DomainError, ErrorCode, Subjects, type InstanceCommands } from '@zapgate/contracts';
import type { CommandBus } from './ports.js';

const PLACEMENT_TIMEOUT_MS = 5_000;
/** What a caller is told to wait while an instance finds its shard (failover, placement). */
const MOVING_RETRY_AFTER_S = 2;

/**
 * Sends canonical commands to the shard that owns an instance (`zg.cmd.<instance>.<verb>`),
 * asking the shards to place the instance first when nobody holds it. The gateway's
 * `InstanceClient` and the groups service's `ShardClient` are this one client.
 */
export class InstanceCommandClient {
  constructor(
    private readonly bus: CommandBus,
    /** How long one command may take (read per command: settings may change it). */
    private readonly timeoutMs: () => number,
  ) {}

  async send<V extends keyof InstanceCommands>(
    verb: V,
    request: InstanceCommands[V]['request'],
  ): Promise<InstanceCommands[V]['reply']> {
    const subject = Subjects.command(request.instance, verb);
    try {
      return await this.bus.request(subject, request, { timeoutMs: this.timeoutMs() });
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
      return await this.bus.request(subject, request, { timeoutMs: this.timeoutMs() });
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
