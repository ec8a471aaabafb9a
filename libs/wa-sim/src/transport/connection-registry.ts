import type { ClientConnection } from './client-connection.js';

/** Which socket is live for which device (`number:device`), and how often two overlapped. */
export class ConnectionRegistry {
  private readonly live = new Map<string, ClientConnection>();
  /** Every time a device logged in while an earlier socket of it was still live. */
  concurrentLogins = 0;
  /** Every login, overlapping or not. */
  logins = 0;

  static key(number: string, device: number): string {
    return `${number}:${device}`;
  }

  get(number: string, device: number): ClientConnection | undefined {
    const c = this.live.get(ConnectionRegistry.key(number, device));
    return c?.isOpen ? c : undefined;
  }

  /** Registers a newly logged-in socket; returns the one it replaces, if that one is still live. */
  bind(number: string, device: number, connection: ClientConnection): ClientConnection | undefined {
    const key = ConnectionRegistry.key(number, device);
    const previous = this.live.get(key);
    this.live.set(key, connection);
    this.logins++;
    if (previous && previous !== connection && previous.isOpen) {
      this.concurrentLogins++;
      return previous;
    }
    return undefined;
  }

  unbind(connection: ClientConnection): void {
    if (!connection.login) return;
    const key = ConnectionRegistry.key(connection.login.number, connection.login.device);
    if (this.live.get(key) === connection) this.live.delete(key);
  }

  /** Sockets logged in and open now. */
  get liveCount(): number {
    let n = 0;
    for (const c of this.live.values()) if (c.isOpen) n++;
    return n;
  }

  forAccount(number: string): ClientConnection[] {
    return [...this.live.entries()]
      .filter(([key, c]) => key.startsWith(`${number}:`) && c.isOpen)
      .map(([, c]) => c);
  }
}
