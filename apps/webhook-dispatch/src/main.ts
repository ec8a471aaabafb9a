import 'reflect-metadata';
import { connect } from '@nats-io/transport-node';
import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { EVENTS_STREAM } from '@zapgate/contracts';
import { CachedInstanceRepository, openMongoStorage } from '@zapgate/storage';
import { NatsObjectMediaStore } from '@zapgate/media';
import { NatsCommandBus, NatsEventLog, NatsInstanceChangeFeed } from '@zapgate/transport';
import { WebhookSecretBox } from '@zapgate/webhook-core';
import {
  CommandMediaSource,
  DIALECT_WEBHOOKS,
  DispatcherMetrics,
  dispatcherOptionsFromEnv,
  HttpWebhookSender,
  startHealthServer,
  urlPolicyFromEnv,
  WebhookDispatcher,
} from '@zapgate/webhooks';
import { pino } from 'pino';
import { WebhookDispatchEnv } from './webhook-dispatch.env.js';

const env = loadEnv(WebhookDispatchEnv);
const options = dispatcherOptionsFromEnv(env, env.WEBHOOK_DISPATCHER_ID);
const logger = pino({ level: env.LOG_LEVEL }).child({ dispatcher: env.WEBHOOK_DISPATCHER_ID });
const nc = await connect({
  servers: env.NATS_URL,
  name: `zg-webhooks-${env.WEBHOOK_DISPATCHER_ID}`,
  maxReconnectAttempts: -1,
  waitOnFirstConnect: true,
});
const metrics = new DispatcherMetrics();
const storage = await openMongoStorage(env.MONGODB_URI, env.MONGODB_DB);
// instance records kept between batches, dropped on the `zg.instance.changed` notice every writer
// publishes (the dispatcher's own write, the account seen on connect, goes through it too)
const instances = await CachedInstanceRepository.open(
  storage.instances,
  new NatsInstanceChangeFeed(nc, (err) => logger.error({ err }, 'instance notices failed')),
  { onPublishError: (err, key) => logger.warn({ err, instance: key }, 'instance change not announced') },
);
const sender = new HttpWebhookSender(urlPolicyFromEnv(env), env.WEBHOOK_CONCURRENCY * 2);
// files for webhooks that carry them (WPPConnect's autoDownload): the owning shard downloads them
// into the media bucket, we read and delete them
const media = await NatsObjectMediaStore.open(nc, {
  bucket: env.MEDIA_BUCKET,
  maxAgeMs: env.MEDIA_MAX_AGE_MINUTES * 60_000,
});
const dispatcher = new WebhookDispatcher(options, {
  instances,
  deliveries: storage.deliveries,
  sender,
  dialects: DIALECT_WEBHOOKS,
  logger,
  metrics,
  // opens the signing secrets the gateway stored sealed (the same ZG_DATA_KEY)
  secrets: new WebhookSecretBox(env.ZG_DATA_KEY!),
  // WPPConnect's autoDownload (WEBHOOK_MEDIA_MAX_BYTES=0 turns it off: thumbnails only)
  media:
    env.WEBHOOK_MEDIA_MAX_BYTES > 0
      ? new CommandMediaSource(
          new NatsCommandBus(nc, (err) => logger.error({ err }, 'command failed')),
          media,
          { maxBytes: env.WEBHOOK_MEDIA_MAX_BYTES, timeoutMs: env.WEBHOOK_TIMEOUT_MS },
        )
      : undefined,
});
let stopping = false;
const health = await startHealthServer(
  env.PORT,
  env.HOST,
  () => ({
    accepting: async () => {
      if (stopping) throw new Error('shutting down');
    },
    nats: async () => void (await nc.flush()),
    mongodb: async () => void (await storage.connection.db!.admin().ping()),
  }),
  metrics,
);
await dispatcher.start(await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: ['zg.evt.>'] }));
logger.info({ port: health.port }, 'webhook dispatcher ready');

onShutdownSignal(async () => {
  stopping = true;
  // stop consuming; deliveries in flight finish, the rest stays pending (outbox) or unacked (stream)
  await dispatcher.stop();
  await sender.close();
  await media.close();
  await instances.close();
  await nc.drain();
  await storage.close();
  await health.close();
  logger.info(dispatcher.stats, 'webhook dispatcher stopped');
});
