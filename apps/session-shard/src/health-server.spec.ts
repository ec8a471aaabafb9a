import { ShardMetrics } from '@zapgate/session-shard';
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

describe('session shard health server /metrics', () => {
  it('serves the shard metrics in the Prometheus text format on the health port', async () => {
    const metrics = new ShardMetrics({ defaultMetrics: false });
    metrics.instances.set(3);
    metrics.eventsStored.inc({ event: 'message-received' });
    const health = await startHealthServer(0, '127.0.0.1', {}, metrics);
    try {
      const res = await fetch(`http://127.0.0.1:${health.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toContain('zg_shard_instances 3');
      expect(text).toContain('zg_shard_events_published_total{event="message-received"} 1');
      expect(text).toContain('# TYPE zg_shard_event_buffer_depth gauge');
    } finally {
      await health.close();
    }
  });
});
