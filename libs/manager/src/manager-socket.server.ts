import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { EventEnvelope } from '@zapgate/contracts';
import { AuthThrottle, GatewaySettings, InstanceRegistry, WppTokenService } from '@zapgate/gateway';
import type { Subscription } from '@zapgate/transport';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { LiveEvents } from './live-events.js';
import { bearerOf, managerRoleOf } from './manager-auth.guard.js';
import { wppSocketEvents } from './wpp-socket-events.js';

/** The room of every session's events (admin token or SECRET_KEY without a session). */
const ALL = 'all';
const roomOf = (session: string) => `session:${session}`;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Socket.IO on the gateway's own HTTP server (path `/socket.io`, as WPPConnect-server), fed from
 * the live events. A client names its session and token in the handshake (`auth: {session,
 * token}`, or the same as query parameters, or `Authorization: Bearer`): a session's WPPConnect
 * token (or a mega instance's token) gets that session's events; the admin token or SECRET_KEY
 * gets the named session's, or every session's when none is named. Anything else is refused
 * (`connect_error` "unauthorized") and counts towards the gateway's per-address throttle.
 */
@Injectable()
export class ManagerSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ManagerSocket');
  private io?: Server;
  private subscription?: Subscription;
  /** Events are turned into emits one at a time, so they go out in the order they happened. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly live: LiveEvents,
    private readonly settings: GatewaySettings,
    private readonly registry: InstanceRegistry,
    private readonly tokens: WppTokenService,
    private readonly throttle: AuthThrottle,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const http = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    // serveClient off: no client script from here (the manager bundles its own); same origin only
    this.io = new Server(http, { serveClient: false, transports: ['websocket', 'polling'] });
    this.io.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
      );
    });
    this.subscription = await this.live.subscribe((envelope) => {
      this.queue = this.queue
        .then(() => this.emit(envelope))
        .catch((err: unknown) => {
          this.logger.warn(`socket event of ${envelope.instance} not sent: ${String(err)}`);
        });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.unsubscribe();
    this.io?.disconnectSockets(true);
    // the HTTP server is Nest's to close; only the engine's timers and sockets are ours
    this.io?.engine.close();
  }

  private async admit(socket: Socket): Promise<void> {
    const hs = socket.handshake;
    const auth = (hs.auth ?? {}) as Record<string, unknown>;
    const token = text(auth['token']) ?? text(hs.query['token']) ?? bearerOf(hs.headers.authorization);
    const session = text(auth['session']) ?? text(hs.query['session']);
    const address = hs.address;
    if ((await this.throttle.blockedForMs(address)) > 0) throw new Error('too many failed attempts');
    if (managerRoleOf(this.settings, token)) {
      await socket.join(session ? roomOf(session) : ALL);
      return;
    }
    if (token && session && (await this.sessionTokenMatches(session, token))) {
      await socket.join(roomOf(session));
      return;
    }
    await this.throttle.recordFailure(address);
    throw new Error('unauthorized');
  }

  private async sessionTokenMatches(session: string, token: string): Promise<boolean> {
    // a WPPConnect client may listen before it starts its session (the record comes to be then)
    const record = await this.registry.find(session);
    if (record?.dialect === 'mega') return InstanceRegistry.tokenMatches(record, token);
    return this.tokens.verify(session, token).catch(() => false);
  }

  private async emit(envelope: EventEnvelope): Promise<void> {
    const io = this.io;
    if (!io) return;
    const rooms = [ALL, roomOf(envelope.instance)];
    // nobody listening: no QR drawn, no record read
    const listeners = await io.in(rooms).fetchSockets();
    if (!listeners.length) return;
    const record = await this.registry.find(envelope.instance);
    const me = record?.account;
    const emits = await wppSocketEvents(envelope, { key: envelope.instance, ...(me ? { me } : {}) });
    for (const [event, payload] of emits) io.to(rooms).emit(event, payload);
  }
}
