import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeBlocklistContract,
  describeChatStoreContract,
  describeContactStoreContract,
  type ChatStoreUnderTest,
} from '../chat-store.contract.js';
import { openEmbeddedStorage, type EmbeddedStorage } from './embedded-storage.js';

async function openStore(): Promise<ChatStoreUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'zg-chats-'));
  const opened: EmbeddedStorage[] = [await openEmbeddedStorage(dir)];
  return {
    ...opened[0]!,
    reopen: async () => {
      await opened.at(-1)!.close();
      opened.push(await openEmbeddedStorage(dir));
      return opened.at(-1)!;
    },
    close: async () => {
      await opened.at(-1)!.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

describeChatStoreContract('embedded (SQLite)', openStore);
describeContactStoreContract('embedded (SQLite)', openStore);
describeBlocklistContract('embedded (SQLite)', openStore);

describe('embedded chats.sqlite', () => {
  it('is owner-only beside the message store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zg-chats-'));
    try {
      const storage = await openEmbeddedStorage(dir);
      await storage.chats.apply('a', [{ id: '5511999990001@s.whatsapp.net' }]);
      await storage.close();
      const files = (await readdir(dir)).filter((f) => f.startsWith('chats.sqlite'));
      expect(files).toContain('chats.sqlite');
      for (const f of files) expect(((await stat(join(dir, f))).mode & 0o777).toString(8)).toBe('600');
    } finally {
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
