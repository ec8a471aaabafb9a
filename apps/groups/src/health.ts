import { createServer } from 'node:http';

/**
 * `GET /health` (the process answers) and `GET /health/ready` (every check passes within 2 s;
 * 503 naming the failing ones otherwise): the groups service serves no other HTTP.
 */
export async function startHealth(
  port: number,
  host: string,
  checks: Record<string, () => Promise<void>>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return reply(405, { status: 'error', message: 'GET only' });
    if (path === '/health') return reply(200, { status: 'ok' });
    if (path !== '/health/ready') return reply(404, { status: 'error', message: 'not found' });
    void Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2_000);
            }),
          ]);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, `failing: ${err instanceof Error ? err.message : String(err)}`] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    ).then((results) => {
      const ok = results.every(([, r]) => r === 'ok');
      reply(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks: Object.fromEntries(results) });
    });
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
