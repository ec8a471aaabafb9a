export { startFerretDb, type RunningFerretDb } from './ferretdb.js';
export { startNatsServer, type RunningNatsServer } from './nats-server.js';
export { freePort } from './free-port.js';
