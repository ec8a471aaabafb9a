import type { EventEnvelope } from '@zapgate/contracts';
import type { EventLog, Subscription } from '@zapgate/transport';

/**
 * Events as they happen, for pushing to browsers and Socket.IO clients: every canonical event an
 * instance publishes from now on, at most once and without replay (a live view, not a consumer
 * that must see everything; webhooks are the durable way). The app decides where they come from:
 * the in-process event log (standalone) or a plain NATS subscription on `zg.evt.>` (gateway).
 */
export abstract class LiveEvents {
  abstract subscribe(handler: (envelope: EventEnvelope) => void): Promise<Subscription>;
}

/**
 * Live events from an event log in this process (the standalone's in-memory log): a consumer of
 * its own, so it never takes events from another one.
 */
export function eventLogLiveEvents(log: EventLog, durable = 'zg-manager-live'): LiveEvents {
  return {
    subscribe: (handler) =>
      log.consumeBatches<EventEnvelope>({ durable, filter: 'zg.evt.>' }, async (events) => {
        for (const e of events) handler(e.data);
      }),
  };
}
