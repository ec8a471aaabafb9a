import {
  DomainError,
  type CommunityGroupResult,
  type CommunityGroupsAction,
  type GroupInstanceCommands,
} from '@zapgate/contracts';
import type { WhatsAppSession } from '@zapgate/whatsapp';

type GroupHandlers = {
  [V in keyof GroupInstanceCommands]: (
    session: WhatsAppSession,
    request: GroupInstanceCommands[V]['request'],
  ) => Promise<GroupInstanceCommands[V]['reply']>;
};

/**
 * The group commands, applied to the instance's session (`WhatsAppSession.groups`). Mutations
 * answer what WhatsApp said; the read model of the groups service follows the events they cause.
 */
export const groupHandlers: GroupHandlers = {
  'create-group': (s, r) => s.groups.create(r.subject, r.participants),
  'get-group': (s, r) => s.groups.metadata(r.group),
  'list-groups': (s) => s.groups.list(),
  'update-group-participants': (s, r) => s.groups.updateParticipants(r.group, r.action, r.participants),
  'set-group-subject': async (s, r) => {
    await s.groups.setSubject(r.group, r.subject);
    return { group: r.group };
  },
  'set-group-description': async (s, r) => {
    await s.groups.setDescription(r.group, r.description);
    return { group: r.group };
  },
  'set-group-setting': async (s, r) => {
    await s.groups.setSetting(r.group, r.setting);
    return { group: r.group };
  },
  'leave-group': async (s, r) => {
    await s.groups.leave(r.group);
    return { group: r.group };
  },
  'set-group-picture': async (s, r) => {
    await s.profile.setPicture(r.media, r.group);
    return { group: r.group };
  },
  'get-group-invite-code': async (s, r) => ({ group: r.group, code: await s.groups.inviteCode(r.group) }),
  'revoke-group-invite-code': async (s, r) => ({
    group: r.group,
    code: await s.groups.revokeInvite(r.group),
  }),
  'join-group': async (s, r) => ({ group: await s.groups.join(r.code) }),
  'get-group-invite-info': (s, r) => s.groups.inviteInfo(r.code),
  /** Creates the community, then links each group in turn (a refusal is that group's status). */
  'create-community': async (s, r) => {
    const community = await s.groups.createCommunity(r.subject, r.description ?? '');
    const linked = await updateCommunityGroups(s, community.id, 'link', r.groups ?? []);
    return { community, linked };
  },
  'update-community-groups': (s, r) => updateCommunityGroups(s, r.community, r.action, r.groups),
  'update-community-participants': (s, r) =>
    s.groups.updateCommunityParticipants(r.community, r.action, r.participants),
};

/**
 * Links or unlinks each group: a group WhatsApp refuses is reported with its status (403 not an
 * admin, 404 not found, ...) rather than failing the others; not_connected and the like still fail.
 */
async function updateCommunityGroups(
  s: WhatsAppSession,
  community: string,
  action: CommunityGroupsAction,
  groups: string[],
): Promise<CommunityGroupResult[]> {
  const results: CommunityGroupResult[] = [];
  for (const group of groups) {
    try {
      await s.groups.updateCommunityGroup(community, action, group);
      results.push({ group, status: 200 });
    } catch (err) {
      const status = err instanceof DomainError ? err.details?.['status'] : undefined;
      if (typeof status !== 'number') throw err;
      results.push({ group, status });
    }
  }
  return results;
}
