import { MemoryInstanceRepository } from '@zapgate/storage';
import {
  DomainError,
  ErrorCode,
  Subjects,
  type CommandVerb,
  type GroupInfo,
  type GroupParticipantAction,
  type GroupSetting,
  type InstanceStatus,
} from '@zapgate/contracts';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore } from '@zapgate/transport';
import { NoGroups, type WhatsAppGroups } from '@zapgate/whatsapp';
import { pino } from 'pino';
import { ShardService } from './shard.service.js';
import { FakeWhatsAppSessionFactory } from './whatsapp-session.fake.js';

const G = '120363000000000001@g.us';
const ANA = '5511999990001@s.whatsapp.net';
const C = '120363000000000009@g.us';
const OTHER = '120363000000000002@g.us';
const group: GroupInfo = {
  id: G,
  subject: 'Team',
  announce: false,
  restrict: false,
  size: 1,
  participants: [],
};

/** Group operations that record what they were asked and answer from a table. */
class RecordingGroups extends NoGroups {
  readonly calls: unknown[][] = [];
  private record<T>(args: unknown[], answer: T): Promise<T> {
    this.calls.push(args);
    return Promise.resolve(answer);
  }
  override create(subject: string, participants: string[]) {
    return this.record(['create', subject, participants], { ...group, subject });
  }
  override metadata(g: string) {
    if (g !== G) return Promise.reject(new DomainError(ErrorCode.GroupNotFound, 'no such group'));
    return this.record(['metadata', g], group);
  }
  override updateParticipants(g: string, action: GroupParticipantAction, participants: string[]) {
    return this.record(
      ['updateParticipants', g, action, participants],
      participants.map((id) => ({ id, status: 200 })),
    );
  }
  override setSetting(g: string, setting: GroupSetting) {
    return this.record(['setSetting', g, setting], undefined);
  }
  override revokeInvite(g: string) {
    return this.record(['revokeInvite', g], 'NEWCODE123');
  }
  override join(code: string) {
    return this.record(['join', code], G);
  }
  override createCommunity(subject: string, description: string) {
    return this.record(['createCommunity', subject, description], { ...group, id: C, isCommunity: true });
  }
  override updateCommunityGroup(community: string, action: 'link' | 'unlink', g: string) {
    // WhatsApp refuses a group this account does not administer (the status travels in details)
    if (g !== G) return Promise.reject(new DomainError(ErrorCode.Forbidden, 'not an admin', { status: 403 }));
    return this.record(['updateCommunityGroup', community, action, g], undefined);
  }
  override updateCommunityParticipants(community: string, action: 'promote' | 'demote', ids: string[]) {
    return this.record(
      ['updateCommunityParticipants', community, action, ids],
      ids.map((id) => ({ id, status: 200 })),
    );
  }
}

// The shard's group commands on a fake session: what reaches `WhatsAppSession.groups`, and what
// the command schemas refuse before it.
describe(`${ShardService.name} group commands`, () => {
  let bus: MemoryCommandBus;
  let groups: RecordingGroups;
  let sut: ShardService;
  const command = <T>(verb: CommandVerb, request: object) =>
    bus.request<T, object>(Subjects.command('shop', verb), { instance: 'shop', ...request });

  beforeEach(async () => {
    bus = new MemoryCommandBus();
    groups = new RecordingGroups();
    const sessions = new FakeWhatsAppSessionFactory((s) => {
      s.credentials = true;
      (s as { groups: WhatsAppGroups }).groups = groups;
    });
    const instances = new MemoryInstanceRepository();
    const now = new Date().toISOString();
    await instances.create({ key: 'shop', dialect: 'mega', createdAt: now, updatedAt: now });
    sut = new ShardService(
      { shardId: 's1', capacity: 10, tickMs: 60_000 },
      {
        bus,
        events: new MemoryEventLog(),
        leases: new MemoryLeaseStore(180_000),
        instances,
        sessions,
        logger: pino({ level: 'silent' }),
      },
    );
    await sut.start();
    await expect(command<InstanceStatus>('get-status', {})).resolves.toMatchObject({ state: 'connected' });
  });
  afterEach(() => sut.stop());

  it('runs group commands on the session and answers what it said', async () => {
    await expect(command('create-group', { subject: 'Team', participants: [ANA] })).resolves.toEqual(group);
    await expect(command('get-group', { group: G })).resolves.toEqual(group);
    await expect(
      command('update-group-participants', { group: G, action: 'promote', participants: [ANA] }),
    ).resolves.toEqual([{ id: ANA, status: 200 }]);
    await expect(command('set-group-setting', { group: G, setting: 'locked' })).resolves.toEqual({
      group: G,
    });
    await expect(command('revoke-group-invite-code', { group: G })).resolves.toEqual({
      group: G,
      code: 'NEWCODE123',
    });
    await expect(command('join-group', { code: 'ABCDEFGH' })).resolves.toEqual({ group: G });
    expect(groups.calls).toEqual([
      ['create', 'Team', [ANA]],
      ['metadata', G],
      ['updateParticipants', G, 'promote', [ANA]],
      ['setSetting', G, 'locked'],
      ['revokeInvite', G],
      ['join', 'ABCDEFGH'],
    ]);
  });

  it('creates a community and links its groups, each group with its own outcome', async () => {
    await expect(
      command('create-community', { subject: 'Street', description: 'all of it', groups: [G, OTHER] }),
    ).resolves.toEqual({
      community: { ...group, id: C, isCommunity: true },
      linked: [
        { group: G, status: 200 },
        { group: OTHER, status: 403 },
      ],
    });
    await expect(
      command('update-community-groups', { community: C, action: 'unlink', groups: [G] }),
    ).resolves.toEqual([{ group: G, status: 200 }]);
    await expect(
      command('update-community-participants', { community: C, action: 'demote', participants: [ANA] }),
    ).resolves.toEqual([{ id: ANA, status: 200 }]);
    await expect(command('create-community', { subject: '' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    expect(groups.calls).toEqual([
      ['createCommunity', 'Street', 'all of it'],
      ['updateCommunityGroup', C, 'link', G],
      ['updateCommunityGroup', C, 'unlink', G],
      ['updateCommunityParticipants', C, 'demote', [ANA]],
    ]);
  });

  it('refuses malformed group commands before the session, and passes its refusals on', async () => {
    await expect(command('get-group', { group: ANA })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    await expect(
      command('update-group-participants', { group: G, action: 'kick', participants: [ANA] }),
    ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(command('get-group', { group: '120363000000000002@g.us' })).rejects.toMatchObject({
      code: ErrorCode.GroupNotFound,
    });
    // what the session cannot do is not_implemented (NoGroups' default)
    await expect(command('leave-group', { group: G })).rejects.toMatchObject({
      code: ErrorCode.NotImplemented,
    });
    expect(groups.calls).toEqual([]);
  });
});
