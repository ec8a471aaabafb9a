import { MemoryInstanceRepository } from '@zapgate/storage';
import { DomainError, ErrorCode, GROUPS_QUEUE, Subjects, type GroupInfo } from '@zapgate/contracts';
import { MemoryCommandBus } from '@zapgate/transport';
import type { GatewaySettings } from './gateway-settings.js';
import { GroupsService } from './groups.service.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

const G1 = '120363000000000001@g.us';
const group: GroupInfo = {
  id: G1,
  subject: 'Team',
  announce: false,
  restrict: false,
  size: 0,
  participants: [],
};
const settings: GatewaySettings = {
  adminToken: 'admin',
  secretKey: 'secret',
  commandTimeoutMs: 200,
  bodyLimitBytes: 1_000_000,
};

describe(GroupsService.name, () => {
  let bus: MemoryCommandBus;
  let sut: GroupsService;
  const received: { subject: string; request: unknown }[] = [];

  beforeEach(async () => {
    bus = new MemoryCommandBus();
    received.length = 0;
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    await registry.create('shop', 'mega');
    sut = new GroupsService(bus, registry, settings, new InstanceClient(bus, settings));
  });

  const groupsService = (answer: (subject: string, request: Record<string, unknown>) => unknown) =>
    bus.serve<Record<string, unknown>, unknown>(
      'zg.groups.*',
      async (request, subject) => {
        received.push({ subject, request });
        return answer(subject, request);
      },
      { queue: GROUPS_QUEUE },
    );

  it('sends each call to zg.groups.<verb> unchanged and answers what the groups service said', async () => {
    await groupsService(() => group);
    expect(await sut.call('get-group', { instance: 'shop', group: G1 })).toEqual(group);
    await sut.call('update-group-participants', {
      instance: 'shop',
      group: G1,
      action: 'promote',
      participants: ['5511900000002@s.whatsapp.net'],
    });
    expect(received).toEqual([
      { subject: Subjects.groups('get-group'), request: { instance: 'shop', group: G1 } },
      {
        subject: 'zg.groups.update-group-participants',
        request: {
          instance: 'shop',
          group: G1,
          action: 'promote',
          participants: ['5511900000002@s.whatsapp.net'],
        },
      },
    ]);
  });

  it('refuses an unknown instance before asking the groups service', async () => {
    await groupsService(() => group);
    await expect(sut.call('list-groups', { instance: 'ghost' })).rejects.toMatchObject({
      code: ErrorCode.InstanceNotFound,
    });
    expect(received).toEqual([]);
  });

  it("passes the groups service's errors on, and says so when no groups service runs", async () => {
    await expect(sut.call('list-groups', { instance: 'shop' })).rejects.toMatchObject({
      code: ErrorCode.Unavailable,
      message: 'the groups service is not running',
    });
    await groupsService(() => {
      throw new DomainError(ErrorCode.GroupNotFound, 'group not found, or this number is not in it');
    });
    await expect(sut.call('get-group', { instance: 'shop', group: G1 })).rejects.toMatchObject({
      code: ErrorCode.GroupNotFound,
    });
  });

  it('lists the groups this account administers, by its PN or LID, as its shard names it', async () => {
    const ME = '5511900000001@s.whatsapp.net';
    const ME_LID = '100000000000001@lid';
    await bus.serve('zg.cmd.shop.get-status', async () => ({
      instance: 'shop',
      state: 'connected',
      me: { id: ME, lid: ME_LID },
      updatedAt: '',
    }));
    const g = (id: string, participants: GroupInfo['participants']): GroupInfo => ({
      ...group,
      id,
      participants,
    });
    await groupsService(() => [
      g('1@g.us', [{ id: ME, role: 'superadmin' }]),
      g('2@g.us', [{ id: ME_LID, role: 'admin' }]),
      g('3@g.us', [{ id: ME, role: 'member' }]),
      g('4@g.us', [{ id: '5511900000002@s.whatsapp.net', alt: ME_LID, role: 'admin' }]),
    ]);
    expect((await sut.listAdminGroups('shop')).map((x) => x.id)).toEqual(['1@g.us', '2@g.us', '4@g.us']);
  });
});
