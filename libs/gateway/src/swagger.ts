import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs for every route the app serves. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('zapgate')
    .setDescription(
      'WhatsApp HTTP gateway. mega-API routes (/rest/...) take `Authorization: Bearer <token>` (the admin token, or the instance token returned by /rest/instance/init). WPPConnect routes (/api/{session}/...) take the token from generate-token, in the path as `session:token` or as a bearer header.',
    )
    // addBearerAuth() would announce `bearerFormat: JWT`; these tokens are opaque random strings
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      description:
        'An opaque random token: the mega-API admin token or an instance token from /rest/instance/init, or a WPPConnect token from generate-token.',
    })
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, config));
}
