import {
  DomainError,
  ErrorCode,
  type CommandVerb,
  type InstanceCommands,
  type InstanceStatus,
} from '@zapgate/contracts';
import { MemoryCommandBus } from '@zapgate/transport';
import type { GatewaySettings } from './gateway-settings.js';

type Answer<V extends CommandVerb> = (
  request: InstanceCommands[V]['request'],
) => InstanceCommands[V]['reply'] | Promise<InstanceCommands[V]['reply']>;

/**
 * Test fixture: a shard on the in-memory bus that answers every instance command the way it is
 * told (a verb without an answer fails with not_implemented), and remembers what it was asked.
 */
export class FakeShard {
  readonly bus = new MemoryCommandBus();
  readonly settings: GatewaySettings = {
    adminToken: 'admin',
    secretKey: 'secret',
    commandTimeoutMs: 1_000,
    bodyLimitBytes: 1_000_000,
  };
  /** Every command received, in order, as it came over the bus. */
  readonly received: { verb: string; request: Record<string, unknown> }[] = [];
  private readonly answers = new Map<string, (request: never) => unknown>();

  static async start(): Promise<FakeShard> {
    const shard = new FakeShard();
    await shard.bus.serve<Record<string, unknown>, unknown>('zg.cmd.*.*', async (request, subject) => {
      const verb = subject.split('.').at(-1)!;
      shard.received.push({ verb, request });
      const answer = shard.answers.get(verb);
      if (!answer) throw new DomainError(ErrorCode.NotImplemented, `the fake shard has no answer to ${verb}`);
      return answer(request as never);
    });
    return shard;
  }

  answer<V extends CommandVerb>(verb: V, answer: Answer<V>): this {
    this.answers.set(verb, answer as (request: never) => unknown);
    return this;
  }

  /** Answers get-status (and connect) with this state. */
  state(state: InstanceStatus['state'], extra: Partial<InstanceStatus> = {}): this {
    const status = (r: { instance: string }): InstanceStatus => ({
      instance: r.instance,
      state,
      updatedAt: new Date(0).toISOString(),
      ...extra,
    });
    return this.answer('get-status', status).answer('connect', status);
  }

  verbs(): string[] {
    return this.received.map((r) => r.verb);
  }
}
