import { randomUUID } from 'node:crypto';
import type { ChatRepository } from './chats.ports.js';
import type { LabelRepository } from './labels.ports.js';

/** The label and chat repositories of one store, and how to reopen it (a restart). */
export interface LabelStoreUnderTest {
  labels: LabelRepository;
  chats: ChatRepository;
  reopen(): Promise<{ labels: LabelRepository; chats: ChatRepository }>;
  close(): Promise<void>;
}

const A = '5511999990001@s.whatsapp.net';
const B = '5511999990002@s.whatsapp.net';
const G = '120363000000000001@g.us';
const key = () => `i${randomUUID().slice(0, 8)}`;

/** One behaviour, two adapters: the embedded SQLite file must act as MongoDB does. */
export function describeLabelStoreContract(name: string, open: () => Promise<LabelStoreUnderTest>): void {
  describe(`label store contract: ${name}`, () => {
    let s: LabelStoreUnderTest;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    it('creates a label on its first patch and merges later ones; absent keeps, null clears', async () => {
      const instance = key();
      expect(await s.labels.get(instance, '1')).toBeUndefined();
      await s.labels.apply(instance, [{ id: '1', name: 'New customer', color: 3, predefinedId: '1' }]);
      expect(await s.labels.get(instance, '1')).toEqual({
        instance,
        id: '1',
        name: 'New customer',
        color: 3,
        predefinedId: '1',
        deleted: false,
        updatedAt: expect.any(String),
      });
      await s.labels.apply(instance, [
        { id: '1', name: 'Lead' },
        { id: '1', color: 7 },
      ]);
      expect(await s.labels.get(instance, '1')).toMatchObject({ name: 'Lead', color: 7, predefinedId: '1' });
      await s.labels.apply(instance, [{ id: '1', predefinedId: null, deleted: true }]);
      const cleared = (await s.labels.get(instance, '1'))!;
      expect(cleared).not.toHaveProperty('predefinedId');
      expect(cleared).toMatchObject({ name: 'Lead', color: 7, deleted: true });
      // a label first named by an association: no name or colour yet
      await s.labels.apply(instance, [{ id: '9' }]);
      expect(await s.labels.get(instance, '9')).toMatchObject({ name: '', color: 0, deleted: false });
    });

    it('lists in id order (numerically), live ones unless deleted ones are asked for, per instance', async () => {
      const [one, other] = [key(), key()];
      await s.labels.apply(one, [
        { id: '10', name: 'ten' },
        { id: '2', name: 'two' },
        { id: '1', name: 'one', deleted: true },
      ]);
      await s.labels.apply(other, [{ id: '5', name: 'five' }]);
      expect((await s.labels.list(one)).map((l) => l.id)).toEqual(['2', '10']);
      expect((await s.labels.list(one, { includeDeleted: true })).map((l) => l.id)).toEqual(['1', '2', '10']);
      expect((await s.labels.list(other)).map((l) => l.name)).toEqual(['five']);
      expect(await s.labels.get(other, '2')).toBeUndefined();
    });

    it('keeps labels and the chats that carry them across a restart; clear takes one instance only', async () => {
      const [one, other] = [key(), key()];
      await s.labels.apply(one, [{ id: '1', name: 'VIP', color: 4 }]);
      await s.labels.apply(other, [{ id: '1', name: 'Theirs' }]);
      await s.chats.apply(one, [
        { id: A, labels: ['1'] },
        { id: G, labels: ['1', '2'] },
        { id: B, labels: ['2'] },
      ]);
      const again = await s.reopen();
      expect(await again.labels.get(one, '1')).toMatchObject({ name: 'VIP', color: 4 });
      const carrying = await again.chats.list(one, { labels: ['1'], limit: 100 });
      expect(carrying.map((c) => c.id).sort()).toEqual([A, G].sort());
      expect(await again.labels.clear(one)).toBe(1);
      expect(await again.labels.list(one, { includeDeleted: true })).toEqual([]);
      expect(await again.labels.get(other, '1')).toMatchObject({ name: 'Theirs' });
    });
  });
}
