import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageContract } from '../storage.contract.js';
import { openEmbeddedStorage } from './embedded-storage.js';

describeStorageContract('embedded (nedb files)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zg-store-'));
  const storage = await openEmbeddedStorage(dir);
  return {
    ...storage,
    reopen: () => openEmbeddedStorage(dir),
    close: () => rm(dir, { recursive: true, force: true, maxRetries: 5 }),
  };
});
