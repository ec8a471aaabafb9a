import {
  DomainError,
  ErrorCode,
  type GroupInfo,
  type GroupSetting,
  type GroupsServiceCommands,
  type GroupsVerb,
} from '@zapgate/contracts';
import type { GroupPatch, GroupRepository, StoredGroup } from '@zapgate/storage';
import type { Logger } from 'pino';
import type { ShardClient } from './shard-client.js';

type Req<V extends GroupsVerb> = GroupsServiceCommands[V]['request'];
type Res<V extends GroupsVerb> = GroupsServiceCommands[V]['reply'];

export interface GroupsServiceOptions {
  /** How long metadata fetched from WhatsApp answers reads without asking again (ms). */
  freshMs: number;
  /** The clock (ms since epoch); injected for tests. */
  now?: () => number;
}

/** What each setting means in the read model. */
const SETTING_PATCH: Record<GroupSetting, GroupPatch> = {
  announcement: { announce: true },
  not_announcement: { announce: false },
  locked: { restrict: true },
  unlocked: { restrict: false },
  all_member_add: { memberAddMode: true },
  admin_add: { memberAddMode: false },
  join_approval_on: { joinApprovalMode: true },
  join_approval_off: { joinApprovalMode: false },
};

/** The read model's record without what only the store needs. */
function info(g: StoredGroup): GroupInfo {
  const { instance, fetchedAt, updatedAt, ...group } = g;
  void instance;
  void fetchedAt;
  void updatedAt;
  return group;
}

/**
 * Groups for every instance: reads from the read model while it is fresh (events keep it current
 * in between), from WhatsApp through the owning shard otherwise (and stored); mutations go to the
 * owning shard, and the read model follows the events they cause (plus what the reply itself says,
 * so a read right after a mutation sees it).
 */
export class GroupsService {
  private readonly now: () => number;

  constructor(
    private readonly shard: ShardClient,
    private readonly groups: GroupRepository,
    private readonly o: GroupsServiceOptions,
    private readonly logger?: Logger,
  ) {
    this.now = o.now ?? Date.now;
  }

  private fresh(at: number | undefined): boolean {
    return at !== undefined && this.now() - at < this.o.freshMs;
  }

  async listGroups(r: Req<'list-groups'>): Promise<Res<'list-groups'>> {
    if (!r.refresh && this.fresh(await this.groups.listedAt(r.instance)))
      return (await this.groups.list(r.instance)).map(info);
    const at = this.now();
    const groups = await this.shard.send('list-groups', { instance: r.instance });
    const stored = await this.groups.putAll(r.instance, groups, at);
    // in the read model's order (by id), whichever way the answer came
    return stored.map(info).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async getGroup(r: Req<'get-group'>): Promise<Res<'get-group'>> {
    const stored = r.refresh ? undefined : await this.groups.get(r.instance, r.group);
    if (stored && this.fresh(stored.fetchedAt)) return info(stored);
    return this.fetch(r.instance, r.group);
  }

  /** Groups shared with a contact: from the read model, after a fresh list. */
  async listCommonGroups(r: Req<'list-common-groups'>): Promise<Res<'list-common-groups'>> {
    await this.listGroups({ instance: r.instance });
    return (await this.groups.withParticipant(r.instance, r.participant)).map(info);
  }

  async createGroup(r: Req<'create-group'>): Promise<Res<'create-group'>> {
    const at = this.now();
    const group = await this.shard.send('create-group', r);
    await this.remember(() => this.groups.put(r.instance, group, at));
    return group;
  }

  async updateParticipants(r: Req<'update-group-participants'>): Promise<Res<'update-group-participants'>> {
    const results = await this.shard.send('update-group-participants', r);
    const done = results.filter((p) => p.status === 200).map((p) => ({ id: p.id }));
    if (done.length)
      await this.remember(() => this.groups.applyParticipants(r.instance, r.group, r.action, done));
    return results;
  }

  async setSubject(r: Req<'set-group-subject'>): Promise<Res<'set-group-subject'>> {
    const reply = await this.shard.send('set-group-subject', r);
    await this.remember(() => this.groups.patch(r.instance, r.group, { subject: r.subject }));
    return reply;
  }

  async setDescription(r: Req<'set-group-description'>): Promise<Res<'set-group-description'>> {
    const reply = await this.shard.send('set-group-description', r);
    await this.remember(() => this.groups.patch(r.instance, r.group, { description: r.description }));
    return reply;
  }

  async setSetting(r: Req<'set-group-setting'>): Promise<Res<'set-group-setting'>> {
    const reply = await this.shard.send('set-group-setting', r);
    const patch = SETTING_PATCH[r.setting];
    await this.remember(() => this.groups.patch(r.instance, r.group, patch));
    return reply;
  }

  async leaveGroup(r: Req<'leave-group'>): Promise<Res<'leave-group'>> {
    const reply = await this.shard.send('leave-group', r);
    await this.remember(() => this.groups.delete(r.instance, r.group));
    return reply;
  }

  /** The picture is not in the read model: WhatsApp serves it (`get-profile-picture`). */
  setPicture(r: Req<'set-group-picture'>): Promise<Res<'set-group-picture'>> {
    return this.shard.send('set-group-picture', r);
  }

  async inviteCode(r: Req<'get-group-invite-code'>): Promise<Res<'get-group-invite-code'>> {
    const reply = await this.shard.send('get-group-invite-code', r);
    await this.remember(() => this.groups.patch(r.instance, r.group, { inviteCode: reply.code }));
    return reply;
  }

  async revokeInvite(r: Req<'revoke-group-invite-code'>): Promise<Res<'revoke-group-invite-code'>> {
    const reply = await this.shard.send('revoke-group-invite-code', r);
    await this.remember(() => this.groups.patch(r.instance, r.group, { inviteCode: reply.code }));
    return reply;
  }

  /** Joins by invite code, then stores the group as WhatsApp describes it now. */
  async joinGroup(r: Req<'join-group'>): Promise<Res<'join-group'>> {
    const reply = await this.shard.send('join-group', r);
    await this.fetch(r.instance, reply.group).catch((err: unknown) =>
      this.logger?.warn({ err, instance: r.instance, group: reply.group }, 'fetching a joined group failed'),
    );
    return reply;
  }

  inviteInfo(r: Req<'get-group-invite-info'>): Promise<Res<'get-group-invite-info'>> {
    return this.shard.send('get-group-invite-info', r);
  }

  /** Creates a community (linking `groups`); stores it and refetches the groups now linked. */
  async createCommunity(r: Req<'create-community'>): Promise<Res<'create-community'>> {
    const at = this.now();
    const reply = await this.shard.send('create-community', r);
    await this.remember(() => this.groups.put(r.instance, reply.community, at));
    await this.refetch(
      r.instance,
      reply.linked.filter((g) => g.status === 200).map((g) => g.group),
    );
    return reply;
  }

  /** Links or unlinks groups; the groups changed are fetched again (their linkedParent moved). */
  async updateCommunityGroups(r: Req<'update-community-groups'>): Promise<Res<'update-community-groups'>> {
    const results = await this.shard.send('update-community-groups', r);
    await this.refetch(
      r.instance,
      results.filter((g) => g.status === 200).map((g) => g.group),
    );
    return results;
  }

  async updateCommunityParticipants(
    r: Req<'update-community-participants'>,
  ): Promise<Res<'update-community-participants'>> {
    const results = await this.shard.send('update-community-participants', r);
    const done = results.filter((p) => p.status === 200).map((p) => ({ id: p.id }));
    if (done.length)
      await this.remember(() => this.groups.applyParticipants(r.instance, r.community, r.action, done));
    return results;
  }

  /** Fetches groups again after a change the read model cannot patch; failures are logged. */
  private async refetch(instance: string, groups: string[]): Promise<void> {
    for (const group of groups)
      await this.fetch(instance, group).catch((err: unknown) =>
        this.logger?.warn({ err, instance, group }, 'refetching a group failed'),
      );
  }

  /** The group from WhatsApp, stored; a group WhatsApp no longer shows this account is forgotten. */
  private async fetch(instance: string, group: string): Promise<GroupInfo> {
    const at = this.now();
    try {
      const fetched = await this.shard.send('get-group', { instance, group });
      return info(await this.groups.put(instance, fetched, at));
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.GroupNotFound)
        await this.remember(() => this.groups.delete(instance, group));
      throw err;
    }
  }

  /**
   * A read-model write after WhatsApp already did the change: its failure is logged, not answered
   * (the change happened; the events and the next fetch bring the read model back).
   */
  private async remember(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.logger?.error({ err }, 'updating the groups read model failed');
    }
  }
}
