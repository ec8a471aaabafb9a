import { EmbeddedAuthStateRepository } from './embedded-auth-state.repository.js';
import { EmbeddedInstanceRepository } from './embedded-instance.repository.js';
import { EmbeddedMessageRepository } from './embedded-message.repository.js';
import { EmbeddedWebhookDeliveryRepository } from './embedded-webhook-delivery.repository.js';
import { ensurePrivateDir, narrowFilesIn } from './embedded-store.js';

export interface EmbeddedStorage {
  instances: EmbeddedInstanceRepository;
  auth: EmbeddedAuthStateRepository;
  deliveries: EmbeddedWebhookDeliveryRepository;
  /** SQLite, not nedb: messages grow without bound and must not sit in memory. */
  messages: EmbeddedMessageRepository;
  /** Closes the message database. */
  close(): Promise<void>;
}

/**
 * The standalone default: pure-JS files under `dir` (e.g. ./data), no server needed. They hold auth
 * keys and webhook secrets, so `dir` and its folders are 0700 and every file 0600 (see
 * embedded-store.ts), including files an earlier version left wider.
 */
export async function openEmbeddedStorage(dir: string): Promise<EmbeddedStorage> {
  await ensurePrivateDir(dir);
  await narrowFilesIn(dir); // also what no collection opens any more (auth.db.migrated-*)
  const [instances, auth, deliveries, messages] = await Promise.all([
    EmbeddedInstanceRepository.open(dir),
    EmbeddedAuthStateRepository.open(dir),
    EmbeddedWebhookDeliveryRepository.open(dir),
    EmbeddedMessageRepository.open(dir),
  ]);
  return { instances, auth, deliveries, messages, close: async () => messages.close() };
}
