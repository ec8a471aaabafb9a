import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HealthCheck = () => Promise<void>;

/** A Prometheus registry as the health server serves it on `GET /metrics`. */
export interface MetricsSource {
  scrape(): Promise<string>;
  readonly contentType: string;
}

export interface HealthServer {
  port: number;
  /** Readiness fails from now on (the shard is stopping and takes no more work). */
  draining(): void;
  close(): Promise<void>;
}

/**
 * The shard's probes, on a port of their own (it serves no other HTTP): `GET /health` answers 200
 * while the process runs (liveness); `GET /health/ready` 200 when every check passes and the shard
 * is not stopping, 503 with the failing checks otherwise (readiness). The same bodies as the
 * gateway's `/health` routes. With `metrics`, `GET /metrics` answers them in Prometheus' text format.
 */
export async function startHealthServer(
  port: number,
  host: string,
  checks: Record<string, HealthCheck>,
  metrics?: MetricsSource,
): Promise<HealthServer> {
  let stopping = false;
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return reply(405, { status: 'error', message: 'GET only' });
    if (req.url === '/health') return reply(200, { status: 'ok' });
    if (req.url === '/metrics' && metrics) {
      void metrics.scrape().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.contentType });
          res.end(text);
        },
        (err: unknown) => reply(500, { status: 'error', message: `metrics failed: ${String(err)}` }),
      );
      return;
    }
    if (req.url !== '/health/ready') return reply(404, { status: 'error', message: 'not found' });
    void Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2_000);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, `failing: ${(err as Error).message}`] as const;
        }
      }),
    ).then((results) => {
      const report = Object.fromEntries(results);
      const ok = !stopping && results.every(([, r]) => r === 'ok');
      reply(ok ? 200 : 503, {
        status: ok ? 'ok' : 'unavailable',
        checks: { ...report, ...(stopping ? { shard: 'stopping' } : {}) },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    draining: () => void (stopping = true),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
