import type { EventData, EventEnvelope, EventName, GroupInfo } from '@zapgate/contracts';
import { MemoryEventLog } from '@zapgate/transport';
import { pino } from 'pino';
import { GroupsProjection } from './groups.projection.js';
import { MemoryGroupRepository } from './memory-groups.fake.js';

const ME = '5511900000001@s.whatsapp.net';
const ME_LID = '100000000000001@lid';
const BIA = '5511900000002@s.whatsapp.net';
const G = '120363000000000001@g.us';
const group: GroupInfo = {
  id: G,
  subject: 'Team',
  announce: false,
  restrict: false,
  size: 2,
  participants: [
    { id: ME_LID, alt: ME, role: 'superadmin' },
    { id: BIA, role: 'member' },
  ],
};
const at = '2026-11-29T17:00:00.000Z';
const envelope = <E extends EventName>(event: E, data: EventData[E], instance = 'shop'): EventEnvelope =>
  ({ id: `${event}-1`, instance, event, at, data }) as EventEnvelope;

describe(GroupsProjection.name, () => {
  let repo: MemoryGroupRepository;
  let sut: GroupsProjection;

  beforeEach(() => {
    repo = new MemoryGroupRepository();
    sut = new GroupsProjection({
      events: new MemoryEventLog(),
      groups: repo,
      instances: {
        get: async (key) =>
          key === 'shop'
            ? { key, dialect: 'mega', account: { id: ME, lid: ME_LID }, createdAt: at, updatedAt: at }
            : undefined,
      },
      logger: pino({ level: 'silent' }),
    });
  });

  it('stores whole groups at the time of the event, and skips changes of groups it does not have', async () => {
    await sut.apply(envelope('group-updated', { group: '120363000000000009@g.us', subject: 'unknown' }));
    expect(repo.records.size).toBe(0);
    await sut.apply(envelope('group-updated', { group: G, metadata: group }));
    expect(await repo.get('shop', G)).toMatchObject({ subject: 'Team', fetchedAt: Date.parse(at) });
    // other events pass by
    await sut.apply(envelope('presence-updated', { chat: G, participant: BIA, presence: 'composing' }));
    expect(await repo.list('shop')).toHaveLength(1);
  });

  it('forgets a group the instance was removed from (by its LID too), and every group on logout', async () => {
    await sut.apply(envelope('group-updated', { group: G, metadata: group }));
    await sut.apply(
      envelope('group-participants-changed', { group: G, action: 'remove', participants: [{ id: BIA }] }),
    );
    expect((await repo.get('shop', G))?.participants.map((p) => p.id)).toEqual([ME_LID]);
    await sut.apply(
      envelope('group-participants-changed', {
        group: G,
        action: 'remove',
        participants: [{ id: ME_LID }],
        author: BIA,
      }),
    );
    expect(await repo.get('shop', G)).toBeUndefined();
    await sut.apply(envelope('group-updated', { group: G, metadata: group }));
    await sut.apply(
      envelope('group-updated', { group: G, metadata: { ...group, id: '120363000000000002@g.us' } }),
    );
    await sut.apply(envelope('connection-changed', { state: 'logged-out' }));
    expect(await repo.list('shop')).toEqual([]);
  });
});
