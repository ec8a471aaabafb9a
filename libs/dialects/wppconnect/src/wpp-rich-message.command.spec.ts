import { ErrorCode, type SentMessage } from '@zapgate/contracts';
import {
  wppContactVcardMessages,
  wppLocationMessages,
  wppMentionedMessages,
  wppReplyMessages,
  wppSendTextOptions,
  wppSentMessage,
} from './wpp-rich-message.command.js';

const USER = '5511999999999@s.whatsapp.net';

describe(wppSendTextOptions.name, () => {
  it('reads quotedMsg as a serialized id, a bare id or a message with an id', () => {
    expect(wppSendTextOptions({ quotedMsg: 'true_5511999999999@c.us_3EB0AA' })).toEqual({
      quoted: { id: '3EB0AA', chat: USER },
    });
    expect(wppSendTextOptions({ quotedMsg: '3EB0AA' })).toEqual({ quoted: { id: '3EB0AA' } });
    expect(
      wppSendTextOptions({ quotedMsg: { id: { _serialized: 'false_5511999999999@c.us_3EB0BB' } } }),
    ).toEqual({
      quoted: { id: '3EB0BB', chat: USER },
    });
  });

  it('reads mentionedList as user jids, and nothing from empty or null options', () => {
    expect(wppSendTextOptions({ mentionedList: ['5511988887777', '123456789012345@lid'] })).toEqual({
      mentions: ['5511988887777@s.whatsapp.net', '123456789012345@lid'],
    });
    expect(wppSendTextOptions({})).toBeUndefined();
    expect(wppSendTextOptions(undefined)).toBeUndefined();
    expect(wppSendTextOptions({ quotedMsg: null, mentionedList: [] })).toBeUndefined();
  });

  it('answers 501 naming every other option', () => {
    const sut = () => wppSendTextOptions({ quotedMsg: 'x', createChat: true, buttons: [] });
    expect(sut).toThrow(expect.objectContaining({ code: ErrorCode.NotImplemented }));
    expect(sut).toThrow(/createChat, buttons are not supported yet/);
  });

  it.each([
    [{ mentionedList: '5511988887777' }],
    [{ mentionedList: ['120363040000000001@g.us'] }],
    [{ quotedMsg: 42 }],
    [{ quotedMsg: ' ' }],
  ])('refuses malformed values %p', (options) => {
    expect(() => wppSendTextOptions(options)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });
});

describe(wppReplyMessages.name, () => {
  it('quotes messageId in each send', () => {
    expect(
      wppReplyMessages('store', { phone: ['5511999999999'], message: 'yes', messageId: '3EB0AA' }),
    ).toEqual([
      {
        instance: 'store',
        to: USER,
        content: { kind: 'text', text: 'yes' },
        options: { quoted: { id: '3EB0AA' } },
      },
    ]);
  });
});

describe(wppMentionedMessages.name, () => {
  it('mentions users; a group is refused', () => {
    expect(
      wppMentionedMessages('store', {
        phone: ['5511999999999'],
        message: 'hi',
        mentioned: ['556593077171@c.us'],
      })[0]!.options,
    ).toEqual({ mentions: ['556593077171@s.whatsapp.net'] });
    expect(() =>
      wppMentionedMessages('store', { phone: ['5511999999999'], message: 'hi', mentioned: ['1203630@g.us'] }),
    ).toThrow(/^mentioned: /);
  });
});

describe(wppLocationMessages.name, () => {
  it('names the place by title', () => {
    expect(
      wppLocationMessages('store', {
        phone: ['5511999999999'],
        lat: -23.5,
        lng: -46.6,
        title: 'MASP',
        address: 'Av',
      })[0]!.content,
    ).toEqual({ kind: 'location', latitude: -23.5, longitude: -46.6, name: 'MASP', address: 'Av' });
  });
});

describe(wppContactVcardMessages.name, () => {
  it('names one contact by name', () => {
    expect(
      wppContactVcardMessages('store', {
        phone: ['5511999999999'],
        contactsId: ['5521999999999@c.us'],
        name: 'Ana',
      })[0]!.content,
    ).toEqual({
      kind: 'contacts',
      displayName: 'Ana',
      contacts: [{ fullName: 'Ana', phone: '5521999999999' }],
    });
  });

  it('sends several cards named by their numbers, once each', () => {
    expect(
      wppContactVcardMessages('store', {
        phone: ['5511999999999'],
        contactsId: ['5521999999999', '5521999999998', '5521999999999@c.us'],
      })[0]!.content,
    ).toEqual({
      kind: 'contacts',
      contacts: [
        { fullName: '+5521999999999', phone: '5521999999999' },
        { fullName: '+5521999999998', phone: '5521999999998' },
      ],
    });
  });
});

describe(wppSentMessage.name, () => {
  it('is the serialized Message of the given type', () => {
    const sent: SentMessage = { id: '3EB0CC', remoteJid: USER, fromMe: true, timestamp: 1, raw: {} };
    expect(wppSentMessage(sent, undefined, 'location')).toMatchObject({
      id: 'true_5511999999999@c.us_3EB0CC',
      type: 'location',
      body: '',
      chatId: '5511999999999@c.us',
    });
  });
});
