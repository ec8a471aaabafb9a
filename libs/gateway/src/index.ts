export { GatewayModule, type GatewayDeps } from './gateway.module.js';
export { GatewaySettings } from './core/gateway-settings.js';
export { ReadinessChecks } from './ops/readiness.js';
export { setupSwagger } from './swagger.js';
export { createGatewayApp, type GatewayAppOptions } from './gateway-app.js';
export { WebhookGatewaySettings } from './core/webhook-config.service.js';
