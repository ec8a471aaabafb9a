export type Dialect = 'mega' | 'wppconnect';

export interface WebhookSettings {
  url: string;
  enabled: boolean;
  /** Event names to deliver; empty or absent means all. */
  events?: string[];
  /** WPPConnect: skip events whose name, sender (`from`) or type is listed (default `status@broadcast`). */
  ignore?: string[];
}

/** The WhatsApp account an instance is linked to, as last seen (for webhook bodies). */
export interface InstanceAccount {
  id: string;
  lid?: string;
  name?: string;
}

/** An instance (mega "instance_key", WPPConnect "session"): one WhatsApp account. */
export interface InstanceRecord {
  key: string;
  /** The dialect the instance was created through (webhooks are rendered in it). */
  dialect: Dialect;
  /** SHA-256 (hex) of the instance's bearer token; the token itself is never stored. */
  tokenHash?: string;
  webhook?: WebhookSettings;
  /** HMAC-SHA256 key for webhook signatures (never rendered into payloads or read back by the API). */
  webhookSecret?: string;
  account?: InstanceAccount;
  createdAt: string;
  updatedAt: string;
}

export type InstancePatch = Partial<
  Pick<InstanceRecord, 'tokenHash' | 'webhook' | 'dialect' | 'webhookSecret' | 'account'>
>;

/** Instances, addressed by key. */
export abstract class InstanceRepository {
  /** Inserts the instance; false (and nothing written) when the key is taken. */
  abstract create(record: InstanceRecord): Promise<boolean>;
  abstract get(key: string): Promise<InstanceRecord | undefined>;
  abstract list(): Promise<InstanceRecord[]>;
  /** Applies the patch; undefined when the instance does not exist. */
  abstract update(key: string, patch: InstancePatch): Promise<InstanceRecord | undefined>;
  abstract delete(key: string): Promise<boolean>;
}

/** One stored auth-state entry: `type` is `creds` or a Signal key type, `value` opaque JSON text. */
export interface AuthEntry {
  type: string;
  id: string;
  /** Serialised value; null deletes the entry. */
  value: string | null;
}

/** The id of an auth document: one per instance, key type and key id (both adapters use it). */
export const authDocId = (instance: string, type: string, id: string): string =>
  `${instance}\u0000${type}\u0000${id}`;

/** Current layout of auth documents; bump it (and migrate) when it changes. */
export const AUTH_SCHEMA_VERSION = 1;

/**
 * WhatsApp auth state (creds and every Signal key), one document per key, always scoped to an
 * instance. Writes of one instance are applied in the order they were made.
 */
export abstract class AuthStateRepository {
  /** Stored values for those ids (missing ids are absent from the result). */
  abstract read(instance: string, type: string, ids: string[]): Promise<Record<string, string>>;
  abstract write(instance: string, entries: AuthEntry[]): Promise<void>;
  /** Removes every entry of the instance (logout, deletion). */
  abstract clear(instance: string): Promise<void>;
  /** How many entries the instance has (for tests and metrics). */
  abstract count(instance: string): Promise<number>;
  /**
   * Every stored entry of the instance (values never null), as of one moment: the writes made
   * before the call are in it, none made after (session backups).
   */
  abstract entries(instance: string): Promise<AuthEntry[]>;
}

export * from './webhook-deliveries.ports.js';
export * from './messages.ports.js';
export * from './chats.ports.js';
export * from './labels.ports.js';
export * from './bulk-jobs.ports.js';
