import { EmbeddedAuthStateRepository } from './embedded-auth-state.repository.js';
import { EmbeddedInstanceRepository } from './embedded-instance.repository.js';

export interface EmbeddedStorage {
  instances: EmbeddedInstanceRepository;
  auth: EmbeddedAuthStateRepository;
}

/** The standalone default: pure-JS files under `dir` (e.g. ./data), no server needed. */
export async function openEmbeddedStorage(dir: string): Promise<EmbeddedStorage> {
  const [instances, auth] = await Promise.all([
    EmbeddedInstanceRepository.open(dir),
    EmbeddedAuthStateRepository.open(dir),
  ]);
  return { instances, auth };
}
