import { DomainError, ErrorCode } from '@zapgate/contracts';
import {
  CommandBus,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type CommandHandler,
  type RequestOptions,
  type ServeOptions,
  type Subscription,
} from '../ports.js';
import { fromReply, toReply } from '../reply.js';
import { subjectMatches } from '../subject-match.js';

interface Registration {
  pattern: string;
  queue?: string;
  handler: CommandHandler;
}

/**
 * In-process request/reply with the NATS semantics the services rely on: wildcards, queue groups
 * (one member of a group answers, round robin), first reply wins, `unavailable` when nobody
 * listens, `timeout` when nobody answers in time. Payloads are copied through JSON, as on the wire.
 */
export class MemoryCommandBus extends CommandBus {
  private readonly registrations = new Set<Registration>();
  private readonly turn = new Map<string, number>();

  constructor(private readonly onUnexpected: (err: unknown) => void = () => undefined) {
    super();
  }

  async request<Res, Req>(subject: string, payload: Req, options: RequestOptions = {}): Promise<Res> {
    const handlers = this.pick(subject);
    if (!handlers.length) throw new DomainError(ErrorCode.Unavailable, `no service answers ${subject}`);
    const wire = JSON.stringify(payload ?? null);
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DomainError(ErrorCode.Timeout, `no reply to ${subject} within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const replies = handlers.map((h) =>
        toReply(() => h.handler(JSON.parse(wire), subject), this.onUnexpected),
      );
      const reply = await Promise.race([Promise.any(replies), timeout]);
      return fromReply(JSON.parse(JSON.stringify(reply)));
    } finally {
      clearTimeout(timer);
    }
  }

  async serve<Req, Res>(
    subject: string,
    handler: CommandHandler<Req, Res>,
    options: ServeOptions = {},
  ): Promise<Subscription> {
    const registration: Registration = {
      pattern: subject,
      queue: options.queue,
      handler: handler as CommandHandler,
    };
    this.registrations.add(registration);
    return { unsubscribe: async () => void this.registrations.delete(registration) };
  }

  /** Every plain subscriber, plus one member of each queue group. */
  private pick(subject: string): Registration[] {
    const matching = [...this.registrations].filter((r) => subjectMatches(r.pattern, subject));
    const plain = matching.filter((r) => !r.queue);
    const groups = new Map<string, Registration[]>();
    for (const r of matching.filter((r) => r.queue))
      groups.set(r.queue!, [...(groups.get(r.queue!) ?? []), r]);
    for (const [queue, members] of groups) {
      const n = this.turn.get(queue) ?? 0;
      this.turn.set(queue, n + 1);
      plain.push(members[n % members.length]!);
    }
    return plain;
  }
}
