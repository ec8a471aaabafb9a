export { startFerretDb, type FerretDbOptions, type RunningFerretDb } from './ferretdb.js';
export { startNatsServer, type RunningNatsServer } from './nats-server.js';
export { freePort } from './free-port.js';
export { startProcess, type RunningProcess, type StartProcessOptions } from './process.js';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedWebhook } from './webhook-receiver.js';
