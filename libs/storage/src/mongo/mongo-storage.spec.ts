import { describeStorageContract } from '../storage.contract.js';
import { describeMessageStoreContract } from '../message-store.contract.js';
import { describeBulkJobContract } from '../bulk-job.contract.js';
import { useFerretDb } from './test/ferret-storage.js';

// A real MongoDB wire-protocol server (FerretDB 1.x over SQLite).
const ferret = useFerretDb();

describeStorageContract('MongoDB via mongoose (FerretDB)', () => ferret.storage('zg_test'));

describeMessageStoreContract('MongoDB via mongoose (FerretDB)', () => ferret.storage('zg_msg'));

describeBulkJobContract('MongoDB via mongoose (FerretDB)', () => ferret.storage('zg_bulk'));
