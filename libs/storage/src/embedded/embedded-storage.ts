import { EmbeddedAuthStateRepository } from './embedded-auth-state.repository.js';
import {
  EmbeddedBlocklistRepository,
  EmbeddedChatDatabase,
  EmbeddedChatRepository,
  EmbeddedContactRepository,
} from './embedded-chat-store.js';
import { EmbeddedBulkJobRepository } from './embedded-bulk-job.repository.js';
import { EmbeddedInstanceRepository } from './embedded-instance.repository.js';
import { EmbeddedLabelRepository } from './embedded-label.repository.js';
import { EmbeddedMessageRepository } from './embedded-message.repository.js';
import { EmbeddedWebhookDeliveryRepository } from './embedded-webhook-delivery.repository.js';
import { ensurePrivateDir, narrowFilesIn } from './embedded-store.js';

export interface EmbeddedStorage {
  instances: EmbeddedInstanceRepository;
  auth: EmbeddedAuthStateRepository;
  deliveries: EmbeddedWebhookDeliveryRepository;
  /** SQLite, not nedb: messages grow without bound and must not sit in memory. */
  messages: EmbeddedMessageRepository;
  /** Bulk sends in flight and recently finished (resumed after a restart). */
  bulkJobs: EmbeddedBulkJobRepository;
  /** Chats, contacts and blocklists: SQLite too (`chats.sqlite`), for the same reason. */
  chats: EmbeddedChatRepository;
  contacts: EmbeddedContactRepository;
  blocklist: EmbeddedBlocklistRepository;
  /** Labels (WhatsApp Business), in `chats.sqlite` too. */
  labels: EmbeddedLabelRepository;
  /** Closes the message and chat databases. */
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
  const [instances, auth, deliveries, messages, bulkJobs] = await Promise.all([
    EmbeddedInstanceRepository.open(dir),
    EmbeddedAuthStateRepository.open(dir),
    EmbeddedWebhookDeliveryRepository.open(dir),
    EmbeddedMessageRepository.open(dir),
    EmbeddedBulkJobRepository.open(dir),
  ]);
  const chatDb = await EmbeddedChatDatabase.open(dir);
  return {
    instances,
    auth,
    deliveries,
    messages,
    bulkJobs,
    chats: new EmbeddedChatRepository(chatDb),
    contacts: new EmbeddedContactRepository(chatDb),
    blocklist: new EmbeddedBlocklistRepository(chatDb),
    labels: new EmbeddedLabelRepository(chatDb),
    close: async () => {
      messages.close();
      chatDb.close();
      await auth.close();
    },
  };
}
