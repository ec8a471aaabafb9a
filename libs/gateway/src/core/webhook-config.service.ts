import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import {
  WebhookDeliveryRepository,
  type DeliveryAttempt,
  type DeliveryQuery,
  type DeliveryRecord,
  type DeliveryStatus,
  type Dialect,
  type InstanceRecord,
  type WebhookSettings,
} from '@zapgate/storage';
import {
  MIN_WEBHOOK_SECRET_LENGTH,
  newWebhookSecret,
  unknownEventNames,
  webhookUrlProblem,
  type WebhookSecretBox,
  type WebhookUrlPolicy,
} from '@zapgate/webhook-core';
import { InstanceRegistry } from './instance-registry.js';

/** What the gateway knows about webhooks, decided by the app (env and the dialect libraries). */
export abstract class WebhookGatewaySettings {
  abstract readonly urlPolicy: WebhookUrlPolicy;
  /** Event names each dialect can send (what an instance's filter may list). */
  abstract readonly events: Record<Dialect, readonly string[]>;
  /** Seals signing secrets before they are stored (ZG_DATA_KEY; the dispatcher opens them). */
  abstract readonly secrets: WebhookSecretBox;
}

export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'dead'];

/**
 * The delivery log filter as the admin routes receive it (query strings, both dialects): each one
 * a string, or an array when a client repeats it (refused), or absent.
 */
export interface DeliveryListQuery {
  status?: unknown;
  from?: unknown;
  to?: unknown;
  limit?: unknown;
}

/** One delivery as the admin routes show it, with its attempts. */
export interface DeliveryView {
  id: string;
  event: string;
  canonicalEvent: string;
  status: DeliveryStatus;
  attempts: number;
  url: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt?: string;
  lastStatusCode?: number;
  lastError?: string;
  body: unknown;
  log: Omit<DeliveryAttempt, 'deliveryId' | 'instance'>[];
}

const MAX_LIST = 500;
const DEFAULT_LIST = 100;

/** Webhook settings and the delivery log of an instance, the same for both dialects. */
@Injectable()
export class WebhookConfigService {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly settings: WebhookGatewaySettings,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  /** Validates a URL (format, link-local and metadata addresses) with the caller's field name in the message. */
  checkUrl(field: string, url: string): void {
    const problem = webhookUrlProblem(url, this.settings.urlPolicy);
    if (problem) throw new DomainError(ErrorCode.ValidationFailed, `${field}: ${problem}`);
  }

  checkEvents(field: string, dialect: Dialect, events: readonly string[] | undefined): void {
    if (!events?.length) return;
    const unknown = unknownEventNames(events, this.settings.events[dialect]);
    if (unknown.length)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${field}: unknown event name(s) ${unknown.join(', ')}; known: ${this.settings.events[dialect].join(', ')}`,
      );
  }

  async configure(key: string, webhook: WebhookSettings): Promise<InstanceRecord> {
    const record = await this.registry.get(key);
    if (webhook.url) this.checkUrl('url', webhook.url);
    this.checkEvents('events', record.dialect, webhook.events);
    return this.registry.setWebhook(key, webhook);
  }

  /**
   * Sets the signing secret (generated when not given); returns it only when generated. It is
   * stored sealed (AES-256-GCM under ZG_DATA_KEY), which also seals one stored before encryption.
   */
  async setSecret(key: string, given?: string | null): Promise<{ generated?: string }> {
    await this.registry.get(key);
    // `null` (which @IsOptional lets through) asks for a generated secret, as a missing one does
    const secret = given ?? undefined;
    if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET_LENGTH)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `secret must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (or omit it to get a generated one)`,
      );
    const value = secret ?? newWebhookSecret();
    await this.registry.setWebhookSecret(key, this.settings.secrets.seal(key, value));
    return secret === undefined ? { generated: value } : {};
  }

  /** The delivery log of an instance, filtered as the admin routes' query strings ask. */
  async list(key: string, raw: DeliveryListQuery): Promise<DeliveryView[]> {
    const [status, from, to, limitText] = (['status', 'from', 'to', 'limit'] as const).map((name) => {
      const value = raw[name];
      if (value !== undefined && typeof value !== 'string')
        throw new DomainError(ErrorCode.ValidationFailed, `${name} must be given once`);
      return value === '' ? undefined : value;
    });
    if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `status must be one of ${DELIVERY_STATUSES.join(', ')}`,
      );
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        throw new DomainError(ErrorCode.ValidationFailed, `${name} must be an ISO date-time`);
    if (limitText !== undefined && !(/^\d+$/.test(limitText) && +limitText >= 1 && +limitText <= MAX_LIST))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `limit must be a whole number from 1 to ${MAX_LIST} (default ${DEFAULT_LIST})`,
      );
    const query: DeliveryQuery = {
      ...(status ? { status: status as DeliveryStatus } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      limit: limitText === undefined ? DEFAULT_LIST : Number(limitText),
    };
    await this.registry.get(key);
    const records = await this.deliveries.list(key, query);
    const attempts = await this.deliveries.attempts(
      key,
      records.map((r) => r.id),
    );
    return records.map((r) => view(r, attempts));
  }

  async replayOne(key: string, id: string): Promise<number> {
    await this.registry.get(key);
    const n = await this.deliveries.replay(key, { id });
    if (!n) throw new DomainError(ErrorCode.DeliveryNotFound, `delivery ${id} not found for ${key}`);
    return n;
  }

  async replayRange(key: string, from: string, to: string): Promise<number> {
    await this.registry.get(key);
    const [a, b] = [Date.parse(from), Date.parse(to)];
    if (Number.isNaN(a) || Number.isNaN(b) || a > b)
      throw new DomainError(ErrorCode.ValidationFailed, 'from and to must be ISO date-times with from <= to');
    return this.deliveries.replay(key, { from: new Date(a).toISOString(), to: new Date(b).toISOString() });
  }
}

function view(r: DeliveryRecord, attempts: DeliveryAttempt[]): DeliveryView {
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    body = r.body;
  }
  return {
    id: r.id,
    event: r.event,
    canonicalEvent: r.eventName,
    status: r.status,
    attempts: r.attempts,
    url: r.url,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.deliveredAt ? { deliveredAt: r.deliveredAt } : {}),
    ...(r.lastStatusCode !== undefined ? { lastStatusCode: r.lastStatusCode } : {}),
    ...(r.lastError ? { lastError: r.lastError } : {}),
    body,
    log: attempts.filter((a) => a.deliveryId === r.id).map(({ deliveryId: _d, instance: _i, ...a }) => a),
  };
}
