import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type MediaReference,
  type MessageActionResult,
  type SentMessage,
  type SetDisappearingCommand,
  type StatusContent,
} from '@zapgate/contracts';
import { MediaStore } from '@zapgate/media';
import { MessageRepository, type MessageCursor, type StoredMessage } from '@zapgate/storage';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/** How many pages of the message store (500 messages each, newest first) a status's audience is read from. */
const AUDIENCE_PAGES = 10;
/** How many messages after a message are read for its reactions. */
const REACTIONS_WINDOW = 500;
const USER_CHAT = /^[0-9]+@(s\.whatsapp\.net|lid)$/;

/** One sender's current reaction on a message (the latest one; removed reactions are left out). */
export interface MessageReactionEntry {
  /** The reaction message's id. */
  id: string;
  /** Who reacted (the instance's own jid when `fromMe`). */
  sender: string;
  fromMe: boolean;
  emoji: string;
  /** When it was reacted, ms since epoch. */
  timestamp: number;
}

/** The reactions on a stored message. */
export interface MessageReactions {
  id: string;
  chat: string;
  fromMe: boolean;
  reactions: MessageReactionEntry[];
}

interface RawReaction {
  key?: { fromMe?: boolean; participant?: string; remoteJid?: string; id?: string };
  messageTimestamp?: number;
  message?: {
    reactionMessage?: { key?: { id?: string }; text?: string; senderTimestampMs?: number | string };
  };
}

/**
 * Status posts (stories), disappearing messages and the reactions on a message, the same for both
 * dialects. A status goes to the instance's contacts: the people it exchanged messages with in
 * its message store (1:1 chats, newest first); none is a 400, as WhatsApp would deliver the post
 * to nobody. Reactions are read from the message store (every reaction the instance sent or
 * received is kept there as a message of the chat).
 */
@Injectable()
export class StatusActionService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly messages: MessageRepository,
    private readonly store: MediaStore,
  ) {}

  /** Posts a status to the instance's contacts (the message store's 1:1 chats). */
  async post(instance: string, content: StatusContent): Promise<SentMessage> {
    await this.registry.get(instance);
    const recipients = await this.audience(instance);
    return this.client.send('post-status', { instance, content, recipients });
  }

  /**
   * Posts an image or video status: `take` brings the file into the media store; the file is
   * deleted afterwards, posted or not.
   */
  async postMedia(
    instance: string,
    take: () => Promise<MediaReference>,
    build: (media: MediaReference) => StatusContent,
    upload?: MediaReference,
  ): Promise<SentMessage> {
    const stored = new Set<string>(upload ? [upload.id] : []);
    try {
      await this.registry.get(instance);
      const media = await take();
      stored.add(media.id);
      const recipients = await this.audience(instance);
      return await this.client.send('post-status', { instance, content: build(media), recipients });
    } finally {
      await Promise.all([...stored].map((id) => this.store.delete({ id }).catch(() => undefined)));
    }
  }

  /**
   * The contacts a status goes to: the distinct 1:1 chats of the instance's message store, the
   * most recent first (up to AUDIENCE_PAGES pages of messages); validation_failed when it has none.
   */
  async audience(instance: string): Promise<string[]> {
    const chats = new Set<string>();
    let before: MessageCursor | undefined;
    for (let page = 0; page < AUDIENCE_PAGES; page++) {
      const batch = await this.messages.list(instance, { limit: 500, ...(before ? { before } : {}) });
      for (const m of batch) if (USER_CHAT.test(m.chat)) chats.add(m.chat);
      if (batch.length < 500) break;
      const last = batch.at(-1)!;
      before = { timestamp: last.timestamp, id: last.id };
    }
    if (!chats.size)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'no contacts to post the status to: a status goes to the contacts this session exchanged messages with, and its message store has none yet',
      );
    return [...chats];
  }

  /** Disappearing messages on (seconds) or off (0) in a chat. */
  async setDisappearing(command: SetDisappearingCommand): Promise<{ chat: string; seconds: number }> {
    await this.registry.get(command.instance);
    return this.client.send('set-disappearing', command);
  }

  /**
   * The reactions on a stored message (message_not_found when the store does not have it): each
   * sender's latest reaction among the messages after it in its chat, a removed one left out.
   */
  async reactions(instance: string, id: string, chat?: string, me?: string): Promise<MessageReactions> {
    await this.registry.get(instance);
    const target = await this.target(instance, id, chat);
    const after = await this.messages.list(instance, {
      chat: target.chat,
      after: target.timestamp - 1,
      limit: REACTIONS_WINDOW,
    });
    const latest = new Map<string, MessageReactionEntry>();
    for (const m of after) {
      if (m.kind !== 'reaction') continue;
      const entry = reactionOf(m, id, me);
      if (!entry) continue;
      const seen = latest.get(entry.sender);
      if (!seen || seen.timestamp < entry.timestamp) latest.set(entry.sender, entry);
    }
    return {
      id: target.id,
      chat: target.chat,
      fromMe: target.fromMe,
      reactions: [...latest.values()].filter((r) => r.emoji !== '').sort((a, b) => a.timestamp - b.timestamp),
    };
  }

  /**
   * Stars (or unstars) a message: message_not_found for a message the store does not have;
   * otherwise the session's `star-message`, a WhatsApp app-state patch (Baileys `chatModify` star)
   * synced to the account's other devices (not_implemented when the session has not received the
   * app-state key its phone shares).
   */
  async star(
    instance: string,
    id: string,
    chat: string | undefined,
    star: boolean,
  ): Promise<MessageActionResult> {
    await this.registry.get(instance);
    const target = await this.target(instance, id, chat);
    return this.client.send('star-message', { instance, id: target.id, chat: target.chat, star });
  }

  /** Something WhatsApp (or Baileys) cannot do: not_implemented with the reason, once the instance is known. */
  async unsupported(instance: string, reason: string): Promise<never> {
    await this.registry.get(instance);
    throw new DomainError(ErrorCode.NotImplemented, reason);
  }

  private async target(instance: string, id: string, chat?: string): Promise<StoredMessage> {
    const found =
      (chat ? await this.messages.get(instance, id, chat) : undefined) ??
      (chat ? undefined : await this.messages.get(instance, id));
    if (!found)
      throw new DomainError(
        ErrorCode.MessageNotFound,
        `message ${id} not found${chat ? ` in ${chat}` : ''}: it was never seen by this instance, or is past its retention`,
        { id, ...(chat ? { chat } : {}) },
      );
    return found;
  }
}

/** A stored reaction message, when it reacts to `target`. */
function reactionOf(m: StoredMessage, target: string, me?: string): MessageReactionEntry | undefined {
  let raw: RawReaction;
  try {
    raw = JSON.parse(m.raw) as RawReaction;
  } catch {
    return undefined;
  }
  const reaction = raw.message?.reactionMessage;
  if (reaction?.key?.id !== target) return undefined;
  const fromMe = !!raw.key?.fromMe;
  const sender = fromMe ? (me ?? 'me') : m.sender || raw.key?.participant || m.chat;
  const ms = Number(reaction.senderTimestampMs);
  return {
    id: m.id,
    sender: sender.replace(/:\d+@/, '@'),
    fromMe,
    emoji: reaction.text ?? '',
    timestamp: Number.isFinite(ms) && ms > 0 ? ms : m.timestamp,
  };
}
