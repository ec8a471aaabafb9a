import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { EVENTS_STREAM, LEASES_BUCKET } from '@zapgate/contracts';
import { NatsObjectMediaStore } from '@zapgate/media';
import { ShardMetrics, ShardService } from '@zapgate/session-shard';
import { MessageRetention, openMongoStorage } from '@zapgate/storage';
import { NatsCommandBus, NatsEventLog, NatsLeaseStore } from '@zapgate/transport';
import { BaileysSessionFactory, quietLibsignalConsole, useSimulatorEndpoint } from '@zapgate/whatsapp';
import { connect } from '@nats-io/transport-node';
import { pino } from 'pino';
import { startHealthServer } from './health-server.js';
import { SessionShardEnv } from './session-shard.env.js';

const env = loadEnv(SessionShardEnv);
const logger = pino({ level: env.LOG_LEVEL }).child({ shard: env.SHARD_ID });
// what libsignal prints (sessions with their private keys) goes to the debug log as one line
quietLibsignalConsole({ log: (line) => logger.debug(line) });
const waWebSocketUrl = useSimulatorEndpoint(
  { url: env.WA_WEBSOCKET_URL, trustRoot: env.WA_SIM_TRUST_ROOT },
  logger,
);
const nc = await connect({
  servers: env.NATS_URL,
  name: `zg-shard-${env.SHARD_ID}`,
  // NATS restarting never ends the process: it reconnects for as long as it takes (a shard
  // starting before NATS waits for it), events wait in the shard's buffer meanwhile
  maxReconnectAttempts: -1,
  waitOnFirstConnect: true,
});
const metrics = new ShardMetrics();
const storage = await openMongoStorage(env.MONGODB_URI, env.MONGODB_DB);
// media crosses from the gateway in a JetStream object store bucket (the gateway puts, we open)
const media = await NatsObjectMediaStore.open(nc, {
  bucket: env.MEDIA_BUCKET,
  maxAgeMs: env.MEDIA_MAX_AGE_MINUTES * 60_000,
});
// every shard sweeps (deletes are idempotent; one sweep an hour per shard is cheap)
const retention = new MessageRetention(storage.messages, {
  days: env.ZG_MESSAGE_RETENTION_DAYS,
  onSweep: (deleted) => {
    if (deleted) logger.info({ deleted }, 'message retention: old messages deleted');
  },
  onError: (err) => logger.error({ err }, 'message retention sweep failed'),
});
retention.start();
const shard = new ShardService(
  {
    shardId: env.SHARD_ID,
    capacity: env.SHARD_CAPACITY,
    tickMs: Math.floor(env.LEASE_TTL_MS / 3),
  },
  {
    bus: new NatsCommandBus(nc, (err) => logger.error({ err }, 'command handler failed')),
    events: await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: ['zg.evt.>'] }),
    leases: await NatsLeaseStore.open(nc, LEASES_BUCKET, env.LEASE_TTL_MS),
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
    logger,
    metrics,
  },
);
await shard.start();
const health = await startHealthServer(
  env.HEALTH_PORT,
  env.HEALTH_HOST,
  {
    nats: async () => {
      if (nc.isClosed()) throw new Error('connection closed');
      await nc.flush();
    },
    mongodb: async () => void (await storage.connection.db!.admin().ping()),
  },
  metrics,
);
logger.info({ capacity: env.SHARD_CAPACITY, healthPort: health.port }, 'session shard ready');

onShutdownSignal(
  async () => {
    health.draining();
    await shard.stop(); // close sessions, release the leases, ask the other shards to adopt now
    await retention.stop();
    await media.close();
    await nc.drain();
    await storage.close();
    await health.close();
    logger.info('session shard stopped');
  },
  { timeoutMs: env.SHARD_DRAIN_TIMEOUT_MS, log: (err) => logger.error({ err }, 'shutdown failed') },
);
