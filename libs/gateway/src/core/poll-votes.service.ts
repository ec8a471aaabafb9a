import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { MessageRepository } from '@zapgate/storage';
import { parseStoredMessage, storedPollVotes, type StoredPollVotes } from '@zapgate/whatsapp';
import { InstanceRegistry } from './instance-registry.js';

/** A stored poll with the votes its instance decrypted (the shard keeps them on the poll). */
export interface PollVotes extends StoredPollVotes {
  id: string;
  chat: string;
  fromMe: boolean;
}

/**
 * Poll votes, the same for both dialects: answered from the message store, where the shard keeps
 * each voter's latest decrypted vote on the poll message (no round trip to WhatsApp).
 */
@Injectable()
export class PollVotesService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly messages: MessageRepository,
  ) {}

  /**
   * A poll's votes: instance_not_found, message_not_found (not in the store, or in another chat
   * than `chat`), validation_failed when the message is not a poll. `me` names the instance's own votes.
   */
  async votes(instance: string, id: string, chat: string | undefined, me: string): Promise<PollVotes> {
    await this.registry.get(instance);
    const stored = await this.messages.get(instance, id, chat);
    if (!stored)
      throw new DomainError(
        ErrorCode.MessageNotFound,
        `message ${id} not found: it was never seen by this instance, or is past its retention`,
        { id },
      );
    const votes = storedPollVotes(parseStoredMessage(stored.raw), me);
    if (!votes) throw new DomainError(ErrorCode.ValidationFailed, `message ${id} is not a poll`, { id });
    return { ...votes, id: stored.id, chat: stored.chat, fromMe: stored.fromMe };
  }
}
