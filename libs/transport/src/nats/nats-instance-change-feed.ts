import { Subjects, type InstanceChanged } from '@zapgate/contracts';
// types only: the transport does not load the storage adapters
import type { InstanceChangeFeed, InstanceChangeListener } from '@zapgate/storage';
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';

/** The longest a write waits for the server to take its notice. */
const PUBLISH_FLUSH_TIMEOUT_MS = 2_000;

/**
 * "Instance changed" notices over core NATS (`zg.instance.changed`, nothing stored). It follows the
 * connection's status: on a disconnect (or close, or a stale connection) `connected` turns false
 * and every listener is reset; on the reconnect (the subscription restored first) it turns true and
 * they are reset again, since notices published meanwhile never reached this process. A slow
 * consumer (notices dropped) resets them too. The client drops what it buffered when the
 * connection went down, so notices published while disconnected are kept here and sent once it is
 * back (for the processes that stayed connected, whose caches were not reset).
 */
export class NatsInstanceChangeFeed implements InstanceChangeFeed {
  private up = true;
  private readonly listeners = new Set<InstanceChangeListener>();
  private subscription?: NatsSubscription;
  /** Instances written while disconnected, announced on the reconnect. */
  private readonly unsent = new Set<string>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly onUnexpected: (err: unknown) => void = () => undefined,
  ) {
    void this.watch().catch(onUnexpected);
  }

  get connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  /**
   * Resolves once the server has taken the notice; while disconnected, at once (it is sent on the
   * reconnect).
   */
  async publish(key: string): Promise<void> {
    if (!this.connected) return void this.unsent.add(key);
    this.send(key);
    const late = new Error('NATS did not confirm the instance notice in time');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.nc.flush(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(late), PUBLISH_FLUSH_TIMEOUT_MS))),
      ]);
    } catch (err) {
      // maybe unsent (the client drops its buffer when the connection drops): sent again on the
      // reconnect; only a server that stays silent is the caller's to know
      this.unsent.add(key);
      if (err === late) throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async subscribe(listener: InstanceChangeListener): Promise<{ unsubscribe(): Promise<void> }> {
    this.listeners.add(listener);
    if (!this.subscription) {
      this.subscription = this.nc.subscribe(Subjects.instanceChanged, {
        callback: (err, msg) => {
          if (err) return this.resetAll();
          let key: unknown;
          try {
            key = msg.json<InstanceChanged>().instance;
          } catch (e) {
            this.onUnexpected(e);
          }
          // an unreadable notice names no instance: forget them all
          if (typeof key !== 'string') return this.resetAll();
          for (const l of this.listeners) l.changed(key);
        },
      });
    }
    // the server has the subscription once it answered a ping sent after it
    await this.nc.flush();
    return {
      unsubscribe: async () => {
        this.listeners.delete(listener);
        if (this.listeners.size || !this.subscription) return;
        const subscription = this.subscription;
        this.subscription = undefined;
        subscription.unsubscribe();
      },
    };
  }

  private async watch(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect' || s.type === 'close' || s.type === 'staleConnection') {
        this.up = false;
        this.resetAll();
      } else if (s.type === 'reconnect') {
        for (const key of this.unsent) this.send(key);
        this.unsent.clear();
        this.up = true;
        this.resetAll();
      } else if (s.type === 'slowConsumer' && s.sub === this.subscription) this.resetAll();
    }
  }

  private send(key: string): void {
    const notice: InstanceChanged = { instance: key };
    this.nc.publish(Subjects.instanceChanged, JSON.stringify(notice));
  }

  private resetAll(): void {
    for (const l of this.listeners) l.reset();
  }
}
