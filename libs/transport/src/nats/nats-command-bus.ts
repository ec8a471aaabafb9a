import { DomainError, ErrorCode, type Reply } from '@zapgate/contracts';
import { errors, type NatsConnection } from '@nats-io/transport-node';
import {
  CommandBus,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type CommandHandler,
  type RequestOptions,
  type ServeOptions,
  type Subscription,
} from '../ports.js';
import { fromReply, toReply } from '../reply.js';

const UNSENDABLE_REPLY: Reply<never> = {
  ok: false,
  error: { code: ErrorCode.Internal, message: 'the service could not send its reply' },
};

/** Core NATS request/reply; replies carry the `Reply` envelope as JSON. */
export class NatsCommandBus extends CommandBus {
  constructor(
    private readonly nc: NatsConnection,
    private readonly onUnexpected: (err: unknown) => void = () => undefined,
  ) {
    super();
  }

  async request<Res, Req>(subject: string, payload: Req, options: RequestOptions = {}): Promise<Res> {
    const timeout = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    try {
      const msg = await this.nc.request(subject, JSON.stringify(payload ?? null), { timeout });
      return fromReply(msg.json<Reply<Res>>());
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (
        err instanceof errors.NoRespondersError ||
        (err instanceof errors.RequestError && err.isNoResponders())
      )
        throw new DomainError(ErrorCode.Unavailable, `no service answers ${subject}`);
      if (err instanceof errors.TimeoutError)
        throw new DomainError(ErrorCode.Timeout, `no reply to ${subject} within ${timeout} ms`);
      throw err;
    }
  }

  async serve<Req, Res>(
    subject: string,
    handler: CommandHandler<Req, Res>,
    options: ServeOptions = {},
  ): Promise<Subscription> {
    const sub = this.nc.subscribe(subject, {
      queue: options.queue,
      callback: (err, msg) => {
        if (err) return this.onUnexpected(err);
        void toReply(() => handler(msg.json<Req>(), msg.subject), this.onUnexpected)
          .then((reply) => {
            try {
              msg.respond(JSON.stringify(reply));
            } catch (err) {
              // e.g. a reply over the server's max_payload: the caller gets an error, not a timeout
              this.onUnexpected(err);
              msg.respond(JSON.stringify(UNSENDABLE_REPLY));
            }
          })
          .catch(this.onUnexpected); // never an unhandled rejection: it would end the process
      },
    });
    // make sure the server registered the subscription before callers rely on it
    await this.nc.flush();
    return {
      unsubscribe: async () => {
        sub.unsubscribe();
        await this.nc.flush();
      },
    };
  }
}
