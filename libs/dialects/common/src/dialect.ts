import type { EventEnvelope, WebhookDialect, WebhookRenderer, RenderedWebhook } from '@zapgate/contracts';
import type { ClientError, DialectErrorReply } from './dialect-error.js';

/**
 * What the gateway needs to know about a REST dialect, so that it looks a dialect up instead of
 * testing its name: where its routes live, how it words errors, how it reads bodies.
 */
export interface DialectDescriptor {
  /** The name instances record (the dialect that created them is the only one they answer). */
  readonly name: WebhookDialect;
  /** The first path segment of every route of the dialect (lower case; routing ignores case). */
  readonly pathPrefix: string;
  /** What the dialect calls an instance in messages ("instance", "session"). */
  readonly instanceNoun: string;
  /** An instance of this dialect, as another dialect's message names it ("a mega-API instance"). */
  readonly ownerLabel: string;
  /** Where its routes are, for the same messages ("/rest"). */
  readonly routes: string;
  /** The dialect's HTTP status and body for an error. */
  renderError(error: ClientError): DialectErrorReply;
  /** Bodies are JSON whatever their Content-Type says (multipart aside). */
  readonly readsAnyBodyAsJson: boolean;
  /** Repairs JSON text the dialect's clients are known to send broken; undefined when nothing to repair. */
  repairJson?(text: string): string | undefined;
  /**
   * The routes whose JSON bodies may carry a file as base64 (the path, query string left out,
   * matched case-insensitively): they get the media body limit instead of the general one.
   */
  readonly mediaBodyRoutes?: RegExp;
}

/** The webhook settings of an instance a dialect's rules look at. */
export interface WebhookRuleSettings {
  /** WPPConnect's `ignore` list as the instance set it. */
  ignore?: readonly string[];
}

/** How one dialect turns canonical events into POSTs, and which of them it leaves out. */
export interface DialectWebhookRules {
  render: WebhookRenderer;
  /** The event names the dialect sends (what an instance's filter may list). */
  events: readonly string[];
  /** Whether a rendered POST is left out under the instance's settings (WPPConnect's `ignore` list). */
  skip?(webhook: RenderedWebhook, settings: WebhookRuleSettings | undefined): boolean;
  /** Events sent only when an instance's filter names them (WPPConnect's `onselfmessage`). */
  offByDefault?: readonly string[];
  /**
   * Instances that set no webhook URL of their own post to the deployment's global one
   * (WPPConnect's WEBHOOK_URL).
   */
  usesGlobalUrl?: boolean;
  /** Files the dialect puts in its POSTs (WPPConnect's autoDownload), when the deployment can fetch them. */
  media?: WebhookMediaRule;
}

/** A message's file, downloaded for a webhook. */
export interface WebhookMediaFile {
  mime: string;
  /** The file, base64 without prefix. */
  base64: string;
}

/** Which message's file goes into a rendered POST, and how it goes in. */
export interface WebhookMediaRule {
  /** The message (of the event's instance) whose file this POST carries; undefined for none. */
  wants(
    webhook: RenderedWebhook,
    envelope: EventEnvelope,
  ): { id: string; chat?: string; size?: number } | undefined;
  /** The POST with the file in. */
  apply(webhook: RenderedWebhook, file: WebhookMediaFile): RenderedWebhook;
}
