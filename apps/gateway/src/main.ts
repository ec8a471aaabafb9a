import 'reflect-metadata';
import { loadEnv, mediaBodyLimitFrom, onShutdownSignal, rateLimitFrom } from '@zapgate/config';
import { createGatewayApp } from '@zapgate/gateway';
import { ManagerModule } from '@zapgate/manager';
import { MEGA_WEBHOOK_EVENTS } from '@zapgate/dialect-mega';
import { WPP_WEBHOOK_EVENTS } from '@zapgate/dialect-wppconnect';
import { MediaIntake, mediaLimitsFrom, MediaUrlFetcher, NatsObjectMediaStore } from '@zapgate/media';
import { CachedInstanceRepository, openMongoStorage } from '@zapgate/storage';
import { NatsCommandBus, NatsInstanceChangeFeed } from '@zapgate/transport';
import { WebhookSecretBox } from '@zapgate/webhook-core';
import { connect } from '@nats-io/transport-node';
import { pino } from 'pino';
import { GatewayEnv } from './gateway.env.js';

const env = loadEnv(GatewayEnv);
const logger = pino({ level: env.LOG_LEVEL });
// NATS restarting never ends the process: requests answer 503 while it reconnects
const nc = await connect({
  servers: env.NATS_URL,
  name: 'zg-gateway',
  maxReconnectAttempts: -1,
  waitOnFirstConnect: true,
});
const storage = await openMongoStorage(env.MONGODB_URI, env.MONGODB_DB);
// instance records kept across requests, dropped on the `zg.instance.changed` notice every writer
// publishes (this process's writes all go through it: the gateway module gets nothing else)
const instances = await CachedInstanceRepository.open(
  storage.instances,
  new NatsInstanceChangeFeed(nc, (err) => logger.error({ err }, 'instance notices failed')),
  { onPublishError: (err, key) => logger.warn({ err, instance: key }, 'instance change not announced') },
);
// callers' files go into the JetStream object store bucket the shards open them from
const media = await NatsObjectMediaStore.open(nc, {
  bucket: env.MEDIA_BUCKET,
  maxAgeMs: env.MEDIA_MAX_AGE_MINUTES * 60_000,
});
const urlPolicy = { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? false };
const app = await createGatewayApp({
  gateway: {
    settings: {
      adminToken: env.ZG_ADMIN_TOKEN,
      secretKey: env.SECRET_KEY,
      commandTimeoutMs: env.ZG_COMMAND_TIMEOUT_MS,
      bodyLimitBytes: env.ZG_BODY_LIMIT,
      mediaBodyLimitBytes: mediaBodyLimitFrom(env),
      rateLimit: rateLimitFrom(env),
      bulkDelayMs: env.ZG_BULK_DELAY_MS,
      bulkJitter: env.ZG_BULK_JITTER,
      bulkJobRetentionMs: env.ZG_BULK_RETENTION_HOURS * 3_600_000,
    },
    bus: new NatsCommandBus(nc, (err) => logger.error({ err }, 'NATS handler failed')),
    instances,
    readiness: {
      checks: () => ({
        nats: async () => void (await nc.flush()),
        mongodb: async () => void (await storage.connection.db!.admin().ping()),
      }),
    },
    webhooks: {
      settings: {
        urlPolicy,
        events: { mega: MEGA_WEBHOOK_EVENTS, wppconnect: WPP_WEBHOOK_EVENTS },
        // signing secrets are stored sealed under ZG_DATA_KEY (webhook-dispatch opens them)
        secrets: new WebhookSecretBox(env.ZG_DATA_KEY!),
      },
      deliveries: storage.deliveries,
    },
    media: {
      store: media,
      intake: new MediaIntake(media, new MediaUrlFetcher(urlPolicy), mediaLimitsFrom(env)),
    },
    messages: storage.messages,
    auth: storage.auth,
    // sends to many as jobs kept in storage, resumed after a restart
    bulkJobs: storage.bulkJobs,
  },
  // the web manager at /manager and Socket.IO, following the shards' events live (a plain NATS
  // subscription: nothing replayed, nothing acknowledged; webhooks stay the durable way)
  imports: [
    ManagerModule.register({
      sandbox: false,
      events: {
        subscribe: async (handler) => {
          const sub = nc.subscribe('zg.evt.>', {
            callback: (err, m) => {
              if (err) return;
              try {
                handler(m.json());
              } catch (e) {
                logger.warn({ err: e, subject: m.subject }, 'live event not readable');
              }
            },
          });
          return { unsubscribe: async () => sub.unsubscribe() };
        },
      },
    }),
  ],
  logLevel: env.LOG_LEVEL,
});
await app.listen(env.PORT, env.HOST);
logger.info({ port: env.PORT }, 'zapgate gateway ready');

onShutdownSignal(async () => {
  await app.close(); // stop taking requests, finish those in flight
  await media.close();
  await instances.close();
  await nc.drain();
  await storage.close();
});
