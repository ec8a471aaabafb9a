import { ErrorCode } from '@zapgate/contracts';
import { megaTextMessage } from './mega-send-message.command.js';

describe(megaTextMessage.name, () => {
  it('sends the text to the normalised recipient as one text content', () => {
    expect(megaTextMessage('shop', { messageData: { to: '+55 (11) 99999-9999', text: 'hi' } })).toEqual({
      instance: 'shop',
      to: '5511999999999@s.whatsapp.net',
      content: { kind: 'text', text: 'hi' },
    });
  });

  it.each([
    ['120363042378568057@g.us', '120363042378568057@g.us'],
    ['5511999999999@c.us', '5511999999999@s.whatsapp.net'],
    ['123456789012345@lid', '123456789012345@lid'],
  ])('keeps %s as %s', (to, jid) => {
    expect(megaTextMessage('shop', { messageData: { to, text: 'x' } }).to).toBe(jid);
  });

  it('refuses what is no recipient with a validation error', () => {
    expect(() => megaTextMessage('shop', { messageData: { to: 'abc', text: 'x' } })).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });
});
