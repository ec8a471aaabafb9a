import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { buildMessageContent } from './message-content.builder.js';
import { normalizeMessage } from './normalize.js';
import {
  decryptVote,
  pollOfMessage,
  replyOfMessage,
  selectedOptionNames,
  storedPollVotes,
  tallyPoll,
} from './poll-vote.js';

const SHOP = '5511960000001@s.whatsapp.net';
const SHOP_LID = '111111111111111@lid';
const ANA = '5511960000002@s.whatsapp.net';
const ANA_LID = '222222222222222@lid';
const SECRET = Buffer.alloc(32, 9);
const POLL_ID = '3EB0C767D26A1D8E2B5F';
const OPTIONS = ['Monday', 'Tuesday', 'Friday'];

/** A vote encrypted as a WhatsApp client does (the simulator's phones do the same). */
function encrypt(options: string[], creator: string, voter: string, secret = SECRET) {
  const plaintext = proto.Message.PollVoteMessage.encode({
    selectedOptions: options.map((o) => createHash('sha256').update(o).digest()),
  }).finish();
  const sign = Buffer.concat([
    Buffer.from(POLL_ID),
    Buffer.from(creator),
    Buffer.from(voter),
    Buffer.from('Poll Vote'),
    Buffer.from([1]),
  ]);
  const key0 = createHmac('sha256', Buffer.alloc(32)).update(secret).digest();
  const key = createHmac('sha256', key0).update(sign).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${POLL_ID}\u0000${voter}`));
  return {
    encPayload: Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]),
    encIv: iv,
  };
}

const pollMessage: proto.IMessage = {
  messageContextInfo: { messageSecret: SECRET },
  pollCreationMessageV3: {
    name: 'Which day?',
    options: OPTIONS.map((optionName) => ({ optionName })),
    selectableOptionsCount: 1,
  },
};

describe('poll content', () => {
  it('a poll content is Baileys `poll` (any number when selectableCount is absent)', () => {
    expect(
      buildMessageContent({ kind: 'poll', name: 'Which day?', options: OPTIONS, selectableCount: 1 }),
    ).toEqual({ poll: { name: 'Which day?', values: OPTIONS, selectableCount: 1 } });
    expect(buildMessageContent({ kind: 'poll', name: 'Q', options: ['a', 'b'] })).toEqual({
      poll: { name: 'Q', values: ['a', 'b'], selectableCount: 0 },
    });
  });

  it('reads a poll of any version; other messages have none', () => {
    expect(pollOfMessage(pollMessage)).toEqual({ name: 'Which day?', options: OPTIONS, selectableCount: 1 });
    expect(
      pollOfMessage({
        pollCreationMessage: { name: 'Q', options: [{ optionName: 'a' }, { optionName: 'b' }] },
      }),
    ).toEqual({ name: 'Q', options: ['a', 'b'], selectableCount: 0 });
    expect(pollOfMessage({ conversation: 'hi' })).toBeUndefined();
  });
});

describe(decryptVote.name, () => {
  const context = { pollId: POLL_ID, secret: SECRET, creators: [SHOP, SHOP_LID], voters: [ANA, ANA_LID] };

  it('opens a vote whichever addressing form (PN or LID) the voter and creator used', () => {
    for (const [creator, voter] of [
      [SHOP, ANA],
      [SHOP_LID, ANA_LID],
      [SHOP, ANA_LID],
    ] as const) {
      const vote = decryptVote(encrypt(['Tuesday'], creator, voter), context);
      expect(vote && selectedOptionNames(pollOfMessage(pollMessage)!, vote)).toEqual(['Tuesday']);
    }
  });

  it('does not open a vote made with another secret, for another voter, or without payload', () => {
    expect(decryptVote(encrypt(['Monday'], SHOP, ANA, Buffer.alloc(32, 1)), context)).toBeUndefined();
    expect(decryptVote(encrypt(['Monday'], SHOP, '5511960000009@s.whatsapp.net'), context)).toBeUndefined();
    expect(decryptVote({}, context)).toBeUndefined();
  });

  it('names the picked options; hashes of no option are left out', () => {
    const poll = pollOfMessage(pollMessage)!;
    const hash = (o: string) => createHash('sha256').update(o).digest();
    expect(selectedOptionNames(poll, { selectedOptions: [hash('Friday'), hash('Monday')] })).toEqual([
      'Friday',
      'Monday',
    ]);
    expect(selectedOptionNames(poll, { selectedOptions: [hash('Sunday')] })).toEqual([]);
  });
});

describe('poll tally', () => {
  const hash = (o: string) => createHash('sha256').update(o).digest();
  const update = (voter: string, options: string[], fromMe = false): proto.IPollUpdate => ({
    pollUpdateMessageKey: { remoteJid: voter, fromMe, id: `V-${voter}` },
    vote: { selectedOptions: options.map(hash) },
    senderTimestampMs: 1795404220123,
  });

  it('counts each option with its voters, the instance as `me`', () => {
    expect(tallyPoll(pollMessage, [update(ANA, ['Tuesday']), update(ANA, [], true)], SHOP)).toEqual([
      { name: 'Monday', votes: 0, voters: [] },
      { name: 'Tuesday', votes: 1, voters: [ANA] },
      { name: 'Friday', votes: 0, voters: [] },
    ]);
    expect(
      tallyPoll(pollMessage, [update(ANA, ['Monday']), update(SHOP, ['Monday'], true)], SHOP)[0],
    ).toEqual({ name: 'Monday', votes: 2, voters: [ANA, SHOP] });
  });

  it('reads the votes kept on a stored poll; a message that is no poll has none', () => {
    const stored = {
      key: { remoteJid: ANA, fromMe: true, id: POLL_ID },
      message: pollMessage,
      pollUpdates: [update(ANA, ['Friday'])],
    } as WAMessage;
    expect(storedPollVotes(stored, SHOP)).toEqual({
      poll: { name: 'Which day?', options: OPTIONS, selectableCount: 1 },
      votes: [{ voter: ANA, fromMe: false, selectedOptions: ['Friday'], timestampMs: 1795404220123 }],
      tally: [
        { name: 'Monday', votes: 0, voters: [] },
        { name: 'Tuesday', votes: 0, voters: [] },
        { name: 'Friday', votes: 1, voters: [ANA] },
      ],
    });
    expect(storedPollVotes({ ...stored, message: { conversation: 'hi' } }, SHOP)).toBeUndefined();
  });
});

describe(replyOfMessage.name, () => {
  const contextInfo = { stanzaId: 'ASKED-1' };

  it('reads list, buttons, template and interactive answers', () => {
    expect(
      replyOfMessage({
        listResponseMessage: { title: 'Pizza', singleSelectReply: { selectedRowId: 'pizza' }, contextInfo },
      }),
    ).toEqual({ kind: 'list', id: 'pizza', title: 'Pizza', to: 'ASKED-1' });
    expect(
      replyOfMessage({ buttonsResponseMessage: { selectedButtonId: 'yes', selectedDisplayText: 'Yes' } }),
    ).toEqual({ kind: 'buttons', id: 'yes', title: 'Yes' });
    expect(
      replyOfMessage({
        templateButtonReplyMessage: { selectedId: 'site', selectedDisplayText: 'Site', contextInfo },
      }),
    ).toEqual({ kind: 'template', id: 'site', title: 'Site', to: 'ASKED-1' });
    expect(
      replyOfMessage({
        interactiveResponseMessage: {
          body: { text: 'Second' },
          nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"opt-2"}' },
        },
      }),
    ).toEqual({ kind: 'interactive', id: 'opt-2', title: 'Second' });
    expect(
      replyOfMessage({
        interactiveResponseMessage: { nativeFlowResponseMessage: { paramsJson: 'not json' } },
      }),
    ).toEqual({ kind: 'interactive' });
    expect(replyOfMessage({ conversation: 'hi' })).toBeUndefined();
  });

  it('message-received carries the reply (its text the title) and the poll; votes are no messages', () => {
    const base = { key: { remoteJid: ANA, fromMe: false, id: 'R1' }, messageTimestamp: 1795404220 };
    expect(
      normalizeMessage(
        {
          ...base,
          message: { listResponseMessage: { title: 'Pizza', singleSelectReply: { selectedRowId: 'pizza' } } },
        },
        'notify',
      ),
    ).toMatchObject({ type: 'listResponseMessage', text: 'Pizza', reply: { kind: 'list', id: 'pizza' } });
    expect(normalizeMessage({ ...base, message: pollMessage }, 'notify')).toMatchObject({
      type: 'pollCreationMessageV3',
      poll: { name: 'Which day?', options: OPTIONS, selectableCount: 1 },
    });
    expect(
      normalizeMessage(
        {
          ...base,
          message: {
            pollUpdateMessage: {
              pollCreationMessageKey: { id: POLL_ID },
              vote: encrypt(['Monday'], SHOP, ANA),
            },
          },
        },
        'notify',
      ),
    ).toBeUndefined();
  });
});
