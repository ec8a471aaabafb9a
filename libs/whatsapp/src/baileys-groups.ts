import type { WASocket } from '@whiskeysockets/baileys';
import {
  DomainError,
  ErrorCode,
  type GroupInfo,
  type GroupParticipantAction,
  type GroupParticipantResult,
  type CommunityGroupsAction,
  type CommunityParticipantAction,
  type GroupSetting,
} from '@zapgate/contracts';
import { normalizeGroup } from './group-normalize.js';
import { WhatsAppGroups } from './whatsapp-groups.port.js';

type GroupSocket = Pick<
  WASocket,
  | 'groupCreate'
  | 'groupMetadata'
  | 'groupFetchAllParticipating'
  | 'groupParticipantsUpdate'
  | 'groupUpdateSubject'
  | 'groupUpdateDescription'
  | 'groupSettingUpdate'
  | 'groupMemberAddMode'
  | 'groupJoinApprovalMode'
  | 'groupLeave'
  | 'groupInviteCode'
  | 'groupRevokeInvite'
  | 'groupAcceptInvite'
  | 'groupGetInviteInfo'
  | 'communityCreate'
  | 'communityLinkGroup'
  | 'communityUnlinkGroup'
  | 'communityParticipantsUpdate'
>;

/** The status WhatsApp put in an iq error (Baileys' Boom carries it in `data`). */
function iqStatus(err: unknown): number | undefined {
  const boom = err as { isBoom?: boolean; data?: unknown };
  return boom?.isBoom && typeof boom.data === 'number' ? boom.data : undefined;
}

/**
 * WhatsApp's refusals as domain errors: 404 (no such group), 403 (this account is not a
 * participant) and, for invite codes, 406 (no such code) and 410 (revoked) are group_not_found;
 * 401 (not an admin) is forbidden; 400, 406 and 409 otherwise validation_failed. Anything else (a
 * timeout, the socket closing) stays what it is.
 */
export function groupError(err: unknown, what: string, invite = false): unknown {
  const status = iqStatus(err);
  const text = (err as Error)?.message;
  const refused = `${what}: WhatsApp refused (${text || status})`;
  if (status === 404 || status === 403 || status === 410 || (invite && status === 406))
    return new DomainError(
      ErrorCode.GroupNotFound,
      invite ? `${what}: not found or revoked` : `${what}: not found, or this number is not in it`,
      { status },
    );
  if (status === 401)
    return new DomainError(ErrorCode.Forbidden, `${refused}: only admins may do this`, { status });
  if (status === 400 || status === 406 || status === 409)
    return new DomainError(ErrorCode.ValidationFailed, refused, { status });
  return err;
}

/** Group operations over a Baileys socket (`socket()` throws not_connected when there is none). */
export class BaileysGroups extends WhatsAppGroups {
  constructor(private readonly socket: () => GroupSocket) {
    super();
  }

  private async run<T>(what: string, op: (s: GroupSocket) => Promise<T>, invite = false): Promise<T> {
    const s = this.socket();
    try {
      return await op(s);
    } catch (err) {
      throw groupError(err, what, invite);
    }
  }

  create(subject: string, participants: string[]): Promise<GroupInfo> {
    return this.run('creating the group', async (s) =>
      normalizeGroup(await s.groupCreate(subject, participants)),
    );
  }

  metadata(group: string): Promise<GroupInfo> {
    return this.run(`group ${group}`, async (s) => normalizeGroup(await s.groupMetadata(group)));
  }

  list(): Promise<GroupInfo[]> {
    return this.run('listing groups', async (s) =>
      Object.values(await s.groupFetchAllParticipating()).map(normalizeGroup),
    );
  }

  updateParticipants(
    group: string,
    action: GroupParticipantAction,
    participants: string[],
  ): Promise<GroupParticipantResult[]> {
    return this.run(`group ${group}`, async (s) => {
      const results = await s.groupParticipantsUpdate(group, participants, action);
      return results.map((r, i) => ({
        id: r.jid ?? participants[i] ?? '',
        status: Number.parseInt(r.status, 10) || 500,
      }));
    });
  }

  setSubject(group: string, subject: string): Promise<void> {
    return this.run(`group ${group}`, (s) => s.groupUpdateSubject(group, subject));
  }

  setDescription(group: string, description: string): Promise<void> {
    return this.run(`group ${group}`, (s) => s.groupUpdateDescription(group, description || undefined));
  }

  setSetting(group: string, setting: GroupSetting): Promise<void> {
    return this.run(`group ${group}`, (s) => {
      switch (setting) {
        case 'all_member_add':
        case 'admin_add':
          return s.groupMemberAddMode(group, setting);
        case 'join_approval_on':
        case 'join_approval_off':
          return s.groupJoinApprovalMode(group, setting === 'join_approval_on' ? 'on' : 'off');
        default:
          return s.groupSettingUpdate(group, setting);
      }
    });
  }

  leave(group: string): Promise<void> {
    return this.run(`group ${group}`, (s) => s.groupLeave(group));
  }

  inviteCode(group: string): Promise<string> {
    return this.run(`group ${group}`, async (s) => {
      const code = await s.groupInviteCode(group);
      if (!code) throw new DomainError(ErrorCode.Internal, 'WhatsApp answered no invite code');
      return code;
    });
  }

  revokeInvite(group: string): Promise<string> {
    return this.run(`group ${group}`, async (s) => {
      const code = await s.groupRevokeInvite(group);
      if (!code) throw new DomainError(ErrorCode.Internal, 'WhatsApp answered no new invite code');
      return code;
    });
  }

  join(code: string): Promise<string> {
    return this.run(
      'the invite code',
      async (s) => {
        const jid = await s.groupAcceptInvite(code);
        if (!jid) throw new DomainError(ErrorCode.Internal, 'WhatsApp answered no group for the invite');
        return jid;
      },
      true,
    );
  }

  /**
   * Baileys answers the new community from a groupMetadata query (a community is a group with
   * `parent`), or nothing when WhatsApp's answer had no group in it.
   */
  createCommunity(subject: string, description: string): Promise<GroupInfo> {
    return this.run('creating the community', async (s) => {
      const created = await s.communityCreate(subject, description);
      if (!created?.id) throw new DomainError(ErrorCode.Internal, 'WhatsApp answered no community');
      return normalizeGroup(created);
    });
  }

  /**
   * Baileys drops WhatsApp's answer to a link (a refused group comes back as an `error` attribute
   * in it, not as an iq error): the group's metadata afterwards says whether it is linked now. A
   * group still not (or still) linked is refused as forbidden (403: not an admin of it).
   */
  updateCommunityGroup(community: string, action: CommunityGroupsAction, group: string): Promise<void> {
    return this.run(`community ${community}`, async (s) => {
      if (action === 'link') await s.communityLinkGroup(group, community);
      else await s.communityUnlinkGroup(group, community);
      const linked = (await this.metadata(group)).linkedParent === community;
      if (linked !== (action === 'link'))
        throw new DomainError(
          ErrorCode.Forbidden,
          `WhatsApp did not ${action} ${group}: only an admin of both may do this, and a community cannot be a subgroup`,
          { status: 403 },
        );
    });
  }

  updateCommunityParticipants(
    community: string,
    action: CommunityParticipantAction,
    participants: string[],
  ): Promise<GroupParticipantResult[]> {
    return this.run(`community ${community}`, async (s) => {
      const results = await s.communityParticipantsUpdate(community, participants, action);
      return results.map((r, i) => ({
        id: r.jid ?? participants[i] ?? '',
        status: Number.parseInt(r.status, 10) || 500,
      }));
    });
  }

  inviteInfo(code: string): Promise<GroupInfo> {
    return this.run('the invite code', async (s) => normalizeGroup(await s.groupGetInviteInfo(code)), true);
  }
}
