import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadEnv, onShutdownSignal } from '@zapgate/config';
import { createSimLogger, SimControlModule, WaSimulator } from '@zapgate/wa-sim';
import { WaSimEnv } from './wa-sim.env.js';

const env = loadEnv(WaSimEnv);
const logger = createSimLogger(env.WA_SIM_LOG_LEVEL);
const sim = await WaSimulator.start({ host: env.WA_SIM_HOST, port: env.WA_SIM_WS_PORT, logger });
const app = await NestFactory.create(SimControlModule.forSimulator(sim), { logger: ['error', 'warn'] });
app.enableShutdownHooks();
const document = SwaggerModule.createDocument(
  app,
  new DocumentBuilder()
    .setTitle('zapgate WhatsApp simulator')
    .setDescription(
      'Control API of the simulated WhatsApp network: phones, linking, messages, presence and faults.',
    )
    .build(),
);
SwaggerModule.setup('docs', app, document);
await app.listen(env.WA_SIM_PORT, env.WA_SIM_HOST);
logger.info(
  {
    controlApi: `http://${env.WA_SIM_HOST}:${env.WA_SIM_PORT}`,
    docs: `http://${env.WA_SIM_HOST}:${env.WA_SIM_PORT}/docs`,
    waWebSocketUrl: sim.url,
  },
  'simulator ready',
);

onShutdownSignal(async () => {
  logger.info('stopping');
  await Promise.all([app.close(), sim.stop()]);
});
