import type { NewStoredMessage } from '../messages.ports.js';
import type { MongoStorage } from './mongo-storage.js';
import { useFerretDb } from './test/ferret-storage.js';

const message = (id: string, over: Partial<NewStoredMessage> = {}): NewStoredMessage => ({
  instance: 'a',
  id,
  chat: '5511999990001@s.whatsapp.net',
  fromMe: true,
  timestamp: 1_767_225_600_000,
  kind: 'text',
  text: id,
  raw: '{}',
  ...over,
});

// An instance's writes go in rounds: what queued while a round ran goes in the next one together.
const ferret = useFerretDb();
let storage: MongoStorage;
beforeAll(async () => {
  storage = await ferret.storage('zg_msgq');
});
afterAll(() => storage?.close());

describe('MongoMessageRepository write rounds', () => {
  it('saves what queued behind a write in one insertMany, and moves statuses only after the save', async () => {
    const sut = storage.messages;
    const model = (sut as unknown as { model: { insertMany: (...args: unknown[]) => unknown } }).model;
    const inserts: number[] = [];
    const insertMany = model.insertMany.bind(model);
    model.insertMany = (docs: unknown, ...rest: unknown[]) => {
      inserts.push((docs as unknown[]).length);
      return insertMany(docs, ...rest);
    };
    try {
      const writes = [
        sut.save([message('R1')]),
        sut.save([message('R2')]),
        sut.save([message('R3'), message('R4')]),
        sut.updateStatus('a', '5511999990001@s.whatsapp.net', 'R2', 'delivered'),
        sut.updateStatus('a', '5511999990001@s.whatsapp.net', 'R2', 'read'),
        sut.updateStatus('a', '5511999990001@s.whatsapp.net', 'R3', 'delivered'),
        sut.save([message('R5')]),
      ];
      const results = await Promise.all(writes);
      // the first save went alone; the two behind it together; R5 after the status moves
      expect(inserts).toEqual([1, 3, 1]);
      expect(results.slice(3, 6)).toEqual([true, true, true]);
      expect((await sut.get('a', 'R2'))?.status).toBe('read');
      expect((await sut.get('a', 'R3'))?.status).toBe('delivered');
      expect((await sut.list('a', { limit: 10 })).map((m) => m.id).sort()).toEqual([
        'R1',
        'R2',
        'R3',
        'R4',
        'R5',
      ]);
    } finally {
      model.insertMany = insertMany;
    }
  });

  it('refuses only the save that fails when saves went together', async () => {
    const sut = storage.messages;
    const model = (sut as unknown as { model: { insertMany: (...args: unknown[]) => unknown } }).model;
    const insertMany = model.insertMany.bind(model);
    // the database refuses any write holding F3 (a write error that is no duplicate key)
    model.insertMany = (docs: unknown, ...rest: unknown[]) =>
      (docs as { id: string }[]).some((d) => d.id === 'F3')
        ? Promise.reject(new Error('refused'))
        : insertMany(docs, ...rest);
    try {
      const first = sut.save([message('F1')]);
      const good = sut.save([message('F2')]);
      const bad = sut.save([message('F3')]);
      const alsoGood = sut.save([message('F4')]);
      await first;
      await expect(good).resolves.toBeUndefined();
      await expect(bad).rejects.toThrow('refused');
      await expect(alsoGood).resolves.toBeUndefined();
      expect((await sut.get('a', 'F2'))?.text).toBe('F2');
      expect(await sut.get('a', 'F3')).toBeUndefined();
      expect((await sut.get('a', 'F4'))?.text).toBe('F4');
    } finally {
      model.insertMany = insertMany;
    }
  });

  it('moves the statuses queued behind a write in one bulkWrite, and each alone when that fails', async () => {
    const sut = storage.messages;
    const chat = '5511999990001@s.whatsapp.net';
    const model = (
      sut as unknown as { model: { collection: { bulkWrite: (...args: unknown[]) => Promise<unknown> } } }
    ).model.collection;
    const bulks: number[] = [];
    const bulkWrite = model.bulkWrite.bind(model);
    let refuse = false;
    model.bulkWrite = (ops: unknown, ...rest: unknown[]) => {
      const list = ops as { updateOne: { filter: { id: string } } }[];
      bulks.push(list.length);
      // the database refuses any write that moves S4 (a write error, no connection loss)
      if (refuse && list.some((o) => o.updateOne.filter.id === 'S4'))
        return Promise.reject(new Error('refused'));
      return bulkWrite(ops, ...rest);
    };
    try {
      await sut.save([message('S1'), message('S2'), message('S3'), message('S4')]);
      const saving = sut.save([message('S5')]);
      const moves = [
        sut.moveStatus('a', chat, 'S1', 'delivered'),
        sut.moveStatus('a', chat, 'S2', 'read'),
        sut.moveStatus('a', chat, 'S1', 'read'),
      ];
      await saving;
      await Promise.all(moves);
      // the three went as one write
      expect(bulks).toEqual([3]);
      expect((await sut.get('a', 'S1'))?.status).toBe('read');
      expect((await sut.get('a', 'S2'))?.status).toBe('read');

      bulks.length = 0;
      refuse = true;
      const first = sut.save([message('S6')]);
      const good = sut.moveStatus('a', chat, 'S3', 'delivered');
      const bad = sut.moveStatus('a', chat, 'S4', 'delivered');
      const alsoGood = sut.moveStatus('a', chat, 'S5', 'read');
      await first;
      await expect(good).resolves.toBeUndefined();
      await expect(bad).rejects.toThrow('refused');
      await expect(alsoGood).resolves.toBeUndefined();
      // together (refused), then each alone
      expect(bulks).toEqual([3, 1, 1, 1]);
      expect((await sut.get('a', 'S3'))?.status).toBe('delivered');
      expect((await sut.get('a', 'S4'))?.status).toBeUndefined();
      expect((await sut.get('a', 'S5'))?.status).toBe('read');
    } finally {
      model.bulkWrite = bulkWrite;
    }
  });
});
