import { createServer } from 'node:http';

/** A Prometheus registry as a health server serves it on `GET /metrics`. */
export interface MetricsSource {
  scrape(): Promise<string>;
  readonly contentType: string;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /health` (liveness: the process answers) and `GET /health/ready` (readiness: every check
 * passes; 503 with the failing ones otherwise), for a process that serves no other HTTP; with
 * `metrics`, `GET /metrics` in Prometheus' text format too.
 */
export async function startHealthServer(
  port: number,
  host: string,
  checks: () => Record<string, () => Promise<void>>,
  metrics?: MetricsSource,
): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return reply(405, { status: 'error', message: 'GET only' });
    if (path === '/health') return reply(200, { status: 'ok' });
    if (path === '/metrics' && metrics)
      return void metrics.scrape().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        (err: unknown) => reply(500, { status: 'error', message: `metrics failed: ${String(err)}` }),
      );
    if (path !== '/health/ready') return reply(404, { status: 'error', message: 'not found' });
    void (async () => {
      const results: Record<string, string> = {};
      await Promise.all(
        Object.entries(checks()).map(async ([name, check]) => {
          try {
            await Promise.race([
              check(),
              new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2_000)),
            ]);
            results[name] = 'ok';
          } catch (err) {
            results[name] = `failing: ${err instanceof Error ? err.message : String(err)}`;
          }
        }),
      );
      const ok = Object.values(results).every((r) => r === 'ok');
      reply(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks: results });
    })();
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
