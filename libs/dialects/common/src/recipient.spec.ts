import { normalizeRecipient } from './recipient.js';

describe(normalizeRecipient.name, () => {
  it.each([
    ['5511999990001', '5511999990001@s.whatsapp.net'],
    ['+55 11 99999-0001', '5511999990001@s.whatsapp.net'],
    ['+55 (11) 99999.0001', '5511999990001@s.whatsapp.net'],
    ['5511999990001@c.us', '5511999990001@s.whatsapp.net'],
    ['5511999990001@s.whatsapp.net', '5511999990001@s.whatsapp.net'],
    ['5511999990001:12@s.whatsapp.net', '5511999990001@s.whatsapp.net'],
    ['120363042378568057@g.us', '120363042378568057@g.us'],
    ['5511999990001-1617212345@g.us', '5511999990001-1617212345@g.us'],
    ['123456789012345@lid', '123456789012345@lid'],
  ])('accepts %s', (input, jid) => {
    expect(normalizeRecipient(input)).toBe(jid);
  });

  it.each([
    '',
    'abc',
    '123',
    'x@g.us',
    '551199@broadcast',
    '5511999990001@s.whatsapp.net@x',
    '5511999990001@c.us@g.us',
    '5511999990001@example.com',
    '5511999990001@',
    '5511999990001#1',
    '1234567890123456', // 16 digits: no phone number is that long
  ])('rejects %j with a validation error', (input) => {
    expect(() => normalizeRecipient(input)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it.each([undefined, 5511999990001, ['5511999990001'], { to: '5511999990001' }])(
    'rejects %j (not a string) with a validation error',
    (input) => {
      expect(() => normalizeRecipient(input)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    },
  );

  it('answers not_implemented for newsletters', () => {
    expect(() => normalizeRecipient('120363000000000000@newsletter')).toThrow(
      expect.objectContaining({ code: 'not_implemented' }),
    );
  });

  it('does not echo a long input back whole', () => {
    expect(() => normalizeRecipient(`${'9'.repeat(500)}x`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('9'.repeat(49)) }),
    );
  });

  describe('with WPPConnect hints', () => {
    it.each([
      ['120363042378568057', { group: true }, '120363042378568057@g.us'],
      ['120363042378568057@g.us', { group: true }, '120363042378568057@g.us'],
      ['123456789', { lid: true }, '123456789@lid'],
      ['123456789012345', { longNumbersAreLids: true }, '123456789012345@lid'],
      ['55119999900012', { longNumbersAreLids: true }, '55119999900012@s.whatsapp.net'],
      ['123456789012345@s.whatsapp.net', { longNumbersAreLids: true }, '123456789012345@s.whatsapp.net'],
    ])('reads %s with %j as %s', (input, hints, jid) => {
      expect(normalizeRecipient(input, hints)).toBe(jid);
    });

    it.each([
      ['5511999990001@c.us', { group: true }],
      ['12a', { group: true }],
      ['5511999990001@s.whatsapp.net@x', { group: true }],
      ['5511999990001@lid@x', { lid: true }],
      ['5511999990001@c.us', { lid: true }],
    ])('still rejects %s with %j', (input, hints) => {
      expect(() => normalizeRecipient(input, hints)).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    });
  });
});
