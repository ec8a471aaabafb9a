import { DomainError } from '@zapgate/contracts';
import { contactDigits, normalizeMention, normalizeMentions } from './mention.js';

describe(normalizeMention.name, () => {
  it('takes digits, @s.whatsapp.net, @c.us and @lid as user jids', () => {
    expect(normalizeMention('5511999990002')).toBe('5511999990002@s.whatsapp.net');
    expect(normalizeMention('5511999990002@c.us')).toBe('5511999990002@s.whatsapp.net');
    expect(normalizeMention('5511999990002@s.whatsapp.net')).toBe('5511999990002@s.whatsapp.net');
    expect(normalizeMention('123456789012345@lid')).toBe('123456789012345@lid');
  });

  it.each([['120363040000000001@g.us'], ['abc@s.whatsapp.net'], ['55@x@y'], [''], [42]])(
    'refuses %p with a validation error naming the field',
    (input) => {
      const sut = () => normalizeMention(input, 'mentioned');
      expect(sut).toThrow(DomainError);
      expect(sut).toThrow(/^mentioned: /);
    },
  );

  it('drops repeats', () => {
    expect(normalizeMentions(['5511999990002', '5511999990002@c.us'])).toEqual([
      '5511999990002@s.whatsapp.net',
    ]);
  });
});

describe(contactDigits.name, () => {
  it('reads a jid or a freely written number as digits', () => {
    expect(contactDigits('5511999990002@s.whatsapp.net')).toBe('5511999990002');
    expect(contactDigits('+55 (11) 99999-0002')).toBe('5511999990002');
  });

  it('refuses a LID, a group and text', () => {
    expect(() => contactDigits('123456789012345@lid')).toThrow('is not a phone number');
    expect(() => contactDigits('120363040000000001@g.us')).toThrow('group');
    expect(() => contactDigits('call me')).toThrow(DomainError);
  });
});
