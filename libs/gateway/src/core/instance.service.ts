import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type InstanceStatus } from '@zapgate/contracts';
import type { Dialect, InstanceRecord, WebhookSettings } from '@zapgate/storage';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

/**
 * The life of an instance, the same for both dialects: the registry (create, find, delete) and
 * the connection commands its shard answers (connect, status, QR, pairing code, logout, restart,
 * close). Controllers map HTTP to these calls and the results to their dialect's bodies.
 */
@Injectable()
export class InstanceService {
  private readonly logger = new Logger('Instances');

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
  ) {}

  /** Creates an instance; with `withToken`, returns its new bearer token (stored only as a hash). */
  create(
    key: string,
    dialect: Dialect,
    options: { withToken?: boolean; webhook?: WebhookSettings } = {},
  ): Promise<{ record: InstanceRecord; token?: string }> {
    return this.registry.create(key, dialect, options);
  }

  /** The instance, created on first use (WPPConnect sessions come to be when started). */
  ensure(key: string, dialect: Dialect): Promise<InstanceRecord> {
    return this.registry.ensure(key, dialect);
  }

  /** Refuses a name an instance of another dialect holds, for routes that would create it. */
  requireFreeFor(key: string, dialect: Dialect): Promise<void> {
    return this.registry.requireFreeFor(key, dialect);
  }

  /** The instance's record; instance_not_found when there is none. */
  get(key: string): Promise<InstanceRecord> {
    return this.registry.get(key);
  }

  async exists(key: string): Promise<boolean> {
    return !!(await this.registry.find(key));
  }

  /** The names of a dialect's instances. */
  async keys(dialect: Dialect): Promise<string[]> {
    return (await this.registry.list(dialect)).map((r) => r.key);
  }

  /** The connection status of each instance of a dialect. */
  async statuses(dialect: Dialect): Promise<InstanceStatus[]> {
    const records = await this.registry.list(dialect);
    return Promise.all(records.map((r) => this.client.send('get-status', { instance: r.key })));
  }

  /** The connection status; instance_not_found when there is no such instance. */
  async status(key: string): Promise<InstanceStatus> {
    await this.registry.get(key);
    return this.client.send('get-status', { instance: key });
  }

  /** The connection status, or undefined when there is no such instance. */
  async statusIfExists(key: string): Promise<InstanceStatus | undefined> {
    return (await this.registry.find(key)) ? this.client.send('get-status', { instance: key }) : undefined;
  }

  /** The status of a connected instance; not_connected for any other (or none). */
  async requireConnected(key: string): Promise<InstanceStatus> {
    const status = await this.statusIfExists(key);
    if (status?.state !== 'connected')
      throw new DomainError(
        ErrorCode.NotConnected,
        'the instance is not connected',
        status ? { state: status.state } : undefined,
      );
    return status;
  }

  /**
   * Opens the connection (no-op when open) and answers once there is something to show: a QR, a
   * pairing code (with `pairingPhone`), the connection, or a terminal state.
   */
  async connect(key: string, pairingPhone?: string): Promise<InstanceStatus> {
    await this.registry.get(key);
    return this.client.send('connect', { instance: key, ...(pairingPhone ? { pairingPhone } : {}) });
  }

  /** Opens the connection without waiting for it; a failure is logged. */
  startInBackground(key: string, pairingPhone?: string): void {
    void this.client
      .send('connect', { instance: key, ...(pairingPhone ? { pairingPhone } : {}) })
      .catch((err: unknown) => this.logger.warn(`starting ${key}: ${String(err)}`));
  }

  /** Opens the connection of every instance of a dialect, without waiting. */
  async startAll(dialect: Dialect): Promise<void> {
    for (const key of await this.keys(dialect)) this.startInBackground(key);
  }

  /** The current QR text, starting the connection if needed; already_connected when linked. */
  async qr(key: string): Promise<string> {
    const status = await this.connect(key);
    if (status.state === 'connected')
      throw new DomainError(ErrorCode.AlreadyConnected, 'the instance is already connected');
    return status.qr ?? (await this.client.send('get-qr', { instance: key })).qr;
  }

  /** A pairing code for the phone number (digits), starting the connection for it if needed. */
  async pairingCode(key: string, phone: string): Promise<string> {
    const status = await this.connect(key, phone);
    if (status.state === 'connected')
      throw new DomainError(ErrorCode.AlreadyConnected, 'the instance is already connected');
    return (
      status.pairingCode ?? (await this.client.send('request-pairing-code', { instance: key, phone })).code
    );
  }

  /** Unlinks the device from the phone; instance_not_found or not_connected first. */
  async logout(key: string): Promise<void> {
    await this.registry.get(key);
    await this.requireConnected(key);
    await this.client.send('logout', { instance: key });
  }

  /** Closes and reopens the connection with the same credentials. */
  async restart(key: string): Promise<InstanceStatus> {
    await this.registry.get(key);
    return this.client.send('restart', { instance: key });
  }

  /** Closes the connection and keeps the credentials. */
  async close(key: string): Promise<InstanceStatus> {
    await this.registry.get(key);
    return this.client.send('close', { instance: key });
  }

  /** Deletes the instance, logging out first when it is connected (closing it otherwise). */
  async delete(key: string): Promise<void> {
    const status = await this.status(key);
    await this.client.send(status.state === 'connected' ? 'logout' : 'close', { instance: key });
    await this.registry.delete(key);
  }
}
