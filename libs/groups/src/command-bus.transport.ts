import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { CommandBus, Subscription } from '@zapgate/transport';
import { lastValueFrom } from 'rxjs';

/** The context a handler gets: the subject the request came on. */
export class CommandBusContext extends BaseRpcContext<[string]> {
  getSubject(): string {
    return this.args[0];
  }
}

/**
 * A Nest microservice transport over zapgate's `CommandBus` port: each `@MessagePattern(subject)`
 * handler is served on the bus in one queue group, so NATS (`NatsCommandBus`, distributed) and the
 * in-memory bus (standalone) run the same handlers, and callers speak the bus's reply envelope
 * (`{ok, result}` / `{ok: false, error: {code, message, details}}`), the one every zapgate
 * service speaks: a handler's DomainError reaches the caller as the same DomainError (the
 * handlers' filter rethrows it untouched; see `RethrowRpcFilter`).
 */
export class CommandBusServer extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly bus: CommandBus,
    private readonly queue: string,
  ) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      for (const [pattern, handler] of this.getHandlers()) {
        if (handler.isEventHandler) continue;
        this.subscriptions.push(
          await this.bus.serve(
            pattern,
            async (payload, subject) => {
              const result = await handler(payload, new CommandBusContext([subject]));
              return lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
            },
            { queue: this.queue },
          ),
        );
      }
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    const subs = this.subscriptions.splice(0);
    await Promise.all(subs.map((s) => s.unsubscribe()));
  }

  on(): void {
    // the bus reports no transport events of its own
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
