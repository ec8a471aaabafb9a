import { Injectable, Optional } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type NumberCheck,
  type SendMessageCommand,
  type SentMessage,
} from '@zapgate/contracts';
import { BulkPacer } from './bulk-pacer.js';
import { GatewaySettings } from './gateway-settings.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/** One recipient of a send to many: the message sent, or why not. */
export type BulkSendResult =
  { to: string; ok: true; sent: SentMessage } | { to: string; ok: false; error: DomainError };

/**
 * Messages, the same for both dialects: a dialect translates its request into the canonical
 * `send-message` command and renders the result. The shard that owns the instance checks the
 * recipient (a number without WhatsApp, a group the account is not in) and sends.
 */
@Injectable()
export class MessagingService {
  private readonly pacer: BulkPacer;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    @Optional() settings?: GatewaySettings,
    @Optional() pacer?: BulkPacer,
  ) {
    this.pacer = pacer ?? new BulkPacer(settings?.bulkDelayMs ?? 1000, settings?.bulkJitter ?? 0.3);
  }

  /** instance_not_found unless the instance exists (before work done for it, such as taking a file in). */
  async requireInstance(instance: string): Promise<void> {
    await this.registry.get(instance);
  }

  /** Sends one message; instance_not_found when there is no such instance. */
  async send(command: SendMessageCommand): Promise<SentMessage> {
    await this.registry.get(command.instance);
    return this.client.send('send-message', command);
  }

  /**
   * Sends messages of one instance to many recipients, one after the other, paced per instance
   * (see BulkPacer). Each recipient's result comes back, in order: a refusal of one (a number
   * without WhatsApp, a timeout) does not stop the others. Only an unknown instance refuses the
   * whole, before anything is sent.
   */
  async sendToMany(commands: readonly SendMessageCommand[]): Promise<BulkSendResult[]> {
    const instances = new Set(commands.map((c) => c.instance));
    if (instances.size > 1) throw new Error('sendToMany: commands of one instance only');
    for (const instance of instances) await this.registry.get(instance);
    return Promise.all(
      commands.map((command) =>
        this.pacer.run(command.instance, async (): Promise<BulkSendResult> => {
          try {
            return { to: command.to, ok: true, sent: await this.client.send('send-message', command) };
          } catch (err) {
            return { to: command.to, ok: false, error: asDomainError(err) };
          }
        }),
      ),
    );
  }

  /** Whether each number (digits) has WhatsApp, and its jid when it does. */
  async checkNumbers(instance: string, numbers: string[]): Promise<NumberCheck[]> {
    await this.registry.get(instance);
    return this.client.send('check-numbers', { instance, numbers });
  }
}

/** A failure as one recipient's result: domain errors as they are, anything else as internal (no details). */
function asDomainError(err: unknown): DomainError {
  return err instanceof DomainError
    ? err
    : new DomainError(ErrorCode.Internal, 'the message could not be sent');
}
