import { startHealthServer } from './health-server.js';

describe('session shard health server', () => {
  it('answers liveness, readiness with each check, and not-ready once draining', async () => {
    let natsUp = true;
    const health = await startHealthServer(0, '127.0.0.1', {
      nats: async () => {
        if (!natsUp) throw new Error('connection closed');
      },
      mongodb: async () => undefined,
    });
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${health.port}${path}`);
      return { status: res.status, body: await res.json() };
    };
    try {
      expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await get('/health/ready')).toEqual({
        status: 200,
        body: { status: 'ok', checks: { nats: 'ok', mongodb: 'ok' } },
      });
      natsUp = false;
      expect(await get('/health/ready')).toEqual({
        status: 503,
        body: { status: 'unavailable', checks: { nats: 'failing: connection closed', mongodb: 'ok' } },
      });
      natsUp = true;
      health.draining();
      expect(await get('/health/ready')).toMatchObject({
        status: 503,
        body: { status: 'unavailable', checks: { shard: 'stopping' } },
      });
      expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
      expect((await get('/nope')).status).toBe(404);
    } finally {
      await health.close();
    }
  });
});
