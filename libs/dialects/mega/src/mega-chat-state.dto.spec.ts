import { ErrorCode } from '@zapgate/contracts';
import { megaBlockChat, megaContacts, megaPinChat, megaProfileTarget } from './mega-chat-state.dto.js';

const ANA = '5511999990002@s.whatsapp.net';

describe('mega-API chat state routes', () => {
  it('reads option as PHP and Django clients send it', () => {
    expect(megaPinChat('k', { to: ANA, option: true })).toEqual({ instance: 'k', chat: ANA, action: 'pin' });
    expect(megaPinChat('k', { to: '5511999990002', option: 'false' }).action).toBe('unpin');
    expect(megaBlockChat({ to: ANA, option: '1' })).toEqual({ contact: ANA, block: true });
    expect(megaBlockChat({ to: ANA, option: 0 })).toEqual({ contact: ANA, block: false });
    expect(() => megaPinChat('k', { to: ANA, option: 'maybe' })).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => megaBlockChat({ to: '120363000000000001@g.us', option: true })).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => megaProfileTarget(undefined)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });

  it('lists contacts with Baileys field names', () => {
    expect(megaContacts([{ id: '1@lid', pn: ANA, lid: '1@lid', pushName: 'Ana', blocked: false }])).toEqual({
      error: false,
      data: [{ id: ANA, lid: '1@lid', notify: 'Ana' }],
    });
  });
});
