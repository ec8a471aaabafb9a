import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subjects, type EventEnvelope, type WebhookDialect, type WebhookRenderer } from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { startWebhookReceiver, type WebhookReceiver } from '@zapgate/testing';
import { MemoryEventLog } from '@zapgate/transport';
import { pino } from 'pino';
import { DispatcherMetrics } from './dispatcher-metrics.js';
import { startHealthServer } from './health-server.js';
import { OutboxEventLog } from './outbox-event-log.js';
import { WebhookDispatcher, type DialectWebhooks } from './webhook-dispatcher.js';
import { HttpWebhookSender } from './webhook-sender.js';

const render: WebhookRenderer = (e) =>
  e.event === 'message-received'
    ? [{ event: 'message', body: { text: (e.data as { text: string }).text } }]
    : [];
const dialects: Record<WebhookDialect, DialectWebhooks> = {
  mega: { render },
  wppconnect: { render },
};

describe(DispatcherMetrics.name, () => {
  let dir: string;
  let storage: EmbeddedStorage;
  let receiver: WebhookReceiver;
  const sender = new HttpWebhookSender({ allowPrivateNetworks: true });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-webhook-metrics-'));
    storage = await openEmbeddedStorage(dir);
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  afterAll(() => sender.close());

  it('counts deliveries, retries, dead letters and POST latency, served on the health port', async () => {
    const metrics = new DispatcherMetrics({ defaultMetrics: false });
    const sut = new WebhookDispatcher(
      {
        owner: 'metrics-test',
        durable: 'zg-webhooks',
        timeoutMs: 2_000,
        retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 40 },
        concurrency: 4,
        pollMs: 100,
        claimTtlMs: 5_000,
        retentionMs: 3_600_000,
        batchSize: 16,
        settingsCheckMs: 100,
      },
      {
        instances: storage.instances,
        deliveries: storage.deliveries,
        sender,
        dialects,
        logger: pino({ level: 'silent' }),
        metrics,
      },
    );
    // "fail" is answered 500 twice: one retry, then a dead letter (2 attempts)
    receiver.respond = (hook, res) =>
      void res.writeHead((hook.body as { text: string }).text === 'fail' ? 500 : 200).end();
    const now = new Date().toISOString();
    await storage.instances.create({ key: 'shop', dialect: 'mega', createdAt: now, updatedAt: now });
    await storage.instances.update('shop', {
      webhook: { url: `${receiver.url}/hook`, enabled: true } as never,
    });
    const log = new OutboxEventLog(new MemoryEventLog(), (events) => sut.ingest(events));
    await sut.start();
    const health = await startHealthServer(0, '127.0.0.1', () => ({}), metrics);
    try {
      for (const text of ['a', 'b', 'fail']) {
        const envelope: EventEnvelope<'message-received'> = {
          id: randomUUID(),
          instance: 'shop',
          event: 'message-received',
          at: now,
          data: {
            id: randomUUID(),
            chat: '5511999990002@s.whatsapp.net',
            sender: '5511999990002@s.whatsapp.net',
            fromMe: false,
            timestamp: 1,
            type: 'conversation',
            text,
            delivery: 'notify',
            raw: {},
          },
        };
        await log.publish(Subjects.event('shop', 'message-received'), envelope, { id: envelope.id });
      }
      const scrape = async () => {
        const res = await fetch(`http://127.0.0.1:${health.port}/metrics`);
        expect(res.status).toBe(200);
        return res.text();
      };
      const deadline = Date.now() + 10_000;
      let text = await scrape();
      while (!text.includes('zg_webhook_dead_letters_total 1') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        text = await scrape();
      }
      expect(text).toContain('zg_webhook_deliveries_enqueued_total 3');
      expect(text).toContain('zg_webhook_attempts_total{outcome="delivered"} 2');
      expect(text).toContain('zg_webhook_attempts_total{outcome="retry"} 1');
      expect(text).toContain('zg_webhook_attempts_total{outcome="dead"} 1');
      expect(text).toContain('zg_webhook_dead_letters_total 1');
      expect(text).toContain('zg_webhook_post_duration_seconds_count 4');
      expect(text).toMatch(/zg_webhook_ready_instances \d+/);
      expect(text).toMatch(/zg_webhook_ingest_pending 0/);
    } finally {
      await health.close();
      await sut.stop();
    }
  });
});
