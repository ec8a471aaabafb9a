import 'reflect-metadata';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { mediaBodyLimitFrom, rateLimitFrom } from '@zapgate/config';
import { createGatewayApp } from '@zapgate/gateway';
import { startGroupsService } from '@zapgate/groups';
import { eventLogLiveEvents, ManagerModule } from '@zapgate/manager';
import { MediaIntake, mediaLimitsFrom, MediaUrlFetcher, TempFileMediaStore } from '@zapgate/media';
import { ShardMetrics, ShardService } from '@zapgate/session-shard';
import { EmbeddedGroupRepository, MessageRetention, openEmbeddedStorage } from '@zapgate/storage';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore } from '@zapgate/transport';
import { SimControlModule, WaSimulator } from '@zapgate/wa-sim';
import {
  CommandMediaSource,
  DIALECT_WEBHOOK_EVENTS,
  DIALECT_WEBHOOKS,
  DispatcherMetrics,
  dispatcherOptionsFromEnv,
  HttpWebhookSender,
  OutboxEventLog,
  urlPolicyFromEnv,
  WebhookDispatcher,
} from '@zapgate/webhooks';
import { WebhookSecretBox } from '@zapgate/webhook-core';
import { BaileysSessionFactory, useSimulatorEndpoint } from '@zapgate/whatsapp';
import { pino, type Logger } from 'pino';
import { loadOrCreateDataKey } from './data-key.js';
import { loadOrCreateSecrets } from './secrets.js';
import type { StandaloneEnv } from './standalone.env.js';

const LEASE_TTL_MS = 15_000;

export interface Standalone {
  app: INestApplication;
  url: string;
  adminToken: string;
  secretKey: string;
  sim?: WaSimulator;
  webhooks: WebhookDispatcher;
  stop(): Promise<void>;
}

/**
 * Gateway and session shard in one process on the in-memory transport and the embedded store
 * under DATA_DIR; in sandbox mode, also the WhatsApp simulator with its control API at /sandbox.
 */
export async function startStandalone(
  env: StandaloneEnv,
  logger: Logger = pino({ level: env.LOG_LEVEL }),
): Promise<Standalone> {
  const secrets = await loadOrCreateSecrets(env.DATA_DIR, {
    adminToken: env.ZG_ADMIN_TOKEN,
    secretKey: env.SECRET_KEY,
  });
  if (secrets.generated) {
    logger.warn(
      { file: join(env.DATA_DIR, 'secrets.json') },
      'generated ZG_ADMIN_TOKEN and SECRET_KEY: read them in this file (kept for later starts)',
    );
  }
  const storage = await openEmbeddedStorage(join(env.DATA_DIR, 'store'));
  const bus = new MemoryCommandBus((err) => logger.error({ err }, 'command handler failed'));
  if (env.ZG_SANDBOX && env.WA_WEBSOCKET_URL)
    throw new Error(
      'ZG_SANDBOX runs its own simulator: unset WA_WEBSOCKET_URL, or ZG_SANDBOX to use that one',
    );
  const sim = env.ZG_SANDBOX
    ? await WaSimulator.start({
        logger: logger.child({ component: 'wa-sim' }, { level: 'warn' }),
        // phones, their links and the certificate root survive a restart: no new QR
        stateDir: join(env.DATA_DIR, 'sandbox'),
      })
    : undefined;
  const waWebSocketUrl =
    sim?.url ?? useSimulatorEndpoint({ url: env.WA_WEBSOCKET_URL, trustRoot: env.WA_SIM_TRUST_ROOT }, logger);
  // Webhooks: an event is in the outbox (files under DATA_DIR) before its publish resolves, so a
  // crash of this process loses nothing a shard published; the dispatcher drains the outbox.
  // private targets only when asked for, or in the sandbox (its receivers run on this machine);
  // webhook secrets sealed under ZG_DATA_KEY (generated into DATA_DIR/secrets.json when unset)
  const urlPolicy = urlPolicyFromEnv(env, { sandbox: env.ZG_SANDBOX });
  const webhookSecrets = new WebhookSecretBox(await loadOrCreateDataKey(env.DATA_DIR, env.ZG_DATA_KEY));
  const sender = new HttpWebhookSender(urlPolicy, env.WEBHOOK_CONCURRENCY * 2);
  // media waits here between the gateway's intake and the shard's send (one disk, one process)
  const media = await TempFileMediaStore.open({
    dir: join(env.DATA_DIR, 'media'),
    maxAgeMs: env.MEDIA_MAX_AGE_MINUTES * 60_000,
  });
  // shard and webhook metrics join the gateway's /metrics (its registry has the process metrics)
  const shardMetrics = new ShardMetrics({ defaultMetrics: false });
  const webhookMetrics = new DispatcherMetrics({ defaultMetrics: false });
  const webhooks = new WebhookDispatcher(dispatcherOptionsFromEnv(env, 'standalone', urlPolicy), {
    metrics: webhookMetrics,
    instances: storage.instances,
    deliveries: storage.deliveries,
    sender,
    dialects: DIALECT_WEBHOOKS,
    logger: logger.child({ component: 'webhooks' }),
    secrets: webhookSecrets,
    // WPPConnect's autoDownload: the shard downloads a message's file for its webhook
    media:
      env.WEBHOOK_MEDIA_MAX_BYTES > 0
        ? new CommandMediaSource(bus, media, {
            maxBytes: env.WEBHOOK_MEDIA_MAX_BYTES,
            timeoutMs: env.WEBHOOK_TIMEOUT_MS,
          })
        : undefined,
  });
  await webhooks.start();
  const retention = new MessageRetention(storage.messages, {
    days: env.ZG_MESSAGE_RETENTION_DAYS,
    onSweep: (deleted) => {
      if (deleted) logger.info({ deleted }, 'message retention: old messages deleted');
    },
    onError: (err) => logger.error({ err }, 'message retention sweep failed'),
  });
  retention.start();
  // the log the shard publishes to; the web manager and Socket.IO follow it live
  const eventLog = new MemoryEventLog();
  const shard = new ShardService(
    { shardId: 'standalone', capacity: 100_000, tickMs: LEASE_TTL_MS / 3 },
    {
      bus,
      events: new OutboxEventLog(eventLog, (events) => webhooks.ingest(events)),
      leases: new MemoryLeaseStore(LEASE_TTL_MS),
      instances: storage.instances,
      sessions: new BaileysSessionFactory({
        auth: storage.auth,
        messages: storage.messages,
        media,
        waWebSocketUrl,
        chats: {
          chats: storage.chats,
          contacts: storage.contacts,
          blocklist: storage.blocklist,
          labels: storage.labels,
        },
        ...(env.ZG_FAULT_KILL_BEFORE_PUBLISH
          ? { faultKillBeforePublish: env.ZG_FAULT_KILL_BEFORE_PUBLISH }
          : {}),
      }),
      logger: logger.child({ component: 'shard' }),
      metrics: shardMetrics,
    },
  );
  await shard.start();
  // the groups service's @MessagePattern handlers, served on the in-memory bus (queue group
  // zg-groups), and its read model (groups.db under DATA_DIR) fed from the same event log
  const groups = await startGroupsService({
    bus,
    events: eventLog,
    groups: await EmbeddedGroupRepository.open(join(env.DATA_DIR, 'store')),
    instances: storage.instances,
    logger: logger.child({ component: 'groups' }),
    freshMs: env.ZG_GROUPS_FRESH_MS,
    commandTimeoutMs: env.ZG_COMMAND_TIMEOUT_MS,
  });

  const app = await createGatewayApp({
    gateway: {
      settings: {
        adminToken: secrets.adminToken,
        secretKey: secrets.secretKey,
        commandTimeoutMs: env.ZG_COMMAND_TIMEOUT_MS,
        bodyLimitBytes: env.ZG_BODY_LIMIT,
        mediaBodyLimitBytes: mediaBodyLimitFrom(env),
        rateLimit: rateLimitFrom(env),
        bulkDelayMs: env.ZG_BULK_DELAY_MS,
        bulkJitter: env.ZG_BULK_JITTER,
        bulkJobRetentionMs: env.ZG_BULK_RETENTION_HOURS * 3_600_000,
        // this process is the only one on DATA_DIR: it resumes every unfinished bulk job on start
        bulkJobsOwnedAlone: true,
      },
      bus,
      instances: storage.instances,
      readiness: { checks: () => ({ storage: async () => void (await storage.instances.list()) }) },
      webhooks: {
        settings: { urlPolicy, events: DIALECT_WEBHOOK_EVENTS, secrets: webhookSecrets },
        deliveries: storage.deliveries,
      },
      // media URLs are fetched under the webhook URL policy (private targets only when allowed)
      media: {
        store: media,
        intake: new MediaIntake(media, new MediaUrlFetcher(urlPolicy), mediaLimitsFrom(env)),
      },
      messages: storage.messages,
      auth: storage.auth,
      // sends to many as jobs kept in DATA_DIR, resumed after a restart
      bulkJobs: storage.bulkJobs,
      metrics: [shardMetrics, webhookMetrics],
    },
    imports: [
      ManagerModule.register({ events: eventLogLiveEvents(eventLog), sandbox: !!sim }),
      ...(sim ? [SimControlModule.forSimulator(sim)] : []),
    ],
    logLevel: env.LOG_LEVEL,
  });
  await app.listen(env.PORT, env.HOST);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  logger.info({ url, docs: `${url}/docs`, sandbox: !!sim }, 'zapgate standalone ready');

  return {
    app,
    url,
    adminToken: secrets.adminToken,
    secretKey: secrets.secretKey,
    sim,
    webhooks,
    stop: async () => {
      await app.close();
      await groups.stop();
      await shard.stop();
      await retention.stop();
      await media.close();
      await webhooks.stop();
      await sender.close();
      await sim?.stop();
      await storage.close();
    },
  };
}
