export { GatewayModule, type GatewayDeps } from './gateway.module.js';
export { GatewaySettings } from './core/gateway-settings.js';
export { ReadinessChecks } from './ops/readiness.js';
export { setupSwagger } from './swagger.js';
export { createGatewayApp, type GatewayAppOptions } from './gateway-app.js';
export { WebhookGatewaySettings } from './core/webhook-config.service.js';
// what the web manager (libs/manager) builds on; GatewayModule exports them to the app's modules
export { InstanceService } from './core/instance.service.js';
export { InstanceRegistry, secretEquals } from './core/instance-registry.js';
export { MessagingService } from './core/messaging.service.js';
export { WebhookConfigService, type DeliveryView } from './core/webhook-config.service.js';
export { WppTokenService } from './wpp/wpp-token.service.js';
export { AuthThrottle, clientAddress } from './core/auth-throttle.js';
