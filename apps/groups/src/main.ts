import 'reflect-metadata';
import { connect } from '@nats-io/transport-node';
import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { EVENTS_STREAM } from '@zapgate/contracts';
import { startGroupsService } from '@zapgate/groups';
import { openMongoGroups, openMongoStorage } from '@zapgate/storage';
import { NatsCommandBus, NatsEventLog } from '@zapgate/transport';
import { pino } from 'pino';
import { GroupsEnv } from './groups.env.js';
import { startHealth } from './health.js';

// the groups service: its @MessagePattern handlers answer zg.groups.<verb> in the queue group
// zg-groups, and the durable consumer zg-groups keeps the read model from ZG_EVENTS
const env = loadEnv(GroupsEnv);
const logger = pino({ level: env.LOG_LEVEL }).child({ service: 'groups' });
const nc = await connect({
  servers: env.NATS_URL,
  name: 'zg-groups',
  maxReconnectAttempts: -1,
  waitOnFirstConnect: true,
});
const storage = await openMongoStorage(env.MONGODB_URI, env.MONGODB_DB);
const groups = await openMongoGroups(storage.connection);
let stopping = false;
const health = await startHealth(env.PORT, env.HOST, {
  accepting: async () => {
    if (stopping) throw new Error('shutting down');
  },
  nats: async () => void (await nc.flush()),
  mongodb: async () => void (await storage.connection.db!.admin().ping()),
});
const service = await startGroupsService({
  bus: new NatsCommandBus(nc, (err) => logger.error({ err }, 'groups request failed')),
  events: await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: ['zg.evt.>'] }),
  groups,
  instances: storage.instances,
  logger,
  freshMs: env.ZG_GROUPS_FRESH_MS,
  commandTimeoutMs: env.ZG_COMMAND_TIMEOUT_MS,
});
logger.info({ port: health.port }, 'groups service ready');

onShutdownSignal(async () => {
  stopping = true;
  // leave the queue group and stop consuming (unacknowledged events go to another replica)
  await service.stop();
  await nc.drain();
  await storage.close();
  await health.close();
  logger.info('groups service stopped');
});
