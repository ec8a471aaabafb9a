import { describeLabelStoreContract, type LabelStoreUnderTest } from '../label-store.contract.js';
import { useFerretDb } from './test/ferret-storage.js';

// A real MongoDB wire-protocol server (FerretDB 1.x over SQLite).
const ferret = useFerretDb();

const openStore = (): Promise<LabelStoreUnderTest> => ferret.storage('zg_label');

describeLabelStoreContract('MongoDB via mongoose (FerretDB)', openStore);
