import type { EventEnvelope } from './events.js';
import type { EventName } from './subjects.js';
import type { AccountIdentity } from './instance.js';

/** The REST dialects zapgate speaks; webhooks are rendered in the one they were configured through. */
export type WebhookDialect = 'mega' | 'wppconnect';

/** What a renderer knows about the instance an event belongs to (never secrets or tokens). */
export interface WebhookInstance {
  key: string;
  /** The connected account, when known. */
  me?: AccountIdentity;
}

/** One HTTP POST a dialect makes of a canonical event. */
export interface RenderedWebhook {
  /** The dialect's own event name (mega `message`, `connection_update`; wpp `onmessage`, `onack`...). */
  event: string;
  body: Record<string, unknown>;
}

/** Renders one canonical event in a dialect: none, one or several POST bodies. Pure. */
export type WebhookRenderer = (envelope: EventEnvelope, instance: WebhookInstance) => RenderedWebhook[];

/** One renderer per canonical event, each typed by its event's payload. */
export type EventWebhookRenderers = {
  [E in EventName]: (envelope: EventEnvelope<E>, instance: WebhookInstance) => RenderedWebhook[];
};

/** A dialect's renderer from its table of per-event renderers. */
export function webhookRenderer(renderers: EventWebhookRenderers): WebhookRenderer {
  return (envelope, instance) =>
    (renderers[envelope.event] as (e: EventEnvelope, i: WebhookInstance) => RenderedWebhook[])(
      envelope,
      instance,
    );
}
