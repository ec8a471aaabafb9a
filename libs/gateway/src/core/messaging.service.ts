import { Injectable } from '@nestjs/common';
import { type NumberCheck, type SendMessageCommand, type SentMessage } from '@zapgate/contracts';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/**
 * Messages, the same for both dialects: a dialect translates its request into the canonical
 * `send-message` command and renders the result. The shard that owns the instance checks the
 * recipient (a number without WhatsApp, a group the account is not in) and sends. Sends to many
 * recipients are BulkSendService's (paced, durable).
 */
@Injectable()
export class MessagingService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
  ) {}

  /** instance_not_found unless the instance exists (before work done for it, such as taking a file in). */
  async requireInstance(instance: string): Promise<void> {
    await this.registry.get(instance);
  }

  /** Sends one message; instance_not_found when there is no such instance. */
  async send(command: SendMessageCommand): Promise<SentMessage> {
    await this.registry.get(command.instance);
    return this.client.send('send-message', command);
  }

  /** Whether each number (digits) has WhatsApp, and its jid when it does. */
  async checkNumbers(instance: string, numbers: string[]): Promise<NumberCheck[]> {
    await this.registry.get(instance);
    return this.client.send('check-numbers', { instance, numbers });
  }
}
