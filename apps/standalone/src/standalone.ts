import 'reflect-metadata';
import { join } from 'node:path';
import { Module, ValidationPipe, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GatewayModule, setupSwagger, type GatewayDeps } from '@zapgate/gateway';
import { ShardService } from '@zapgate/session-shard';
import { openEmbeddedStorage } from '@zapgate/storage';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore } from '@zapgate/transport';
import { SimControlModule, WaSimulator } from '@zapgate/wa-sim';
import { LoggerModule, Logger as PinoNestLogger } from 'nestjs-pino';
import { pino, type Logger } from 'pino';
import { loadOrCreateSecrets } from './secrets.js';
import type { StandaloneEnv } from './standalone.env.js';

const LEASE_TTL_MS = 15_000;

export interface Standalone {
  app: INestApplication;
  url: string;
  adminToken: string;
  secretKey: string;
  sim?: WaSimulator;
  stop(): Promise<void>;
}

@Module({})
class StandaloneModule {
  static register(gateway: GatewayDeps, sim: WaSimulator | undefined, level: string): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            autoLogging: level === 'debug' || level === 'trace',
            redact: ['req.headers.authorization'],
          },
        }),
        GatewayModule.register(gateway),
        ...(sim ? [SimControlModule.forSimulator(sim)] : []),
      ],
    };
  }
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
      `generated credentials (kept for later starts): ZG_ADMIN_TOKEN=${secrets.adminToken} SECRET_KEY=${secrets.secretKey}`,
    );
  }
  const storage = await openEmbeddedStorage(join(env.DATA_DIR, 'store'));
  const bus = new MemoryCommandBus((err) => logger.error({ err }, 'command handler failed'));
  const sim = env.ZG_SANDBOX
    ? await WaSimulator.start({ logger: logger.child({ component: 'wa-sim' }, { level: 'warn' }) })
    : undefined;
  const shard = new ShardService(
    { shardId: 'standalone', capacity: 100_000, tickMs: LEASE_TTL_MS / 3, waWebSocketUrl: sim?.url },
    {
      bus,
      events: new MemoryEventLog(),
      leases: new MemoryLeaseStore(LEASE_TTL_MS),
      instances: storage.instances,
      auth: storage.auth,
      logger: logger.child({ component: 'shard' }),
    },
  );
  await shard.start();

  const app = await NestFactory.create<NestExpressApplication>(
    StandaloneModule.register(
      {
        settings: {
          adminToken: secrets.adminToken,
          secretKey: secrets.secretKey,
          commandTimeoutMs: env.ZG_COMMAND_TIMEOUT_MS,
        },
        bus,
        instances: storage.instances,
        readiness: { checks: () => ({ storage: async () => void (await storage.instances.list()) }) },
      },
      sim,
      env.LOG_LEVEL,
    ),
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoNestLogger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  // mega clients sometimes label JSON bodies text/plain
  app.useBodyParser('text', { type: 'text/plain', limit: '50mb' });
  app.use((req: { headers: Record<string, string>; body: unknown }, _res: unknown, next: () => void) => {
    if (typeof req.body === 'string' && req.body.trim().startsWith('{')) {
      try {
        req.body = JSON.parse(req.body);
      } catch {
        // left as text: validation reports it
      }
    }
    next();
  });
  setupSwagger(app);
  await app.listen(env.PORT, env.HOST);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  logger.info({ url, docs: `${url}/docs`, sandbox: !!sim }, 'zapgate standalone ready');

  return {
    app,
    url,
    adminToken: secrets.adminToken,
    secretKey: secrets.secretKey,
    sim,
    stop: async () => {
      await app.close();
      await shard.stop();
      await sim?.stop();
    },
  };
}
