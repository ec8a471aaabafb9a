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

/**
 * One instance's group operations on WhatsApp (the group half of the `WhatsAppSession` port):
 * `BaileysGroups` runs them over the instance's socket. Every method fails with not_connected when
 * the session is not connected, group_not_found for a group WhatsApp does not know or this
 * account is not in, and forbidden when WhatsApp refuses because the account is not an admin (or
 * an invite code is no longer valid: group_not_found).
 */
export abstract class WhatsAppGroups {
  abstract create(subject: string, participants: string[]): Promise<GroupInfo>;
  abstract metadata(group: string): Promise<GroupInfo>;
  /** Every group this account is in. */
  abstract list(): Promise<GroupInfo[]>;
  abstract updateParticipants(
    group: string,
    action: GroupParticipantAction,
    participants: string[],
  ): Promise<GroupParticipantResult[]>;
  abstract setSubject(group: string, subject: string): Promise<void>;
  /** '' removes the description. */
  abstract setDescription(group: string, description: string): Promise<void>;
  abstract setSetting(group: string, setting: GroupSetting): Promise<void>;
  abstract leave(group: string): Promise<void>;
  abstract inviteCode(group: string): Promise<string>;
  /** Revokes the invite code; resolves with the new one. */
  abstract revokeInvite(group: string): Promise<string>;
  /** Joins by invite code; resolves with the group's jid. */
  abstract join(code: string): Promise<string>;
  abstract inviteInfo(code: string): Promise<GroupInfo>;
  /** Creates a community (a parent group); resolves with it as WhatsApp describes it. */
  abstract createCommunity(subject: string, description: string): Promise<GroupInfo>;
  /** Links a group to a community, or unlinks it. */
  abstract updateCommunityGroup(
    community: string,
    action: CommunityGroupsAction,
    group: string,
  ): Promise<void>;
  abstract updateCommunityParticipants(
    community: string,
    action: CommunityParticipantAction,
    participants: string[],
  ): Promise<GroupParticipantResult[]>;
}

/** What a session without group support answers: not_implemented for everything. */
export class NoGroups extends WhatsAppGroups {
  private no(): Promise<never> {
    return Promise.reject(new DomainError(ErrorCode.NotImplemented, 'this session cannot manage groups'));
  }
  create(_subject: string, _participants: string[]): Promise<GroupInfo> {
    return this.no();
  }
  metadata(_group: string): Promise<GroupInfo> {
    return this.no();
  }
  list(): Promise<GroupInfo[]> {
    return this.no();
  }
  updateParticipants(
    _group: string,
    _action: GroupParticipantAction,
    _participants: string[],
  ): Promise<GroupParticipantResult[]> {
    return this.no();
  }
  setSubject(_group: string, _subject: string): Promise<void> {
    return this.no();
  }
  setDescription(_group: string, _description: string): Promise<void> {
    return this.no();
  }
  setSetting(_group: string, _setting: GroupSetting): Promise<void> {
    return this.no();
  }
  leave(_group: string): Promise<void> {
    return this.no();
  }
  inviteCode(_group: string): Promise<string> {
    return this.no();
  }
  revokeInvite(_group: string): Promise<string> {
    return this.no();
  }
  join(_code: string): Promise<string> {
    return this.no();
  }
  inviteInfo(_code: string): Promise<GroupInfo> {
    return this.no();
  }
  createCommunity(_subject: string, _description: string): Promise<GroupInfo> {
    return this.no();
  }
  updateCommunityGroup(_community: string, _action: CommunityGroupsAction, _group: string): Promise<void> {
    return this.no();
  }
  updateCommunityParticipants(
    _community: string,
    _action: CommunityParticipantAction,
    _participants: string[],
  ): Promise<GroupParticipantResult[]> {
    return this.no();
  }
}
