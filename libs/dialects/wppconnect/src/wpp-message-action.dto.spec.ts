import { ErrorCode } from '@zapgate/contracts';
import {
  wppChatState,
  wppDeletions,
  wppEdit,
  wppReaction,
  wppRecording,
  wppTyping,
} from './wpp-message-action.dto.js';

const ANA = '5511999990001@s.whatsapp.net';

describe(wppReaction.name, () => {
  it('reads a serialized id (with its chat) or a bare id; false and "" remove the reaction', () => {
    expect(wppReaction('store', { msgId: `true_5511999990001@c.us_3EB0AA`, reaction: '👍' })).toEqual({
      instance: 'store',
      id: '3EB0AA',
      chat: ANA,
      emoji: '👍',
    });
    expect(wppReaction('store', { msgId: '3EB0AA', reaction: false })).toEqual({
      instance: 'store',
      id: '3EB0AA',
      emoji: '',
    });
    expect(wppReaction('store', { msgId: '3EB0AA', reaction: '' }).emoji).toBe('');
  });

  it('refuses a reaction that is no emoji', () => {
    expect(() => wppReaction('store', { msgId: '3EB0AA', reaction: 42 })).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => wppReaction('store', { msgId: '3EB0AA', reaction: 'a whole sentence' })).toThrow(
      /one emoji/,
    );
  });
});

describe(wppDeletions.name, () => {
  it('is one deletion per id in the chat phone names; onlyLocal deletes for me', () => {
    expect(
      wppDeletions('store', { phone: ['5511999990001'], messageId: ['A1', `true_5511999990001@c.us_A2`] }),
    ).toEqual([
      { instance: 'store', id: 'A1', chat: ANA, forEveryone: true },
      { instance: 'store', id: 'A2', chat: ANA, forEveryone: true },
    ]);
    expect(
      wppDeletions('store', { phone: ['5511999990001'], messageId: ['A1'], onlyLocal: true })[0]!.forEveryone,
    ).toBe(false);
    expect(() => wppDeletions('store', { phone: [], messageId: ['A1'] })).toThrow(/phone/);
  });
});

describe(wppEdit.name, () => {
  it('edits the message its id names', () => {
    expect(wppEdit('store', { id: 'true_5511999990001@c.us_B1', newText: 'fixed' })).toEqual({
      instance: 'store',
      id: 'B1',
      chat: ANA,
      text: 'fixed',
    });
  });
});

describe('chat states', () => {
  it('maps typing, recording and chat-state codes to canonical states, per chat', () => {
    const body = { phone: ['5511999990001', '5511999990002'] };
    expect(wppTyping('store', body).map((c) => c.state)).toEqual(['composing', 'composing']);
    expect(wppTyping('store', { ...body, value: false })[0]).toEqual({
      instance: 'store',
      chat: ANA,
      state: 'paused',
    });
    expect(wppRecording('store', { ...body, value: true })[0]!.state).toBe('recording');
    expect(
      ['0', '1', '2'].map((chatstate) => wppChatState('store', { phone: [ANA], chatstate })[0]!.state),
    ).toEqual(['composing', 'recording', 'paused']);
    expect(
      wppChatState('store', { phone: ['120363040000000001'], isGroup: true, chatstate: 0 })[0]!.chat,
    ).toBe('120363040000000001@g.us');
    expect(() => wppChatState('store', { phone: [ANA], chatstate: '7' })).toThrow(/chatstate/);
  });
});
