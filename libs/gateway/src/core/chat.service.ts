import { Injectable } from '@nestjs/common';
import type {
  ChatInfo,
  ContactInfo,
  ListChatsCommand,
  ModifyChatCommand,
  PresenceInfo,
  ProfileStatus,
} from '@zapgate/contracts';
import { MessageRepository, type StoredMessage } from '@zapgate/storage';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/** The most unread messages listed per chat (WhatsApp keeps the count; the store has the messages). */
const MAX_UNREAD_PER_CHAT = 100;

/**
 * Chats, contacts, the blocklist and the profile, the same for both dialects. Reads are answered
 * by the shard that owns the instance from its chat store; changes go through WhatsApp there
 * (not_implemented where WhatsApp needs app state the session does not have).
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly messages: MessageRepository,
  ) {}

  async list(command: ListChatsCommand): Promise<ChatInfo[]> {
    await this.registry.get(command.instance);
    return this.client.send('list-chats', command);
  }

  async get(instance: string, chat: string): Promise<ChatInfo> {
    await this.registry.get(instance);
    return this.client.send('get-chat', { instance, chat });
  }

  async modify(command: ModifyChatCommand): Promise<ChatInfo> {
    await this.registry.get(command.instance);
    return this.client.send('modify-chat', command);
  }

  async contacts(instance: string): Promise<ContactInfo[]> {
    await this.registry.get(instance);
    return this.client.send('list-contacts', { instance });
  }

  async contact(instance: string, contact: string): Promise<ContactInfo> {
    await this.registry.get(instance);
    return this.client.send('get-contact', { instance, contact });
  }

  async blocklist(instance: string): Promise<string[]> {
    await this.registry.get(instance);
    return (await this.client.send('get-blocklist', { instance })).jids;
  }

  async block(instance: string, contact: string, block: boolean): Promise<string[]> {
    await this.registry.get(instance);
    return (await this.client.send('block-contact', { instance, contact, block })).jids;
  }

  async profilePicture(instance: string, jid: string, preview = false): Promise<string | undefined> {
    await this.registry.get(instance);
    return (await this.client.send('get-profile-picture', { instance, jid, preview })).url;
  }

  async profileStatus(instance: string, jid: string): Promise<ProfileStatus> {
    await this.registry.get(instance);
    return this.client.send('get-profile-status', { instance, jid });
  }

  async setProfileStatus(instance: string, status: string): Promise<void> {
    await this.registry.get(instance);
    await this.client.send('set-profile-status', { instance, status });
  }

  /** Asks WhatsApp for each user's presence updates (`presence-updated` events follow). */
  async subscribePresence(instance: string, chats: readonly string[]): Promise<void> {
    await this.registry.get(instance);
    for (const chat of chats) await this.client.send('subscribe-presence', { instance, chat });
  }

  /** Rejects a call offered to the instance (the caller sees it rejected). */
  async rejectCall(instance: string, callId: string): Promise<void> {
    await this.registry.get(instance);
    await this.client.send('reject-call', { instance, callId });
  }

  /** The latest presence the instance's session saw of a user. */
  async presence(instance: string, chat: string): Promise<PresenceInfo> {
    await this.registry.get(instance);
    return this.client.send('get-presence', { instance, chat });
  }

  async setProfileName(instance: string, name: string): Promise<void> {
    await this.registry.get(instance);
    await this.client.send('set-profile-name', { instance, name });
  }

  /**
   * The unread messages of every chat with some: each chat's newest `unreadCount` received
   * messages from the message store (at most 100 per chat), oldest first per chat.
   */
  async unreadMessages(instance: string): Promise<StoredMessage[]> {
    const chats = await this.list({ instance, unreadOnly: true, limit: 1_000 });
    const out: StoredMessage[] = [];
    for (const chat of chats) {
      const found = await this.messages.list(instance, {
        chat: chat.id,
        fromMe: false,
        limit: Math.min(chat.unreadCount, MAX_UNREAD_PER_CHAT),
      });
      out.push(...found.reverse());
    }
    return out;
  }

  /** A chat's messages from the message store, oldest first (the newest `limit`). */
  async chatMessages(
    instance: string,
    chat: string,
    limit: number,
    includeMe = true,
  ): Promise<StoredMessage[]> {
    await this.registry.get(instance);
    const found = await this.messages.list(instance, {
      chat,
      limit,
      ...(includeMe ? {} : { fromMe: false }),
    });
    return found.reverse();
  }
}
