import { randomUUID } from 'node:crypto';
import type { GroupInfo } from '@zapgate/contracts';
import type { GroupRepository } from './groups.ports.js';

export interface GroupStoreUnderTest {
  groups: GroupRepository;
  /** Closes and opens the same store again (a process restart). */
  reopen(): Promise<GroupRepository>;
  close(): Promise<void>;
}

const A = '5511900000001@s.whatsapp.net';
const B = '5511900000002@s.whatsapp.net';
const C = '5511900000003@s.whatsapp.net';
const B_LID = '200000000000002@lid';

const group = (id: string, over: Partial<GroupInfo> = {}): GroupInfo => ({
  id,
  subject: `subject of ${id}`,
  owner: A,
  creation: 1_795_400_000,
  announce: false,
  restrict: false,
  addressingMode: 'pn',
  size: 2,
  participants: [
    { id: A, role: 'superadmin' },
    { id: B, alt: B_LID, role: 'member' },
  ],
  ...over,
});

/** One behaviour, two adapters: the embedded files must act as MongoDB does. */
export function describeGroupStoreContract(name: string, open: () => Promise<GroupStoreUnderTest>): void {
  describe(`group store contract: ${name}`, () => {
    let s: GroupStoreUnderTest;
    const instance = () => `i${randomUUID().slice(0, 8)}`;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    it('puts whole groups, reads them back, lists them by id, scoped by instance', async () => {
      const [i, j] = [instance(), instance()];
      await s.groups.put(i, group('222@g.us'), 1_000);
      await s.groups.put(i, group('111@g.us', { description: 'rules', inviteCode: 'CODE1' }), 2_000);
      await s.groups.put(j, group('111@g.us', { subject: 'other instance' }), 3_000);
      const got = await s.groups.get(i, '111@g.us');
      expect(got).toEqual({
        ...group('111@g.us', { description: 'rules', inviteCode: 'CODE1' }),
        instance: i,
        fetchedAt: 2_000,
        updatedAt: expect.any(String),
      });
      expect((await s.groups.list(i)).map((g) => g.id)).toEqual(['111@g.us', '222@g.us']);
      expect((await s.groups.get(j, '111@g.us'))?.subject).toBe('other instance');
      expect(await s.groups.get(i, '333@g.us')).toBeUndefined();
      expect(await s.groups.list(instance())).toEqual([]);
    });

    it('replaces a group on put, keeping the invite code WhatsApp sends only to who asks', async () => {
      const i = instance();
      await s.groups.put(i, group('1@g.us', { description: 'old', inviteCode: 'KEEP' }), 1);
      await s.groups.put(i, group('1@g.us', { subject: 'renamed' }), 2);
      const got = await s.groups.get(i, '1@g.us');
      expect(got?.subject).toBe('renamed');
      expect(got?.description).toBeUndefined(); // a whole replacement
      expect(got?.inviteCode).toBe('KEEP');
      expect(got?.fetchedAt).toBe(2);
    });

    it('replaces the whole list of an instance and remembers when it was fetched', async () => {
      const [i, j] = [instance(), instance()];
      expect(await s.groups.listedAt(i)).toBeUndefined();
      await s.groups.put(i, group('1@g.us'), 1);
      await s.groups.put(i, group('2@g.us'), 1);
      await s.groups.put(j, group('9@g.us'), 1);
      await s.groups.putAll(i, [group('2@g.us', { subject: 'two' }), group('3@g.us')], 5_000);
      expect((await s.groups.list(i)).map((g) => [g.id, g.fetchedAt])).toEqual([
        ['2@g.us', 5_000],
        ['3@g.us', 5_000],
      ]);
      expect(await s.groups.listedAt(i)).toBe(5_000);
      expect((await s.groups.list(j)).map((g) => g.id)).toEqual(['9@g.us']);
      expect(await s.groups.listedAt(j)).toBeUndefined();
      await s.groups.putAll(i, [], 6_000);
      expect(await s.groups.list(i)).toEqual([]);
      expect(await s.groups.listedAt(i)).toBe(6_000);
    });

    it('applies changes from events: settings, subject, a removed description', async () => {
      const i = instance();
      expect(await s.groups.patch(i, '1@g.us', { subject: 'x' })).toBeUndefined();
      await s.groups.put(i, group('1@g.us', { description: 'd' }), 1);
      await s.groups.patch(i, '1@g.us', { announce: true, subject: 'new' });
      await s.groups.patch(i, '1@g.us', { restrict: true, description: '' });
      const got = await s.groups.get(i, '1@g.us');
      expect(got).toMatchObject({ announce: true, restrict: true, subject: 'new', fetchedAt: 1 });
      expect(got?.description).toBeUndefined();
    });

    it('applies participant changes, matching members by PN or LID', async () => {
      const i = instance();
      expect(await s.groups.applyParticipants(i, '1@g.us', 'add', [{ id: C }])).toBeUndefined();
      await s.groups.put(i, group('1@g.us'), 1);
      await s.groups.applyParticipants(i, '1@g.us', 'add', [{ id: C }, { id: A }]);
      await s.groups.applyParticipants(i, '1@g.us', 'promote', [{ id: B_LID }]);
      let got = await s.groups.get(i, '1@g.us');
      expect(got?.participants).toEqual([
        { id: A, role: 'superadmin' },
        { id: B, alt: B_LID, role: 'admin' },
        { id: C, role: 'member' },
      ]);
      expect(got?.size).toBe(3);
      await s.groups.applyParticipants(i, '1@g.us', 'demote', [{ id: B }]);
      await s.groups.applyParticipants(i, '1@g.us', 'remove', [{ id: C }]);
      got = await s.groups.get(i, '1@g.us');
      expect(got?.participants).toEqual([
        { id: A, role: 'superadmin' },
        { id: B, alt: B_LID, role: 'member' },
      ]);
      expect(got?.size).toBe(2);
    });

    it('finds the groups an instance shares with a member, by either form', async () => {
      const i = instance();
      await s.groups.put(i, group('1@g.us'), 1);
      await s.groups.put(i, group('2@g.us', { participants: [{ id: A, role: 'superadmin' }] }), 1);
      await s.groups.put(instance(), group('3@g.us'), 1);
      expect((await s.groups.withParticipant(i, B)).map((g) => g.id)).toEqual(['1@g.us']);
      expect((await s.groups.withParticipant(i, B_LID)).map((g) => g.id)).toEqual(['1@g.us']);
      expect((await s.groups.withParticipant(i, A)).map((g) => g.id)).toEqual(['1@g.us', '2@g.us']);
      expect(await s.groups.withParticipant(i, C)).toEqual([]);
    });

    it('deletes one group or every group of an instance, and keeps groups across a restart', async () => {
      const [i, j] = [instance(), instance()];
      await s.groups.putAll(i, [group('1@g.us'), group('2@g.us')], 7);
      await s.groups.put(j, group('1@g.us'), 7);
      expect(await s.groups.delete(i, '1@g.us')).toBe(true);
      expect(await s.groups.delete(i, '1@g.us')).toBe(false);
      const again = await s.reopen();
      expect((await again.list(i)).map((g) => g.id)).toEqual(['2@g.us']);
      expect(await again.listedAt(i)).toBe(7);
      await again.clear(i);
      expect(await again.list(i)).toEqual([]);
      expect(await again.listedAt(i)).toBeUndefined();
      expect((await again.list(j)).map((g) => g.id)).toEqual(['1@g.us']);
    });
  });
}
