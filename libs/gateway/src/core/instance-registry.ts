import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, INSTANCE_KEY_PATTERN } from '@zapgate/contracts';
import {
  InstanceRepository,
  type Dialect,
  type InstanceRecord,
  type WebhookSettings,
} from '@zapgate/storage';
import { DIALECTS } from './dialects.js';

/** One-shot (`crypto.hash`): about half the cost of a Hash object, paid several times per request. */
const sha256 = (text: string) => hash('sha256', text, 'buffer');

/**
 * The one instance registry both dialects address: creation, lookup, tokens, deletion. Names are
 * one namespace, but each instance keeps the dialect that created it and answers only that one.
 */
@Injectable()
export class InstanceRegistry {
  constructor(private readonly repo: InstanceRepository) {}

  /** Creates an instance; with `withToken`, returns its new bearer token (stored only as a hash). */
  async create(
    key: string,
    dialect: Dialect,
    options: { withToken?: boolean; webhook?: WebhookSettings } = {},
  ): Promise<{ record: InstanceRecord; token?: string }> {
    if (!INSTANCE_KEY_PATTERN.test(key)) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'instance key must be 1 to 64 letters, digits, "_" or "-"',
      );
    }
    const token = options.withToken ? randomBytes(32).toString('base64url') : undefined;
    const now = new Date().toISOString();
    const record: InstanceRecord = {
      key,
      dialect,
      ...(token ? { tokenHash: sha256(token).toString('hex') } : {}),
      ...(options.webhook ? { webhook: options.webhook } : {}),
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.repo.create(record)))
      throw new DomainError(ErrorCode.InstanceExists, `instance ${key} already exists`);
    return { record, token };
  }

  /**
   * The instance if it exists, created on first use otherwise (WPPConnect sessions come to be when
   * started). An instance answers only the dialect that created it, so a name the other dialect
   * holds is refused.
   */
  async ensure(key: string, dialect: Dialect): Promise<InstanceRecord> {
    const record = (await this.repo.get(key)) ?? (await this.createOrGet(key, dialect));
    if (record.dialect !== dialect) throw InstanceRegistry.otherDialect(key, record.dialect);
    return record;
  }

  private async createOrGet(key: string, dialect: Dialect): Promise<InstanceRecord> {
    try {
      return (await this.create(key, dialect)).record;
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.InstanceExists)
        return (await this.repo.get(key))!;
      throw err;
    }
  }

  /** Refuses a name an instance of another dialect holds, for routes that would create it. */
  async requireFreeFor(key: string, dialect: Dialect): Promise<void> {
    const record = await this.repo.get(key);
    if (record && record.dialect !== dialect) throw InstanceRegistry.otherDialect(key, record.dialect);
  }

  private static otherDialect(key: string, holder: Dialect): DomainError {
    const { ownerLabel, routes } = DIALECTS[holder];
    return new DomainError(
      ErrorCode.InstanceExists,
      `the name ${key} belongs to ${ownerLabel}, which answers only the ${routes} routes (an instance is driven only through the dialect that created it)`,
    );
  }

  /** Whether an instance answers a dialect: only the one that created it does. */
  static belongsTo(record: InstanceRecord, dialect: Dialect): boolean {
    return record.dialect === dialect;
  }

  /**
   * Refuses, as not found, an instance another dialect holds (for a caller of `dialect` whose
   * credential would otherwise let it in, such as the admin token).
   */
  static requireDialect(record: InstanceRecord | undefined, dialect: Dialect): void {
    if (!record || InstanceRegistry.belongsTo(record, dialect)) return;
    const holder = DIALECTS[record.dialect];
    throw new DomainError(
      ErrorCode.InstanceNotFound,
      `${DIALECTS[dialect].instanceNoun} ${record.key} not found: the name belongs to ${holder.ownerLabel}, which answers only the ${holder.routes} routes`,
    );
  }

  async get(key: string): Promise<InstanceRecord> {
    const record = await this.repo.get(key);
    if (!record) throw new DomainError(ErrorCode.InstanceNotFound, `instance ${key} not found`);
    return record;
  }

  find(key: string): Promise<InstanceRecord | undefined> {
    return this.repo.get(key);
  }

  /** Every instance, or those of one dialect. */
  async list(dialect?: Dialect): Promise<InstanceRecord[]> {
    const records = await this.repo.list();
    return dialect ? records.filter((r) => r.dialect === dialect) : records;
  }

  async setWebhook(key: string, webhook: WebhookSettings): Promise<InstanceRecord> {
    const updated = await this.repo.update(key, { webhook });
    if (!updated) throw new DomainError(ErrorCode.InstanceNotFound, `instance ${key} not found`);
    return updated;
  }

  async setWebhookSecret(key: string, webhookSecret: string): Promise<void> {
    if (!(await this.repo.update(key, { webhookSecret })))
      throw new DomainError(ErrorCode.InstanceNotFound, `instance ${key} not found`);
  }

  async delete(key: string): Promise<void> {
    if (!(await this.repo.delete(key)))
      throw new DomainError(ErrorCode.InstanceNotFound, `instance ${key} not found`);
  }

  /** Constant-time check of a bearer token against the instance's stored hash. */
  static tokenMatches(record: InstanceRecord, token: string): boolean {
    if (!record.tokenHash) return false;
    return timingSafeEqual(Buffer.from(record.tokenHash, 'hex'), sha256(token));
  }
}

/** Constant-time comparison of two secrets of any length. */
export function secretEquals(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}
