import { randomUUID } from 'node:crypto';
import { createConnection } from 'mongoose';
import { AUTH_SCHEMA_VERSION, authDocId } from '../ports.js';
import { mongoAuthId } from './mongo-auth-state.repository.js';
import { openMongoStorage } from './mongo-storage.js';
import { useFerretDb } from './test/ferret-storage.js';

// Auth documents of earlier versions had NUL-separated ids (`authDocId`), which FerretDB over
// PostgreSQL cannot store: opening the storage moves them to `mongoAuthId` ids, once.
const ferret = useFerretDb();

describe('MongoAuthStateRepository.migrateLegacyIds', () => {
  it('moves NUL-separated auth ids to slash-separated ones on open, once, keeping the values', async () => {
    const dbName = `zg_ids_${randomUUID().slice(0, 8)}`;
    const raw = await createConnection(ferret.uri, { dbName }).asPromise();
    const legacy = (type: string, id: string, value: string) => ({
      _id: authDocId('a', type, id),
      instance: 'a',
      type,
      id,
      value,
      v: AUTH_SCHEMA_VERSION,
    });
    await raw
      .collection('auth')
      .insertMany([
        legacy('creds', 'creds', '{"me":1}'),
        legacy('pre-key', '1', '"k1"'),
        legacy('session', 'x@s', '"s"'),
      ] as never[]);

    const sut = await openMongoStorage(ferret.uri, dbName);
    try {
      expect(await sut.auth.read('a', 'pre-key', ['1', '2'])).toEqual({ '1': '"k1"' });
      expect(await sut.auth.read('a', 'creds', ['creds'])).toEqual({ creds: '{"me":1}' });
      expect(await sut.auth.count('a')).toBe(3);
      const ids = (
        await raw
          .collection('auth')
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((d) => d._id);
      expect(ids.sort()).toEqual(
        [
          mongoAuthId('a', 'creds', 'creds'),
          mongoAuthId('a', 'pre-key', '1'),
          mongoAuthId('a', 'session', 'x@s'),
        ].sort(),
      );
      // the marker makes a later open skip the scan: a NUL id written behind its back stays
      await raw.collection('auth').insertOne(legacy('pre-key', '9', '"k9"') as never);
      expect(await sut.auth.migrateLegacyIds()).toBe(0);
    } finally {
      await raw.dropDatabase().catch(() => undefined);
      await raw.close();
      await sut.close();
    }
  }, 60_000);
});
