import {
  DomainError,
  type EventData,
  type EventEnvelope,
  type EventName,
  type WebhookInstance,
} from '@zapgate/contracts';
import { wppPollMessages, wppPollVotesReply } from './wpp-poll-list.command.js';
import type { WppSendPollDto } from './wpp-poll-list.dto.js';
import { renderWppWebhook } from './wpp-webhook.renderer.js';

const instance: WebhookInstance = {
  key: 'store',
  me: { id: '5511970000001@s.whatsapp.net', lid: '111111111111111@lid' },
};
const envelope = <E extends EventName>(event: E, data: EventData[E]): EventEnvelope<E> => ({
  id: 'f6f2b8b0-0000-4000-8000-000000000001',
  instance: 'store',
  event,
  at: '2026-11-23T03:22:00.000Z',
  data,
});
const ANA = '5511970000002@s.whatsapp.net';
const poll = (over: Partial<WppSendPollDto> = {}): WppSendPollDto =>
  ({
    phone: ['5511970000002'],
    name: 'Which day?',
    choices: ['Monday', 'Tuesday'],
    ...over,
  }) as WppSendPollDto;

describe(wppPollMessages.name, () => {
  it('one poll per recipient; selectableCount 1 unless options say otherwise', () => {
    expect(wppPollMessages('store', poll({ phone: ['5511970000002', '5511970000003'] }))).toEqual([
      {
        instance: 'store',
        to: ANA,
        content: { kind: 'poll', name: 'Which day?', options: ['Monday', 'Tuesday'], selectableCount: 1 },
      },
      {
        instance: 'store',
        to: '5511970000003@s.whatsapp.net',
        content: { kind: 'poll', name: 'Which day?', options: ['Monday', 'Tuesday'], selectableCount: 1 },
      },
    ]);
    expect(wppPollMessages('store', poll({ options: { selectableCount: 0 } }))[0]!.content).toMatchObject({
      selectableCount: 0,
    });
  });

  it('refuses choices equal once trimmed, blank ones, and more to pick than there are', () => {
    const refused = (body: WppSendPollDto, message: RegExp) => {
      expect(() => wppPollMessages('store', body)).toThrow(DomainError);
      expect(() => wppPollMessages('store', body)).toThrow(message);
    };
    refused(poll({ choices: ['Monday', 'Monday '] }), /distinct/);
    refused(poll({ choices: ['Monday', '  '] }), /blank/);
    refused(poll({ options: { selectableCount: 3 } }), /selectableCount/);
    refused(poll({ phone: [] }), /phone/);
  });
});

describe('poll votes', () => {
  const vote = (over: Partial<EventData['poll-voted']> = {}): EventData['poll-voted'] => ({
    id: 'VOTE1',
    chat: ANA,
    sender: ANA,
    fromMe: false,
    timestamp: 1795404220,
    target: { id: 'POLL1', fromMe: true },
    selectedOptions: ['Friday'],
    tally: [
      { name: 'Monday', votes: 0, voters: [] },
      { name: 'Tuesday', votes: 0, voters: [] },
      { name: 'Friday', votes: 1, voters: [ANA] },
    ],
    raw: { key: { remoteJid: ANA, fromMe: false, id: 'VOTE1' } },
    ...over,
  });

  it('onpollresponse: the poll key, the options picked at their localId, the time in ms, the voter', () => {
    expect(renderWppWebhook(envelope('poll-voted', vote()), instance)).toEqual([
      {
        event: 'onpollresponse',
        body: {
          event: 'onpollresponse',
          session: 'store',
          msgId: {
            fromMe: true,
            remote: '5511970000002@c.us',
            id: 'POLL1',
            _serialized: 'true_5511970000002@c.us_POLL1',
          },
          chatId: '5511970000002@c.us',
          selectedOptions: [null, null, { name: 'Friday', localId: 2 }],
          timestamp: 1795404220000,
          sender: '5511970000002@c.us',
        },
      },
    ]);
  });

  it('a vote taken back has no options; in groups the poll key names its author', () => {
    const [body] = renderWppWebhook(
      envelope(
        'poll-voted',
        vote({
          chat: '120363042378568057@g.us',
          sender: ANA,
          selectedOptions: [],
          target: { id: 'POLL1', fromMe: false, participant: '5511970000003@s.whatsapp.net' },
        }),
      ),
      instance,
    ).map((w) => w.body);
    expect(body).toMatchObject({
      msgId: {
        fromMe: false,
        remote: '120363042378568057@g.us',
        participant: '5511970000003@c.us',
        _serialized: 'false_120363042378568057@g.us_POLL1_5511970000003@c.us',
      },
      selectedOptions: [],
      sender: '5511970000002@c.us',
    });
  });

  it('votes/{id}: one entry per voter with the options by localId, and the tally', () => {
    expect(
      wppPollVotesReply('store', {
        id: 'POLL1',
        chat: ANA,
        fromMe: true,
        options: ['Monday', 'Tuesday', 'Friday'],
        votes: [{ voter: ANA, selectedOptions: ['Friday', 'Monday'], timestampMs: 1795404220123 }],
        tally: vote().tally,
      }),
    ).toEqual({
      status: 'success',
      response: {
        msgId: {
          fromMe: true,
          remote: '5511970000002@c.us',
          id: 'POLL1',
          _serialized: 'true_5511970000002@c.us_POLL1',
        },
        chatId: '5511970000002@c.us',
        votes: [{ selectedOptions: [2, 0], timestamp: 1795404220123, sender: '5511970000002@c.us' }],
        tally: [
          { name: 'Monday', localId: 0, votes: 0, voters: [] },
          { name: 'Tuesday', localId: 1, votes: 0, voters: [] },
          { name: 'Friday', localId: 2, votes: 1, voters: ['5511970000002@c.us'] },
        ],
      },
      session: 'store',
    });
  });
});

describe('onmessage for polls and answers', () => {
  const message = (over: Partial<EventData['message-received']>): EventData['message-received'] => ({
    id: 'M1',
    chat: ANA,
    sender: ANA,
    fromMe: false,
    timestamp: 1795404220,
    type: 'conversation',
    delivery: 'notify',
    raw: { key: { remoteJid: ANA, fromMe: false, id: 'M1' } },
    ...over,
  });

  it('a poll is poll_creation with its name as body and WA-Web poll fields', () => {
    const [w] = renderWppWebhook(
      envelope(
        'message-received',
        message({
          type: 'pollCreationMessageV3',
          poll: { name: 'Q?', options: ['a', 'b'], selectableCount: 1 },
        }),
      ),
      instance,
    );
    expect(w!.body).toMatchObject({
      type: 'poll_creation',
      body: 'Q?',
      pollName: 'Q?',
      pollOptions: [
        { name: 'a', localId: 0 },
        { name: 'b', localId: 1 },
      ],
      pollSelectableOptionsCount: 1,
    });
  });

  it('list and button answers say what was picked', () => {
    const [list] = renderWppWebhook(
      envelope(
        'message-received',
        message({
          type: 'listResponseMessage',
          text: 'Pizza',
          reply: { kind: 'list', id: 'pizza', title: 'Pizza', to: 'ASKED' },
        }),
      ),
      instance,
    );
    expect(list!.body).toMatchObject({
      type: 'list_response',
      body: 'Pizza',
      listResponse: { title: 'Pizza', singleSelectReply: { selectedRowId: 'pizza' } },
      quotedStanzaID: 'ASKED',
    });
    const [button] = renderWppWebhook(
      envelope(
        'message-received',
        message({
          type: 'templateButtonReplyMessage',
          text: 'Yes',
          reply: { kind: 'template', id: 'yes', title: 'Yes' },
        }),
      ),
      instance,
    );
    expect(button!.body).toMatchObject({
      type: 'template_button_reply',
      body: 'Yes',
      selectedButtonId: 'yes',
    });
  });
});
