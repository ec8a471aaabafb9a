import type { BinaryNode } from '@whiskeysockets/baileys';
import { ConnectionRegistry } from '../transport/connection-registry.js';

/**
 * Per-device delivery: straight to the live socket, or into the device's offline queue, which is
 * flushed (marked `offline`) right after its next login, as WhatsApp does.
 */
export class Mailboxes {
  private readonly queues = new Map<string, BinaryNode[]>();

  constructor(private readonly connections: ConnectionRegistry) {}

  async deliver(number: string, device: number, stanza: BinaryNode): Promise<'sent' | 'queued'> {
    const live = this.connections.get(number, device);
    if (live) {
      await live.send(stanza);
      return 'sent';
    }
    const key = ConnectionRegistry.key(number, device);
    const queue = this.queues.get(key) ?? [];
    queue.push({ ...stanza, attrs: { ...stanza.attrs, offline: '1' } });
    this.queues.set(key, queue);
    return 'queued';
  }

  drain(number: string, device: number): BinaryNode[] {
    const key = ConnectionRegistry.key(number, device);
    const queue = this.queues.get(key) ?? [];
    this.queues.delete(key);
    return queue;
  }

  discard(number: string, device: number): void {
    this.queues.delete(ConnectionRegistry.key(number, device));
  }

  /** Every offline queue by `number:device`, for saving. */
  entries(): [string, BinaryNode[]][] {
    return [...this.queues.entries()];
  }

  /** Puts saved offline queues back (before any device logs in). */
  restore(entries: [string, BinaryNode[]][]): void {
    for (const [key, queue] of entries) this.queues.set(key, queue);
  }
}
