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

/** How long a caller is told to wait before retrying while NATS is unreachable. */
const RECONNECT_RETRY_AFTER_S = 2;

/** The error of a request made (or in flight) while the connection to NATS is down. */
export function busUnreachable(subject: string): DomainError {
  return new DomainError(
    ErrorCode.Unavailable,
    `the message bus (NATS) is unreachable, reconnecting; ${subject} was not delivered`,
    { retryAfterSeconds: RECONNECT_RETRY_AFTER_S, transient: 'bus-unreachable' },
  );
}

/**
 * Core NATS request/reply; replies carry the `Reply` envelope as JSON. While the connection is
 * down (the client reconnecting), a request fails at once with `unavailable`, and those in flight
 * when it dropped fail too: the caller gets a retryable answer instead of waiting for its
 * timeout. Once the client has reconnected, requests go through again.
 */
export class NatsCommandBus extends CommandBus {
  private connected = true;
  private readonly inFlight = new Set<() => void>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly onUnexpected: (err: unknown) => void = () => undefined,
  ) {
    super();
    void this.watch().catch(onUnexpected);
  }

  /** Whether the connection to NATS is up now. */
  get isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  private async watch(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect' || s.type === 'close') {
        this.connected = false;
        for (const fail of [...this.inFlight]) fail();
        this.inFlight.clear();
      } else if (s.type === 'reconnect') this.connected = true;
    }
  }

  async request<Res, Req>(subject: string, payload: Req, options: RequestOptions = {}): Promise<Res> {
    const timeout = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!this.isConnected) throw busUnreachable(subject);
    let fail: (() => void) | undefined;
    const dropped = new Promise<never>((_, reject) => {
      fail = () => reject(busUnreachable(subject));
    });
    this.inFlight.add(fail!);
    try {
      const msg = await Promise.race([
        this.nc.request(subject, JSON.stringify(payload ?? null), { timeout }),
        dropped,
      ]);
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
    } finally {
      this.inFlight.delete(fail!);
      // the request's own promise may still reject (its timeout) after the connection dropped
      dropped.catch(() => undefined);
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
        // while reconnecting a flush waits for the server: the subscription is gone locally (and
        // not restored on reconnect) already
        if (this.isConnected) await this.nc.flush();
      },
    };
  }
}
