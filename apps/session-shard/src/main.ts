import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { EVENTS_STREAM, LEASES_BUCKET } from '@zapgate/contracts';
import { ShardService } from '@zapgate/session-shard';
import { openMongoStorage } from '@zapgate/storage';
import { NatsCommandBus, NatsEventLog, NatsLeaseStore } from '@zapgate/transport';
import { trustSimulatorRoot } from '@zapgate/whatsapp';
import { connect } from '@nats-io/transport-node';
import { pino } from 'pino';
import { SessionShardEnv } from './session-shard.env.js';

const env = loadEnv(SessionShardEnv);
const logger = pino({ level: env.LOG_LEVEL }).child({ shard: env.SHARD_ID });
if (env.WA_SIM_TRUST_ROOT) {
  if (!env.WA_WEBSOCKET_URL)
    throw new Error('WA_SIM_TRUST_ROOT needs WA_WEBSOCKET_URL: it is only for a simulator');
  trustSimulatorRoot(Buffer.from(env.WA_SIM_TRUST_ROOT, 'base64'));
  logger.warn(
    { url: env.WA_WEBSOCKET_URL },
    'trusting a simulator certificate root: never do this against WhatsApp',
  );
}
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
    waWebSocketUrl: env.WA_WEBSOCKET_URL,
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
logger.info({ capacity: env.SHARD_CAPACITY }, 'session shard ready');

onShutdownSignal(async () => {
  await shard.stop(); // close sessions and hand the leases back
  await nc.drain();
  await storage.close();
});
