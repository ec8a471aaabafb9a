import { DomainError, ErrorCode, Subjects, type InstanceCommands } from '@zapgate/contracts';
import type { CommandBus } from '@zapgate/transport';

const PLACEMENT_TIMEOUT_MS = 5_000;
const MOVING_RETRY_AFTER_S = 2;

/**
 * Sends a command to the shard that owns an instance (`zg.cmd.<instance>.<verb>`), asking the
 * shards to place the instance first when nobody holds it: the groups service's side of what the
 * gateway's InstanceClient does.
 */
export class ShardClient {
  constructor(
    private readonly bus: CommandBus,
    private readonly timeoutMs: number,
  ) {}

  async send<V extends keyof InstanceCommands>(
    verb: V,
    request: InstanceCommands[V]['request'],
  ): Promise<InstanceCommands[V]['reply']> {
    const subject = Subjects.command(request.instance, verb);
    try {
      return await this.bus.request(subject, request, { timeoutMs: this.timeoutMs });
    } catch (err) {
      if (!isNoResponder(err)) throw err;
    }
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
      return await this.bus.request(subject, request, { timeoutMs: this.timeoutMs });
    } catch (err) {
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

function isNoResponder(err: unknown): boolean {
  return err instanceof DomainError && err.code === ErrorCode.Unavailable && !err.details?.['transient'];
}
