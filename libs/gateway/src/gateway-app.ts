import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LoggerModule, Logger as PinoNestLogger } from 'nestjs-pino';
import { preBodyAuth } from './core/pre-body-auth.middleware.js';
import { RequestScopedInstances } from './core/request-scoped-instances.js';
import { DEFAULT_BODY_LIMIT_BYTES, useBodyParsers } from './core/request-body.js';
import { tokenRateLimit } from './core/token-rate-limit.js';
import { NestedArrayPipe } from './core/nested-array.pipe.js';
import { SingleQueryValuePipe } from './core/single-query-value.pipe.js';
import { cacheValidationMetadata } from './core/validation-metadata-cache.js';
import { EdgeExceptionFilter } from './edge-exception.filter.js';
import { GatewayModule, type GatewayDeps } from './gateway.module.js';
import { REDACTING_HTTP_LOG_OPTIONS } from './ops/log-redaction.js';
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
            // no credential in any line bound to a request: header, URL path, route params, query
            ...REDACTING_HTTP_LOG_OPTIONS,
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
 * validation, JSON bodies under one size limit (mega clients label JSON text/plain), errors in
 * the dialect of the path even before routing, Swagger UI at /docs.
 */
export async function createGatewayApp(o: GatewayAppOptions): Promise<NestExpressApplication> {
  // class-validator's per-object metadata walk, done once per DTO class instead of per request
  cacheValidationMetadata();
  // one lookup per instance and request, however many checks read it
  const instances = new RequestScopedInstances(o.gateway.instances);
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayAppModule.register({ ...o, gateway: { ...o.gateway, instances } }),
    {
      bufferLogs: true,
      bodyParser: false, // the parsers are registered below, after what must run before a body is read
    },
  );
  app.disable('x-powered-by');
  // an API's answers are not revalidated: no hash of every response body for an ETag nobody sends back
  app.set('etag', false);
  app.use(instances.middleware);
  app.useLogger(app.get(PinoNestLogger));
  app.use(preBodyAuth(app));
  // requests per credential (ZG_RATE_LIMIT), counted before any body is read
  app.use(tokenRateLimit(o.gateway.settings.rateLimit));
  const bodyLimit = o.gateway.settings.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  useBodyParsers(app, bodyLimit, o.gateway.settings.mediaBodyLimitBytes ?? bodyLimit);
  app.useGlobalPipes(
    new SingleQueryValuePipe(),
    new ValidationPipe({ whitelist: true, transform: true }),
    // an array inside an array of nested objects passes @ValidateNested: a 400, not a 500
    new NestedArrayPipe(),
  );
  app.useGlobalFilters(new EdgeExceptionFilter(app.get(HttpAdapterHost)));
  setupSwagger(app);
  return app;
}
