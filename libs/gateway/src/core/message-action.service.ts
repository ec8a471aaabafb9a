import { Injectable } from '@nestjs/common';
import type {
  DeleteMessageCommand,
  EditMessageCommand,
  MessageActionResult,
  ReactMessageCommand,
  ReadMessagesCommand,
  SendPresenceCommand,
} from '@zapgate/contracts';
import { MessageRepository } from '@zapgate/storage';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/** How many of a chat's latest received messages "mark the chat seen" sends read receipts for. */
const SEEN_LATEST = 20;

/**
 * Actions on messages and chats, the same for both dialects: reactions, edits, deletions, read
 * receipts and presence. The shard that owns the instance finds the message in the message store
 * (message_not_found, or validation_failed for a message of another chat or someone else's edit).
 */
@Injectable()
export class MessageActionService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly messages: MessageRepository,
  ) {}

  async react(command: ReactMessageCommand): Promise<MessageActionResult> {
    await this.registry.get(command.instance);
    return this.client.send('react-message', command);
  }

  async edit(command: EditMessageCommand): Promise<MessageActionResult> {
    await this.registry.get(command.instance);
    return this.client.send('edit-message', command);
  }

  async delete(command: DeleteMessageCommand): Promise<MessageActionResult> {
    await this.registry.get(command.instance);
    return this.client.send('delete-message', command);
  }

  /** Read receipts for the messages the keys name; how many were sent. */
  async read(command: ReadMessagesCommand): Promise<number> {
    await this.registry.get(command.instance);
    return (await this.client.send('read-messages', command)).read;
  }

  /**
   * Marks a chat seen: read receipts for its latest received messages in the message store (none
   * when it has none); how many were sent.
   */
  async readChat(instance: string, chat: string): Promise<number> {
    await this.registry.get(instance);
    const received = await this.messages.list(instance, { chat, fromMe: false, limit: SEEN_LATEST });
    if (!received.length) return 0;
    const keys = received.map((m) => ({
      chat: m.chat,
      id: m.id,
      fromMe: false,
      ...(m.sender && m.sender !== m.chat ? { participant: m.sender } : {}),
    }));
    return (await this.client.send('read-messages', { instance, keys })).read;
  }

  async presence(command: SendPresenceCommand): Promise<void> {
    await this.registry.get(command.instance);
    await this.client.send('send-presence', command);
  }
}
