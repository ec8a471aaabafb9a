import { ErrorCode, type ChatInfo } from '@zapgate/contracts';
import { wppIsOnline, wppLastSeen, wppOnlinePresence, wppPresenceTargets } from './wpp-presence.dto.js';

const ANA = '5511999990002@s.whatsapp.net';
const chat = (id: string, isGroup = false): ChatInfo =>
  ({ id, isGroup, unreadCount: 0 }) as unknown as ChatInfo;

describe('WPPConnect presence routes', () => {
  it('subscribe-presence names users by number, or every user chat with `all`', () => {
    expect(wppPresenceTargets({ phone: ['5511999990002', `5511999990002@c.us`] })).toEqual([ANA]);
    expect(wppPresenceTargets({ all: true }, [chat(ANA), chat('123-456@g.us', true)])).toEqual([ANA]);
    expect(() => wppPresenceTargets({})).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => wppPresenceTargets({ phone: ['120363000000000001'], isGroup: true })).toThrow(
      expect.objectContaining({ code: ErrorCode.NotImplemented }),
    );
  });

  it('set-online-presence is available unless isOnline is false', () => {
    expect(wppOnlinePresence('s', {})).toEqual({ instance: 's', state: 'available' });
    expect(wppOnlinePresence('s', { isOnline: true }).state).toBe('available');
    expect(wppOnlinePresence('s', { isOnline: false }).state).toBe('unavailable');
  });

  it('chat-is-online and last-seen answer from the latest presence seen', () => {
    expect(wppIsOnline({ chat: ANA })).toBe(false);
    expect(wppLastSeen({ chat: ANA })).toBe(false);
    for (const presence of ['available', 'composing', 'recording', 'paused'] as const)
      expect(wppIsOnline({ chat: ANA, presence })).toBe(true);
    expect(wppIsOnline({ chat: ANA, presence: 'unavailable', lastSeen: 5 })).toBe(false);
    expect(wppLastSeen({ chat: ANA, presence: 'unavailable', lastSeen: 5, at: 9 })).toBe(5);
    // online now: seen now; offline with the last seen hidden: false
    expect(wppLastSeen({ chat: ANA, presence: 'available', at: 9 })).toBe(9);
    expect(wppLastSeen({ chat: ANA, presence: 'unavailable', at: 9 })).toBe(false);
  });
});
