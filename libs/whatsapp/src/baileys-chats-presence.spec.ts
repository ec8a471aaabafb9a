import type { WASocket } from '@whiskeysockets/baileys';
import type { MessageRepository } from '@zapgate/storage';
import { BaileysChats } from './baileys-chats.js';
import type { ChatFeed, ChatStores } from './chat-sync.js';

const ANA = '5511999990002@s.whatsapp.net';

describe('BaileysChats presence', () => {
  const subscribed: string[] = [];
  const socket = {
    presenceSubscribe: async (jid: string) => {
      subscribed.push(jid);
    },
  } as unknown as WASocket;
  const chats = new BaileysChats(
    'shop',
    {} as ChatStores,
    {} as MessageRepository,
    {} as ChatFeed,
    () => socket,
  );

  it('subscribes through Baileys presenceSubscribe, by the normalized user jid', async () => {
    await chats.subscribePresence('5511999990002:3@s.whatsapp.net');
    expect(subscribed).toEqual([ANA]);
  });

  it('answers the latest presence seen, keeping the last seen across chat states', async () => {
    await expect(chats.presenceOf(ANA)).resolves.toEqual({ chat: ANA });
    chats.notePresence({ chat: ANA, participant: ANA, presence: 'unavailable', lastSeen: 1_700_000_000 });
    chats.notePresence({ chat: ANA, participant: `5511999990002:2@s.whatsapp.net`, presence: 'composing' });
    await expect(chats.presenceOf(ANA)).resolves.toEqual({
      chat: ANA,
      presence: 'composing',
      lastSeen: 1_700_000_000,
      at: expect.any(Number),
    });
    // a group's member counts as that user
    chats.notePresence({ chat: '123-456@g.us', participant: ANA, presence: 'available' });
    expect((await chats.presenceOf(ANA)).presence).toBe('available');
  });
});
