import { randomUUID } from 'node:crypto';
import {
  describeBlocklistContract,
  describeChatStoreContract,
  describeContactStoreContract,
  type ChatStoreUnderTest,
} from '../chat-store.contract.js';
import { useFerretDb } from './test/ferret-storage.js';

// A real MongoDB wire-protocol server (FerretDB 1.x over SQLite).
const ferret = useFerretDb();

const openStore = (): Promise<ChatStoreUnderTest> => ferret.storage('zg_chat');

describeChatStoreContract('MongoDB via mongoose (FerretDB)', openStore);
describeContactStoreContract('MongoDB via mongoose (FerretDB)', openStore);
describeBlocklistContract('MongoDB via mongoose (FerretDB)', openStore);

describe('MongoChatRepository: the patches of a send', () => {
  const A = '5511999990001@s.whatsapp.net';
  const at = (id: string, timestamp: number) => ({ id, timestamp, fromMe: true });

  it('are one write to a chat it has, and a read and a write otherwise', async () => {
    const store = await openStore();
    try {
      // the reads apply makes (it reads a chat through get)
      let reads = 0;
      const get = store.chats.get.bind(store.chats);
      store.chats.get = (...args) => {
        reads++;
        return get(...args);
      };
      const instance = `i${randomUUID().slice(0, 8)}`;
      await store.chats.apply(instance, [{ id: A, lastMessage: at('M1', 1_000) }]);
      expect(reads).toBe(1); // a new chat
      await store.chats.apply(instance, [
        { id: A, lastMessage: at('M2', 2_000), unreadDelta: 1 },
        { id: A, lastMessage: at('M3', 3_000) },
      ]);
      expect(reads).toBe(1);
      // older than the stored one, or more than a message's fields: merged after a read
      await store.chats.apply(instance, [{ id: A, lastMessage: at('M0', 500) }]);
      await store.chats.apply(instance, [{ id: A, lastMessage: at('M4', 4_000), name: 'Ana' }]);
      expect(reads).toBe(3);
      expect(await store.chats.get(instance, A)).toMatchObject({
        name: 'Ana',
        unreadCount: 1,
        lastMessage: at('M4', 4_000),
      });
    } finally {
      await store.close();
    }
  });
});
