import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempFileMediaStore } from '@zapgate/media';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { WaSimulator } from '@zapgate/wa-sim';

/** What a WaSession spec runs against: a simulator, embedded storage and a media store in a temp dir. */
export interface SessionEnvironment {
  sim: WaSimulator;
  dir: string;
  storage: EmbeddedStorage;
  media: TempFileMediaStore;
  /** Stops the simulator, closes the stores and removes the directory. */
  close(): Promise<void>;
}

export async function openSessionEnvironment(prefix: string): Promise<SessionEnvironment> {
  const sim = await WaSimulator.start();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const storage = await openEmbeddedStorage(dir);
  const media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
  return {
    sim,
    dir,
    storage,
    media,
    close: async () => {
      await sim.stop();
      await media.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
