import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LoggerModule, Logger as PinoNestLogger } from 'nestjs-pino';
import { GatewayModule, type GatewayDeps } from './gateway.module.js';
import { setupSwagger } from './swagger.js';

export interface GatewayAppOptions {
  gateway: GatewayDeps;
  /** More modules served on the same port (the sandbox control API). */
  imports?: DynamicModule[];
  logLevel: string;
}

@Module({})
class GatewayAppModule {
  static register(o: GatewayAppOptions): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: o.logLevel,
            autoLogging: o.logLevel === 'debug' || o.logLevel === 'trace',
            redact: ['req.headers.authorization'],
          },
        }),
        GatewayModule.register(o.gateway),
        ...(o.imports ?? []),
      ],
    };
  }
}

/**
 * The gateway's HTTP app, the same for the standalone and the distributed process: pino logs,
 * validation, lenient JSON bodies (mega clients label JSON text/plain), Swagger UI at /docs.
 */
export async function createGatewayApp(o: GatewayAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayAppModule.register(o), {
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  app.useBodyParser('text', { type: 'text/plain', limit: '50mb' });
  app.use((req: { body: unknown }, _res: unknown, next: () => void) => {
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
  return app;
}
