import { EmbeddedAuthStateRepository } from './embedded-auth-state.repository.js';
import { EmbeddedInstanceRepository } from './embedded-instance.repository.js';
import { EmbeddedWebhookDeliveryRepository } from './embedded-webhook-delivery.repository.js';

export interface EmbeddedStorage {
  instances: EmbeddedInstanceRepository;
  auth: EmbeddedAuthStateRepository;
  deliveries: EmbeddedWebhookDeliveryRepository;
}

/** The standalone default: pure-JS files under `dir` (e.g. ./data), no server needed. */
export async function openEmbeddedStorage(dir: string): Promise<EmbeddedStorage> {
  const [instances, auth, deliveries] = await Promise.all([
    EmbeddedInstanceRepository.open(dir),
    EmbeddedAuthStateRepository.open(dir),
    EmbeddedWebhookDeliveryRepository.open(dir),
  ]);
  return { instances, auth, deliveries };
}
