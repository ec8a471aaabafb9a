import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLabelStoreContract, type LabelStoreUnderTest } from '../label-store.contract.js';
import { openEmbeddedStorage, type EmbeddedStorage } from './embedded-storage.js';

async function openStore(): Promise<LabelStoreUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'zg-labels-'));
  const opened: EmbeddedStorage[] = [await openEmbeddedStorage(dir)];
  return {
    labels: opened[0]!.labels,
    chats: opened[0]!.chats,
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

describeLabelStoreContract('embedded (SQLite)', openStore);
