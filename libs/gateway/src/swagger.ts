import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs for every route the app serves. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('zapgate')
    .setDescription(
      'WhatsApp HTTP gateway. mega-API routes (/rest/...) take `Authorization: Bearer <token>` (the admin token, or the instance token returned by /rest/instance/init). WPPConnect routes (/api/{session}/...) take the token from generate-token, in the path as `session:token` or as a bearer header.',
    )
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, config));
}
