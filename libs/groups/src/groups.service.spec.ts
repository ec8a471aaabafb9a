import { DomainError, ErrorCode, type GroupInfo } from '@zapgate/contracts';
import { MemoryCommandBus } from '@zapgate/transport';
import { GroupsService } from './groups.service.js';
import { MemoryGroupRepository } from './memory-groups.fake.js';
import { ShardClient } from './shard-client.js';

const ME = '5511900000001@s.whatsapp.net';
const BOB = '5511900000002@s.whatsapp.net';
const CAROL = '5511900000003@s.whatsapp.net';
const G1 = '120363000000000001@g.us';
const G2 = '120363000000000002@g.us';

const group = (id: string, over: Partial<GroupInfo> = {}): GroupInfo => ({
  id,
  subject: `group ${id}`,
  announce: false,
  restrict: false,
  size: 2,
  participants: [
    { id: ME, role: 'superadmin' },
    { id: BOB, role: 'member' },
  ],
  ...over,
});

/** A shard on the in-memory bus answering group commands from a table; it counts what it is asked. */
async function fakeShard(answers: Record<string, (r: Record<string, unknown>) => unknown>) {
  const bus = new MemoryCommandBus();
  const asked: string[] = [];
  await bus.serve<Record<string, unknown>, unknown>('zg.cmd.shop.*', async (request, subject) => {
    const verb = subject.split('.').pop()!;
    asked.push(verb);
    const answer = answers[verb];
    if (!answer) throw new DomainError(ErrorCode.NotImplemented, verb);
    return answer(request);
  });
  return { bus, asked };
}

describe(GroupsService.name, () => {
  let now = 1_000_000;
  const clock = () => now;
  const make = async (answers: Record<string, (r: Record<string, unknown>) => unknown>) => {
    const shard = await fakeShard(answers);
    const repo = new MemoryGroupRepository();
    const sut = new GroupsService(new ShardClient(shard.bus, 1_000), repo, { freshMs: 60_000, now: clock });
    return { sut, repo, asked: shard.asked };
  };

  it('lists from WhatsApp once, then from the read model while fresh, and again once stale or asked to', async () => {
    const { sut, asked } = await make({ 'list-groups': () => [group(G2), group(G1)] });
    expect((await sut.listGroups({ instance: 'shop' })).map((g) => g.id)).toEqual([G1, G2]);
    now += 59_000;
    expect((await sut.listGroups({ instance: 'shop' })).map((g) => g.id)).toEqual([G1, G2]);
    expect(asked).toEqual(['list-groups']);
    await sut.listGroups({ instance: 'shop', refresh: true });
    now += 61_000;
    await sut.listGroups({ instance: 'shop' });
    expect(asked).toEqual(['list-groups', 'list-groups', 'list-groups']);
  });

  it('answers a fresh group from the read model, fetches a stale or unknown one, and never leaks store fields', async () => {
    const { sut, asked } = await make({ 'get-group': (r) => group(r['group'] as string) });
    const first = await sut.getGroup({ instance: 'shop', group: G1 });
    expect(first).toEqual(group(G1));
    expect(await sut.getGroup({ instance: 'shop', group: G1 })).toEqual(group(G1));
    expect(asked).toEqual(['get-group']);
    now += 60_001;
    await sut.getGroup({ instance: 'shop', group: G1 });
    expect(asked).toEqual(['get-group', 'get-group']);
  });

  it('forgets a group WhatsApp says this account is not in, and answers group_not_found', async () => {
    let member = true;
    const { sut, repo } = await make({
      'get-group': (r) => {
        if (member) return group(r['group'] as string);
        throw new DomainError(ErrorCode.GroupNotFound, 'not in it');
      },
    });
    await sut.getGroup({ instance: 'shop', group: G1 });
    member = false;
    await expect(sut.getGroup({ instance: 'shop', group: G1, refresh: true })).rejects.toMatchObject({
      code: ErrorCode.GroupNotFound,
    });
    expect(await repo.get('shop', G1)).toBeUndefined();
  });

  it('sends mutations to the shard and the read model shows them at once', async () => {
    const { sut, repo, asked } = await make({
      'create-group': (r) =>
        group(G1, {
          subject: r['subject'] as string,
          participants: [
            { id: ME, role: 'superadmin' },
            ...(r['participants'] as string[]).map((id) => ({ id, role: 'member' as const })),
          ],
        }),
      'update-group-participants': (r) =>
        (r['participants'] as string[]).map((id) => ({ id, status: id === CAROL ? 403 : 200 })),
      'set-group-setting': (r) => ({ group: r['group'] }),
      'set-group-subject': (r) => ({ group: r['group'] }),
      'get-group-invite-code': (r) => ({ group: r['group'], code: 'CODE1' }),
      'revoke-group-invite-code': (r) => ({ group: r['group'], code: 'CODE2' }),
      'leave-group': (r) => ({ group: r['group'] }),
    });
    const created = await sut.createGroup({ instance: 'shop', subject: 'Team', participants: [BOB] });
    expect(created.subject).toBe('Team');
    // carol's add is refused by WhatsApp (403): only bob's promotion is applied
    const results = await sut.updateParticipants({
      instance: 'shop',
      group: G1,
      action: 'promote',
      participants: [BOB, CAROL],
    });
    expect(results).toEqual([
      { id: BOB, status: 200 },
      { id: CAROL, status: 403 },
    ]);
    await sut.setSetting({ instance: 'shop', group: G1, setting: 'announcement' });
    await sut.setSetting({ instance: 'shop', group: G1, setting: 'locked' });
    await sut.setSubject({ instance: 'shop', group: G1, subject: 'Renamed' });
    expect(await sut.inviteCode({ instance: 'shop', group: G1 })).toEqual({ group: G1, code: 'CODE1' });
    expect(await sut.revokeInvite({ instance: 'shop', group: G1 })).toEqual({ group: G1, code: 'CODE2' });
    const stored = await sut.getGroup({ instance: 'shop', group: G1 });
    expect(stored).toMatchObject({ subject: 'Renamed', announce: true, restrict: true, inviteCode: 'CODE2' });
    expect(stored.participants).toEqual([
      { id: ME, role: 'superadmin' },
      { id: BOB, role: 'admin' },
    ]);
    await sut.leaveGroup({ instance: 'shop', group: G1 });
    expect(await repo.get('shop', G1)).toBeUndefined();
    expect(asked).not.toContain('get-group');
  });

  it("forwards a group's picture to the shard as it is (the file is a media-store reference)", async () => {
    const media = {
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      size: 10,
      mime: 'image/png',
      sha256: 'a'.repeat(64),
    };
    const { sut, asked } = await make({ 'set-group-picture': (r) => ({ group: r['group'] }) });
    expect(await sut.setPicture({ instance: 'shop', group: G1, media })).toEqual({ group: G1 });
    expect(asked).toEqual(['set-group-picture']);
  });

  it('finds common groups from a fresh list', async () => {
    const { sut } = await make({
      'list-groups': () => [group(G1), group(G2, { participants: [{ id: ME, role: 'admin' }] })],
    });
    expect((await sut.listCommonGroups({ instance: 'shop', participant: BOB })).map((g) => g.id)).toEqual([
      G1,
    ]);
    expect(await sut.listCommonGroups({ instance: 'shop', participant: CAROL })).toEqual([]);
  });

  it('stores a group it joined by invite as WhatsApp describes it', async () => {
    const { sut, repo } = await make({
      'join-group': () => ({ group: G2 }),
      'get-group': (r) => group(r['group'] as string, { subject: 'Joined' }),
    });
    expect(await sut.joinGroup({ instance: 'shop', code: 'ABCDEF' })).toEqual({ group: G2 });
    expect((await repo.get('shop', G2))?.subject).toBe('Joined');
  });

  it('creates a community, stores it, and refetches the groups linked or unlinked (only those WhatsApp changed)', async () => {
    const C = '120363000000000009@g.us';
    let parent: string | undefined = C;
    const { sut, repo, asked } = await make({
      'create-community': (r) => ({
        community: group(C, { subject: r['subject'] as string, isCommunity: true }),
        linked: [
          { group: G1, status: 200 },
          { group: G2, status: 403 },
        ],
      }),
      'update-community-groups': (r) =>
        (r['groups'] as string[]).map((g) => ({ group: g, status: g === G1 ? 200 : 404 })),
      'update-community-participants': (r) =>
        (r['participants'] as string[]).map((id) => ({ id, status: id === BOB ? 200 : 404 })),
      'get-group': (r) => group(r['group'] as string, parent ? { linkedParent: parent } : {}),
    });
    const created = await sut.createCommunity({ instance: 'shop', subject: 'Street', groups: [G1, G2] });
    expect(created.community).toMatchObject({ id: C, subject: 'Street', isCommunity: true });
    expect((await repo.get('shop', C))?.isCommunity).toBe(true);
    expect((await repo.get('shop', G1))?.linkedParent).toBe(C);
    expect(await repo.get('shop', G2)).toBeUndefined();
    expect(asked).toEqual(['create-community', 'get-group']);

    parent = undefined;
    const unlinked = await sut.updateCommunityGroups({
      instance: 'shop',
      community: C,
      action: 'unlink',
      groups: [G1, G2],
    });
    expect(unlinked).toEqual([
      { group: G1, status: 200 },
      { group: G2, status: 404 },
    ]);
    expect((await repo.get('shop', G1))?.linkedParent).toBeUndefined();
    expect(asked.filter((v) => v === 'get-group')).toHaveLength(2);

    // bob's promotion is applied to the stored community; carol's refusal is not
    await sut.updateCommunityParticipants({
      instance: 'shop',
      community: C,
      action: 'promote',
      participants: [BOB, CAROL],
    });
    expect((await sut.getGroup({ instance: 'shop', group: C })).participants).toEqual([
      { id: ME, role: 'superadmin' },
      { id: BOB, role: 'admin' },
    ]);
  });

  it('passes the shard errors on as they are', async () => {
    const { sut } = await make({
      'set-group-subject': () => {
        throw new DomainError(ErrorCode.Forbidden, 'not an admin');
      },
    });
    await expect(sut.setSubject({ instance: 'shop', group: G1, subject: 'x' })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
      message: 'not an admin',
    });
  });
});
