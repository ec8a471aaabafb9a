import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, INSTANCE_KEY_PATTERN } from '@zapgate/contracts';
import {
  InstanceRepository,
  type Dialect,
  type InstanceRecord,
  type WebhookSettings,
} from '@zapgate/storage';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** The one instance registry both dialects address: creation, lookup, tokens, deletion. */
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

  /** The instance if it exists, created on first use otherwise (WPPConnect sessions come to be when started). */
  async ensure(key: string, dialect: Dialect): Promise<InstanceRecord> {
    const existing = await this.repo.get(key);
    if (existing) return existing;
    try {
      return (await this.create(key, dialect)).record;
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.InstanceExists)
        return (await this.repo.get(key))!;
      throw err;
    }
  }

  async get(key: string): Promise<InstanceRecord> {
    const record = await this.repo.get(key);
    if (!record) throw new DomainError(ErrorCode.InstanceNotFound, `instance ${key} not found`);
    return record;
  }

  find(key: string): Promise<InstanceRecord | undefined> {
    return this.repo.get(key);
  }

  list(): Promise<InstanceRecord[]> {
    return this.repo.list();
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
