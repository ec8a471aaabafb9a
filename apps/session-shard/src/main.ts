import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { EVENTS_STREAM, LEASES_BUCKET } from '@zapgate/contracts';
import { ShardService } from '@zapgate/session-shard';
import { openMongoStorage } from '@zapgate/storage';
import { NatsCommandBus, NatsEventLog, NatsLeaseStore } from '@zapgate/transport';
import { quietLibsignalConsole, useSimulatorEndpoint } from '@zapgate/whatsapp';
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
  maxReconnectAttempts: -1,
});
const storage = await openMongoStorage(env.MONGODB_URI, env.MONGODB_DB);
const shard = new ShardService(
  {
    shardId: env.SHARD_ID,
    capacity: env.SHARD_CAPACITY,
    tickMs: Math.floor(env.LEASE_TTL_MS / 3),
    waWebSocketUrl,
  },
  {
    bus: new NatsCommandBus(nc, (err) => logger.error({ err }, 'command handler failed')),
    events: await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: ['zg.evt.>'] }),
    leases: await NatsLeaseStore.open(nc, LEASES_BUCKET, env.LEASE_TTL_MS),
    instances: storage.instances,
    auth: storage.auth,
    logger,
  },
);
await shard.start();
const health = await startHealthServer(env.HEALTH_PORT, env.HEALTH_HOST, {
  nats: async () => {
    if (nc.isClosed()) throw new Error('connection closed');
    await nc.flush();
  },
  mongodb: async () => void (await storage.connection.db!.admin().ping()),
});
logger.info({ capacity: env.SHARD_CAPACITY, healthPort: health.port }, 'session shard ready');

onShutdownSignal(
  async () => {
    health.draining();
    await shard.stop(); // close sessions, release the leases, ask the other shards to adopt now
    await nc.drain();
    await storage.close();
    await health.close();
    logger.info('session shard stopped');
  },
  { timeoutMs: env.SHARD_DRAIN_TIMEOUT_MS, log: (err) => logger.error({ err }, 'shutdown failed') },
);
