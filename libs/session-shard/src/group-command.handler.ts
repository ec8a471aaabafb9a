import type { GroupInstanceCommands } from '@zapgate/contracts';
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
  'get-group-invite-code': async (s, r) => ({ group: r.group, code: await s.groups.inviteCode(r.group) }),
  'revoke-group-invite-code': async (s, r) => ({
    group: r.group,
    code: await s.groups.revokeInvite(r.group),
  }),
  'join-group': async (s, r) => ({ group: await s.groups.join(r.code) }),
  'get-group-invite-info': (s, r) => s.groups.inviteInfo(r.code),
};
