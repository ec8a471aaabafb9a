import { ErrorCode } from '@zapgate/contracts';
import { megaPictureTarget } from './mega-profile.dto.js';

describe('mega-API setProfilePictureUrl', () => {
  it('names the account or the group whose picture is set, and the URL', () => {
    expect(
      megaPictureTarget({
        messageData: { to: '5511999990001@s.whatsapp.net', url: ' https://a.example/p.jpg ' },
      }),
    ).toEqual({ target: '5511999990001@s.whatsapp.net', url: 'https://a.example/p.jpg' });
    expect(megaPictureTarget({ messageData: { to: '5511999990001', url: 'https://a' } }).target).toBe(
      '5511999990001@s.whatsapp.net',
    );
    expect(
      megaPictureTarget({ messageData: { to: '120363000000000001@g.us', url: 'https://a' } }).target,
    ).toBe('120363000000000001@g.us');
  });

  it('refuses a `to` that is no jid', () => {
    expect(() => megaPictureTarget({ messageData: { to: 'someone', url: 'https://a' } })).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });
});
