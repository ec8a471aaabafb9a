import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ReceivedWebhook {
  /** Path and query string as requested. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body text (what a signature covers). */
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  at: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Webhooks answered with 2xx, in arrival order. */
  received: ReceivedWebhook[];
  /** Every request, whatever the answer. */
  requests: ReceivedWebhook[];
  /** Decides the answer (default 200); may delay. */
  respond: (hook: ReceivedWebhook, res: ServerResponse) => void | Promise<void>;
  /** Resolves when `count` webhooks matching `filter` have arrived (rejects after `timeoutMs`). */
  waitFor(
    count: number,
    filter?: (h: ReceivedWebhook) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook[]>;
  /** Stops listening and drops open connections (the receiver is "down"); `up()` listens again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP webhook receiver on loopback that records every POST. */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let server: Server | undefined;
  const receiver: WebhookReceiver = {
    url: '',
    port,
    received: [],
    requests: [],
    respond: (_h, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
    waitFor: (count, filter = () => true, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hits = receiver.received.filter(filter);
          if (hits.length < count) return false;
          clearTimeout(timer);
          waiters.delete(check as () => void);
          resolve(hits);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check as () => void);
          reject(
            new Error(
              `only ${receiver.received.filter(filter).length} of ${count} webhooks within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check as () => void);
      }),
    up: async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString();
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            body = undefined;
          }
          const hook: ReceivedWebhook = {
            url: req.url ?? '',
            headers: req.headers,
            raw,
            body,
            at: Date.now(),
          };
          receiver.requests.push(hook);
          void Promise.resolve(receiver.respond(hook, res)).then(() => {
            if (res.statusCode >= 200 && res.statusCode < 300) {
              receiver.received.push(hook);
              for (const w of [...waiters]) w();
            }
          });
        });
      });
      server.keepAliveTimeout = 60_000;
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => server!.listen(receiver.port, '127.0.0.1', r));
      receiver.port = (server.address() as { port: number }).port;
      receiver.url = `http://127.0.0.1:${receiver.port}`;
    },
    down: async () => {
      if (!server) return;
      const closing = new Promise((r) => server!.close(r));
      for (const s of sockets) s.destroy();
      await closing;
      server = undefined;
    },
    close: () => receiver.down(),
  };
  await receiver.up();
  return receiver;
}
