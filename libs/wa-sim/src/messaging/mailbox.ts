import type { BinaryNode } from '@whiskeysockets/baileys';
import { ConnectionRegistry } from '../transport/connection-registry.js';

/**
 * Per-device delivery: straight to the live socket, or into the device's offline queue, which is
 * flushed (marked `offline`) right after its next login, as WhatsApp does. A `<message>` sent live
 * is kept until the device answers it (a `<receipt>` of any type or an `<ack class="message">`,
 * see `settle`); one still unanswered when the device logs in again is delivered again then
 * (`offline`, its original id and `t`), before the queue: a client that died between receiving
 * and receipting loses nothing.
 */
export class Mailboxes {
  private readonly queues = new Map<string, BinaryNode[]>();
  /** Messages sent live and not yet receipted or acked, by device, then by id. */
  private readonly unanswered = new Map<string, Map<string, BinaryNode>>();

  constructor(private readonly connections: ConnectionRegistry) {}

  async deliver(number: string, device: number, stanza: BinaryNode): Promise<'sent' | 'queued'> {
    const live = this.connections.get(number, device);
    if (live) {
      const id = stanza.attrs['id'];
      if (stanza.tag === 'message' && id) {
        const key = ConnectionRegistry.key(number, device);
        const kept = this.unanswered.get(key) ?? new Map<string, BinaryNode>();
        kept.set(id, stanza);
        this.unanswered.set(key, kept);
      }
      await live.send(stanza);
      return 'sent';
    }
    const key = ConnectionRegistry.key(number, device);
    const queue = this.queues.get(key) ?? [];
    queue.push({ ...stanza, attrs: { ...stanza.attrs, offline: '1' } });
    this.queues.set(key, queue);
    return 'queued';
  }

  /** The device answered these messages (receipt or ack): they are not delivered again. */
  settle(number: string, device: number, ids: string[]): void {
    const key = ConnectionRegistry.key(number, device);
    const kept = this.unanswered.get(key);
    if (!kept) return;
    for (const id of ids) kept.delete(id);
    if (!kept.size) this.unanswered.delete(key);
  }

  /** Messages sent live to the device and not answered yet. */
  pending(number: string, device: number): number {
    return this.unanswered.get(ConnectionRegistry.key(number, device))?.size ?? 0;
  }

  /** At login: the unanswered messages again (`offline`), then the offline queue. */
  drain(number: string, device: number): BinaryNode[] {
    const key = ConnectionRegistry.key(number, device);
    const queue = [...this.unansweredOf(key), ...(this.queues.get(key) ?? [])];
    this.queues.delete(key);
    this.unanswered.delete(key);
    return queue;
  }

  /** Stanzas about to be sent to the device at login (`drain`): its messages are kept until answered. */
  awaitAnswers(number: string, device: number, stanzas: BinaryNode[]): void {
    const key = ConnectionRegistry.key(number, device);
    const kept = this.unanswered.get(key) ?? new Map<string, BinaryNode>();
    for (const stanza of stanzas)
      if (stanza.tag === 'message' && stanza.attrs['id']) kept.set(stanza.attrs['id'], stanza);
    if (kept.size) this.unanswered.set(key, kept);
  }

  discard(number: string, device: number): void {
    this.queues.delete(ConnectionRegistry.key(number, device));
    this.unanswered.delete(ConnectionRegistry.key(number, device));
  }

  /** Every offline queue by `number:device` (unanswered messages first), for saving. */
  entries(): [string, BinaryNode[]][] {
    const keys = new Set([...this.unanswered.keys(), ...this.queues.keys()]);
    return [...keys].map((key) => [key, [...this.unansweredOf(key), ...(this.queues.get(key) ?? [])]]);
  }

  private unansweredOf(key: string): BinaryNode[] {
    return [...(this.unanswered.get(key)?.values() ?? [])].map((stanza) => ({
      ...stanza,
      attrs: { ...stanza.attrs, offline: '1' },
    }));
  }

  /** Puts saved offline queues back (before any device logs in). */
  restore(entries: [string, BinaryNode[]][]): void {
    for (const [key, queue] of entries) this.queues.set(key, queue);
  }
}
