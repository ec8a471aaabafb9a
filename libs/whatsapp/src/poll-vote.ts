import { createHash } from 'node:crypto';
import {
  decryptPollVote,
  getAggregateVotesInPollMessage,
  jidNormalizedUser,
  normalizeMessageContent,
  type proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { PollOptionTally, ReceivedPoll, ReceivedReply } from '@zapgate/contracts';

/** A poll creation message's question and options (any version); undefined for other messages. */
export function pollOfMessage(message: proto.IMessage | null | undefined): ReceivedPoll | undefined {
  const content = normalizeMessageContent(message);
  const poll =
    content?.pollCreationMessage ?? content?.pollCreationMessageV2 ?? content?.pollCreationMessageV3;
  if (!poll) return undefined;
  return {
    name: poll.name ?? '',
    options: (poll.options ?? []).map((o) => o.optionName ?? ''),
    selectableCount: poll.selectableOptionsCount ?? 0,
  };
}

/** What WhatsApp puts in a vote for an option: the SHA-256 of its name. */
export const pollOptionHash = (name: string): Buffer => createHash('sha256').update(name).digest();

/** The option names a decrypted vote picked (hashes no option has are left out). */
export function selectedOptionNames(poll: ReceivedPoll, vote: proto.Message.IPollVoteMessage): string[] {
  const byHash = new Map(poll.options.map((name) => [pollOptionHash(name).toString('hex'), name]));
  return (vote.selectedOptions ?? []).flatMap((h) => {
    const name = byHash.get(Buffer.from(h).toString('hex'));
    return name === undefined ? [] : [name];
  });
}

/**
 * Decrypts a poll vote with the poll's `messageSecret`. The key binds the poll's id, its
 * creator's jid and the voter's jid, which WhatsApp may write as a phone number or a LID: every
 * pair of the given forms is tried (AES-GCM tells a wrong one); undefined when none opens it.
 */
export function decryptVote(
  vote: proto.Message.IPollEncValue,
  context: { pollId: string; secret: Uint8Array; creators: string[]; voters: string[] },
): proto.Message.PollVoteMessage | undefined {
  if (!vote.encPayload?.length || !vote.encIv?.length) return undefined;
  const forms = (jids: string[]) => [...new Set(jids.filter(Boolean).map((j) => jidNormalizedUser(j)))];
  for (const pollCreatorJid of forms(context.creators))
    for (const voterJid of forms(context.voters)) {
      try {
        return decryptPollVote(vote, {
          pollCreatorJid,
          voterJid,
          pollMsgId: context.pollId,
          pollEncKey: context.secret,
        });
      } catch {
        // another addressing form
      }
    }
  return undefined;
}

/**
 * Every option of a poll with its voters, from the poll creation message and the votes kept with
 * it (`WebMessageInfo.pollUpdates`, one per voter, the latest); `meId` names the instance's own votes.
 */
export function tallyPoll(
  message: proto.IMessage | null | undefined,
  pollUpdates: proto.IPollUpdate[] | null | undefined,
  meId: string,
): PollOptionTally[] {
  return getAggregateVotesInPollMessage(
    { message: normalizeMessageContent(message), pollUpdates: pollUpdates ?? [] },
    meId,
  ).map(({ name, voters }) => {
    const unique = [...new Set(voters.map((v) => jidNormalizedUser(v)))];
    return { name, votes: unique.length, voters: unique };
  });
}

/**
 * What a contact picked in a list, buttons, template or interactive (native flow) message;
 * undefined for other messages.
 */
export function replyOfMessage(message: proto.IMessage | null | undefined): ReceivedReply | undefined {
  const content = normalizeMessageContent(message);
  if (!content) return undefined;
  const reply = (
    kind: ReceivedReply['kind'],
    id: string | null | undefined,
    title: string | null | undefined,
    context: proto.IContextInfo | null | undefined,
  ): ReceivedReply => ({
    kind,
    ...(id ? { id } : {}),
    ...(title ? { title } : {}),
    ...(context?.stanzaId ? { to: context.stanzaId } : {}),
  });
  const list = content.listResponseMessage;
  if (list) return reply('list', list.singleSelectReply?.selectedRowId, list.title, list.contextInfo);
  const buttons = content.buttonsResponseMessage;
  if (buttons)
    return reply('buttons', buttons.selectedButtonId, buttons.selectedDisplayText, buttons.contextInfo);
  const template = content.templateButtonReplyMessage;
  if (template)
    return reply('template', template.selectedId, template.selectedDisplayText, template.contextInfo);
  const interactive = content.interactiveResponseMessage;
  if (interactive) {
    let id: string | undefined;
    try {
      const params = JSON.parse(interactive.nativeFlowResponseMessage?.paramsJson ?? '{}') as {
        id?: unknown;
      };
      if (typeof params.id === 'string') id = params.id;
    } catch {
      // a flow answer without JSON params: no id
    }
    return reply('interactive', id, interactive.body?.text, interactive.contextInfo);
  }
  return undefined;
}

/** A stored poll's votes, as `votes` routes answer them. */
export interface StoredPollVotes {
  poll: ReceivedPoll;
  /** One per voter (the latest), in the order they came. */
  votes: { voter: string; fromMe: boolean; selectedOptions: string[]; timestampMs?: number }[];
  tally: PollOptionTally[];
}

/**
 * The votes kept with a stored poll (the message store's `raw`); undefined when the message is
 * not a poll. `me` is the instance's jid (its own votes' voter).
 */
export function storedPollVotes(message: WAMessage, me: string): StoredPollVotes | undefined {
  const poll = pollOfMessage(message.message);
  if (!poll) return undefined;
  const updates = message.pollUpdates ?? [];
  return {
    poll,
    votes: updates.flatMap((u) => {
      const key = u.pollUpdateMessageKey;
      if (!key || !u.vote) return [];
      const t = u.senderTimestampMs;
      return [
        {
          voter: jidNormalizedUser(key.fromMe ? me : key.participant || key.remoteJid || ''),
          fromMe: !!key.fromMe,
          selectedOptions: selectedOptionNames(poll, u.vote),
          ...(t !== null && t !== undefined ? { timestampMs: Number(t.toString()) } : {}),
        },
      ];
    }),
    tally: tallyPoll(message.message, updates, me),
  };
}
