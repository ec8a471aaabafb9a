import { ErrorCode } from '@zapgate/contracts';
import { wppTextMessages } from './wpp-send-message.command.js';

describe(wppTextMessages.name, () => {
  it('makes one text send per distinct recipient, in order', () => {
    expect(
      wppTextMessages('store', {
        phone: ['5511999999999', '5511888888888', '+55 11 99999-9999'],
        message: 'hi',
      }),
    ).toEqual([
      { instance: 'store', to: '5511999999999@s.whatsapp.net', content: { kind: 'text', text: 'hi' } },
      { instance: 'store', to: '5511888888888@s.whatsapp.net', content: { kind: 'text', text: 'hi' } },
    ]);
  });

  it.each([
    [{ isGroup: true }, '120363042378568057', '120363042378568057@g.us'],
    [{}, '120363042378568057@g.us', '120363042378568057@g.us'],
    [{ isLid: true }, '1234567', '1234567@lid'],
    [{}, '123456789012345', '123456789012345@lid'], // more than 14 digits: contactToArray's LID
    [{}, '5511999999999@c.us', '5511999999999@s.whatsapp.net'],
  ])('reads %j %s as %s', (flags, phone, jid) => {
    expect(wppTextMessages('store', { phone: [phone], message: 'x', ...flags })[0]!.to).toBe(jid);
  });

  it.each([
    ['no phone', { phone: [], message: 'x' }, ErrorCode.ValidationFailed],
    ['a malformed phone', { phone: ['abc'], message: 'x' }, ErrorCode.ValidationFailed],
    [
      'a group flag on a user id',
      { phone: ['5511999999999@c.us'], isGroup: true, message: 'x' },
      ErrorCode.ValidationFailed,
    ],
    ['a newsletter', { phone: ['123'], isNewsletter: true, message: 'x' }, ErrorCode.NotImplemented],
    [
      'an option zapgate does not carry out (createChat)',
      { phone: ['5511999999999'], message: 'x', options: { quotedMsg: 'id', createChat: true } },
      ErrorCode.NotImplemented,
    ],
  ])('refuses %s', (_, body, code) => {
    expect(() => wppTextMessages('store', body)).toThrow(expect.objectContaining({ code }));
  });

  it('carries quotedMsg and mentionedList into every send', () => {
    const sent = wppTextMessages('store', {
      phone: ['5511999999999', '5511999999998'],
      message: 'x',
      options: { quotedMsg: 'true_5511999999999@c.us_3EB0AA', mentionedList: ['5511988887777@c.us'] },
    });
    expect(sent.map((c) => c.options)).toEqual([
      {
        quoted: { id: '3EB0AA', chat: '5511999999999@s.whatsapp.net' },
        mentions: ['5511988887777@s.whatsapp.net'],
      },
      {
        quoted: { id: '3EB0AA', chat: '5511999999999@s.whatsapp.net' },
        mentions: ['5511988887777@s.whatsapp.net'],
      },
    ]);
  });

  it('passes an empty options object', () => {
    expect(wppTextMessages('store', { phone: ['5511999999999'], message: 'x', options: {} })).toHaveLength(1);
  });
});
