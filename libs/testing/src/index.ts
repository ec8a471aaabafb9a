export { startFerretDb, type RunningFerretDb } from './ferretdb.js';
