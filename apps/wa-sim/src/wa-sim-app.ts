import type { LogLevel } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SimControlModule, SimErrorFilter, type WaSimulator } from '@zapgate/wa-sim';

/**
 * The simulator's HTTP app: the control API under /sandbox (which validates its own bodies), the
 * same error shape for unknown routes and unparsable or oversized bodies, and Swagger UI at /docs.
 */
export async function createWaSimApp(
  sim: WaSimulator,
  logger: LogLevel[] | false = ['error', 'warn'],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(SimControlModule.forSimulator(sim), {
    logger,
  });
  app.useBodyParser('json', { limit: '4mb' }); // room for a photographed QR as a data URL
  app.useGlobalFilters(new SimErrorFilter(app.get(HttpAdapterHost)));
  const config = new DocumentBuilder()
    .setTitle('zapgate WhatsApp simulator')
    .setDescription(
      'Control API of the simulated WhatsApp network: phones, linking, messages, presence and faults. Errors are `{ "error": { "code", "message" } }`.',
    )
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, config));
  return app;
}
