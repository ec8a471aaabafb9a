import { ErrorCode, type ChatInfo } from '@zapgate/contracts';
import {
  wppArchive,
  wppBlocklist,
  wppChatView,
  wppContactView,
  wppListChats,
  wppMute,
  wppPathChat,
  wppPin,
  wppProfilePic,
  wppUsername,
} from './wpp-chat.dto.js';

const ANA = '5511999990002@s.whatsapp.net';

describe('WPPConnect chat routes', () => {
  it("pin-chat keeps WPPConnect-server's quirk: only the string 'true' pins", () => {
    expect(wppPin('s', ANA, 'true').action).toBe('pin');
    expect(wppPin('s', ANA, true).action).toBe('unpin');
    expect(wppPin('s', ANA, 'false').action).toBe('unpin');
    expect(wppArchive('s', ANA)).toEqual({ instance: 's', chat: ANA, action: 'archive' });
    expect(wppArchive('s', ANA, false).action).toBe('unarchive');
  });

  it('send-mute counts time in minutes, hours (default) or days from now', () => {
    const now = 1_700_000_000_000;
    expect(wppMute('s', ANA, { phone: [], time: 8 }, now).muteUntil).toBe(1_700_000_000 + 8 * 3_600);
    expect(wppMute('s', ANA, { phone: [], time: 30, type: 'minutes' }, now).muteUntil).toBe(1_700_001_800);
    expect(wppMute('s', ANA, { phone: [], time: 2, type: 'days' }, now)).toEqual({
      instance: 's',
      chat: ANA,
      action: 'mute',
      muteUntil: 1_700_172_800,
    });
  });

  it('list-chats maps every filter, and pages from a chat id', () => {
    expect(wppListChats('s', {})).toEqual({ instance: 's', limit: 1_000 });
    expect(
      wppListChats('s', {
        id: '5511999990002@c.us',
        count: 5,
        direction: 'before',
        onlyGroups: true,
        onlyWithUnreadMessage: true,
        withLabels: ['1'],
      }),
    ).toEqual({
      instance: 's',
      kind: 'group',
      unreadOnly: true,
      labels: ['1'],
      anchor: ANA,
      direction: 'before',
      limit: 5,
    });
    expect(() => wppListChats('s', { onlyGroups: true, onlyUsers: true })).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });

  it('reads path ids as WPPConnect does: bare digits are @c.us (or @g.us with isGroup)', () => {
    expect(wppPathChat('5511999990002')).toBe(ANA);
    expect(wppPathChat('5511999990002@c.us')).toBe(ANA);
    expect(wppPathChat('120363000000000001', 'true')).toBe('120363000000000001@g.us');
    expect(wppPathChat('123456789012345')).toBe('123456789012345@lid');
    expect(() => wppPathChat('abc')).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
    expect(() => wppUsername(undefined)).toThrow(
      expect.objectContaining({
        details: { wppBody: { status: 'error', message: 'Parameter name is required!' } },
      }),
    );
  });

  it('renders chats, contacts, the blocklist and pictures as WA-Web models', () => {
    const chat: ChatInfo = {
      id: ANA,
      isGroup: false,
      unreadCount: 2,
      archived: true,
      pinned: true,
      pinnedAt: 1_700_000_100,
      mutedUntil: -1,
      labels: [],
      lastMessage: { id: 'M1', fromMe: false, timestamp: 1_700_000_000 },
    };
    const contact = { id: ANA, pn: ANA, lid: '1@lid', pushName: 'Ana', blocked: false };
    expect(wppChatView(chat, contact)).toEqual({
      id: { server: 'c.us', user: '5511999990002', _serialized: '5511999990002@c.us' },
      name: 'Ana',
      kind: 'chat',
      isGroup: false,
      isUser: true,
      unreadCount: 2,
      archive: true,
      pin: 1_700_000_100,
      muteExpiration: -1,
      isReadOnly: false,
      t: 1_700_000_000,
      labels: [],
      lastReceivedKey: {
        fromMe: false,
        remote: '5511999990002@c.us',
        id: 'M1',
        _serialized: 'false_5511999990002@c.us_M1',
      },
      contact: wppContactView(contact),
    });
    expect(wppContactView(contact)).toMatchObject({
      pushname: 'Ana',
      formattedName: 'Ana',
      isMyContact: false,
      isBlocked: false,
      phoneNumber: '5511999990002@c.us',
    });
    expect(wppBlocklist([ANA])).toEqual({ status: 'success', response: [{ phone: '5511999990002' }] });
    expect(wppProfilePic(ANA, undefined).response).toEqual({
      id: { server: 'c.us', user: '5511999990002', _serialized: '5511999990002@c.us' },
      raw: null,
      tag: null,
    });
    expect(wppProfilePic(ANA, 'https://m/full.jpg', 'https://m/small.jpg').response).toMatchObject({
      eurl: 'https://m/full.jpg',
      imgFull: 'https://m/full.jpg',
      img: 'https://m/small.jpg',
    });
  });
});
