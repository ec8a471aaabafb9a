import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGroupStoreContract } from '../group-store.contract.js';
import { EmbeddedGroupRepository } from './embedded-group.repository.js';

describeGroupStoreContract('embedded (files)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zg-groups-'));
  return {
    groups: await EmbeddedGroupRepository.open(dir),
    reopen: () => EmbeddedGroupRepository.open(dir),
    close: () => rm(dir, { recursive: true, force: true, maxRetries: 5 }),
  };
});
