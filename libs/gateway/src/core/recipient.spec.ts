import { normalizeRecipient } from './recipient.js';

describe(normalizeRecipient.name, () => {
  it.each([
    ['5511999990001', '5511999990001@s.whatsapp.net'],
    ['+55 11 99999-0001', '5511999990001@s.whatsapp.net'],
    ['5511999990001@c.us', '5511999990001@s.whatsapp.net'],
    ['5511999990001@s.whatsapp.net', '5511999990001@s.whatsapp.net'],
    ['120363042378568057@g.us', '120363042378568057@g.us'],
    ['5511999990001-1617212345@g.us', '5511999990001-1617212345@g.us'],
    ['123456789012345@lid', '123456789012345@lid'],
  ])('accepts %s', (input, jid) => {
    expect(normalizeRecipient(input)).toBe(jid);
  });

  it.each(['', 'abc', '123', 'x@g.us', '551199@broadcast'])('rejects %j with a validation error', (input) => {
    expect(() => normalizeRecipient(input)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
