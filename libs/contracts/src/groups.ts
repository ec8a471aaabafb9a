/**
 * Groups: the canonical shapes of group metadata, the owning shard's group commands
 * (`zg.cmd.<instance>.<verb>`, run on the instance's socket) and the groups service's own requests
 * (`zg.groups.<verb>`, answered by any replica of the groups service from its read model).
 */

import type { MediaReference } from './messages.js';

/** A member's standing in a group. */
export type GroupRole = 'member' | 'admin' | 'superadmin';

export interface GroupParticipant {
  /** The member as the group addresses it (`@s.whatsapp.net` or `@lid`, after the group's addressing mode). */
  id: string;
  /** The other form (PN or LID), when WhatsApp told it. */
  alt?: string;
  role: GroupRole;
}

/** A group as WhatsApp describes it (Baileys' GroupMetadata, normalised). Times are seconds since epoch. */
export interface GroupInfo {
  /** `<id>@g.us` */
  id: string;
  subject: string;
  /** Who created it, when known (PN or LID); `ownerAlt` the other form. */
  owner?: string;
  ownerAlt?: string;
  subjectOwner?: string;
  subjectTime?: number;
  creation?: number;
  description?: string;
  descriptionOwner?: string;
  descriptionTime?: number;
  /** Only admins send messages. */
  announce: boolean;
  /** Only admins change the group's settings (subject, description, picture). */
  restrict: boolean;
  /** Members may add members (not only admins). */
  memberAddMode?: boolean;
  /** Joining needs an admin's approval. */
  joinApprovalMode?: boolean;
  /** Disappearing messages, in seconds (absent: off). */
  ephemeralDuration?: number;
  /** This is a community (a parent group). */
  isCommunity?: boolean;
  /** The community this group belongs to. */
  linkedParent?: string;
  /** Whether the group addresses members by phone number or by LID. */
  addressingMode?: 'pn' | 'lid';
  /** How many members it has. */
  size: number;
  participants: GroupParticipant[];
  /** The invite code, when this instance asked for it (admins only). */
  inviteCode?: string;
}

/** What a participants change does. */
export type GroupParticipantAction = 'add' | 'remove' | 'promote' | 'demote';

/** The outcome for one participant: WhatsApp's status code (200 done; 403 refused; 404 not on WhatsApp; 408 left recently; 409 already in). */
export interface GroupParticipantResult {
  id: string;
  status: number;
}

/**
 * Group settings: Baileys' groupSettingUpdate names (`announcement`: only admins send; `locked`:
 * only admins change the info), its member-add mode (`all_member_add`, `admin_add`) and its
 * join-approval mode (`join_approval_on`, `join_approval_off`).
 */
export type GroupSetting =
  | 'announcement'
  | 'not_announcement'
  | 'locked'
  | 'unlocked'
  | 'all_member_add'
  | 'admin_add'
  | 'join_approval_on'
  | 'join_approval_off';

/** A group and what was done to it. */
export interface GroupChange {
  group: string;
}

export interface GroupInviteCode {
  group: string;
  code: string;
}

interface GroupTarget {
  instance: string;
  /** `<id>@g.us` */
  group: string;
}

/** The owning shard's group commands (merged into `InstanceCommands`). */
export interface GroupInstanceCommands {
  /** Creates a group with this account as super admin; participants are user jids. */
  'create-group': {
    request: { instance: string; subject: string; participants: string[] };
    reply: GroupInfo;
  };
  /** A group's metadata from WhatsApp; group_not_found when it does not exist or this account is not in it. */
  'get-group': { request: GroupTarget; reply: GroupInfo };
  /** Every group this account is in, from WhatsApp. */
  'list-groups': { request: { instance: string }; reply: GroupInfo[] };
  /** Adds, removes, promotes or demotes members (admins only); one result per participant. */
  'update-group-participants': {
    request: GroupTarget & { action: GroupParticipantAction; participants: string[] };
    reply: GroupParticipantResult[];
  };
  'set-group-subject': { request: GroupTarget & { subject: string }; reply: GroupChange };
  /** `description` '' clears it. */
  'set-group-description': { request: GroupTarget & { description: string }; reply: GroupChange };
  'set-group-setting': { request: GroupTarget & { setting: GroupSetting }; reply: GroupChange };
  'leave-group': { request: GroupTarget; reply: GroupChange };
  /**
   * Sets the group's picture from an image in the media store (admins only: forbidden otherwise);
   * every member gets WhatsApp's picture notification. The file stays in the store.
   */
  'set-group-picture': { request: GroupTarget & { media: MediaReference }; reply: GroupChange };
  /** The group's invite code (admins only). */
  'get-group-invite-code': { request: GroupTarget; reply: GroupInviteCode };
  /** Revokes the invite code and answers the new one (admins only). */
  'revoke-group-invite-code': { request: GroupTarget; reply: GroupInviteCode };
  /** Joins a group by its invite code. */
  'join-group': { request: { instance: string; code: string }; reply: GroupChange };
  /** What an invite code leads to, without joining. */
  'get-group-invite-info': { request: { instance: string; code: string }; reply: GroupInfo };
  /** Creates a community (a parent group) with this account as super admin, then links `groups` to it. */
  'create-community': {
    request: { instance: string; subject: string; description?: string; groups?: string[] };
    reply: CommunityCreated;
  };
  /** Links groups to a community, or unlinks them (admins only); one result per group. */
  'update-community-groups': {
    request: { instance: string; community: string; action: CommunityGroupsAction; groups: string[] };
    reply: CommunityGroupResult[];
  };
  /** Promotes or demotes members of a community (admins only); one result per participant. */
  'update-community-participants': {
    request: {
      instance: string;
      community: string;
      action: CommunityParticipantAction;
      participants: string[];
    };
    reply: GroupParticipantResult[];
  };
}

/** Linking a group to a community, or unlinking it. */
export type CommunityGroupsAction = 'link' | 'unlink';

/** What community participant routes may do (adding and removing go through the subgroups). */
export type CommunityParticipantAction = 'promote' | 'demote';

/** The outcome for one group linked or unlinked: 200 done, else WhatsApp's refusal status. */
export interface CommunityGroupResult {
  group: string;
  status: number;
}

/** A new community and the outcome of linking each requested group. */
export interface CommunityCreated {
  community: GroupInfo;
  linked: CommunityGroupResult[];
}

/** The group command verbs the shard answers (the compiler checks none is missing). */
export const GROUP_COMMAND_VERBS = Object.keys({
  'create-group': true,
  'get-group': true,
  'list-groups': true,
  'update-group-participants': true,
  'set-group-subject': true,
  'set-group-description': true,
  'set-group-setting': true,
  'leave-group': true,
  'set-group-picture': true,
  'get-group-invite-code': true,
  'revoke-group-invite-code': true,
  'join-group': true,
  'get-group-invite-info': true,
  'create-community': true,
  'update-community-groups': true,
  'update-community-participants': true,
} satisfies Record<keyof GroupInstanceCommands, true>) as readonly (keyof GroupInstanceCommands)[];

/** Reads the groups service answers from its read model: `fresh` data skips WhatsApp. */
interface ReadOptions {
  /** Ask WhatsApp (through the owning shard) even when the read model is fresh. */
  refresh?: boolean;
}

/**
 * The groups service's requests (`zg.groups.<verb>`, queue group `zg-groups`): reads from the read
 * model, mutations forwarded to the owning shard. Errors are the shard's (group_not_found,
 * not_connected, ...) or validation_failed.
 */
export interface GroupsServiceCommands {
  'list-groups': { request: { instance: string } & ReadOptions; reply: GroupInfo[] };
  'get-group': { request: GroupTarget & ReadOptions; reply: GroupInfo };
  /** Groups this account shares with a contact (from the read model). */
  'list-common-groups': { request: { instance: string; participant: string }; reply: GroupInfo[] };
  'create-group': GroupInstanceCommands['create-group'];
  'update-group-participants': GroupInstanceCommands['update-group-participants'];
  'set-group-subject': GroupInstanceCommands['set-group-subject'];
  'set-group-description': GroupInstanceCommands['set-group-description'];
  'set-group-setting': GroupInstanceCommands['set-group-setting'];
  'leave-group': GroupInstanceCommands['leave-group'];
  'set-group-picture': GroupInstanceCommands['set-group-picture'];
  'get-group-invite-code': GroupInstanceCommands['get-group-invite-code'];
  'revoke-group-invite-code': GroupInstanceCommands['revoke-group-invite-code'];
  'join-group': GroupInstanceCommands['join-group'];
  'get-group-invite-info': GroupInstanceCommands['get-group-invite-info'];
  'create-community': GroupInstanceCommands['create-community'];
  'update-community-groups': GroupInstanceCommands['update-community-groups'];
  'update-community-participants': GroupInstanceCommands['update-community-participants'];
}

export type GroupsVerb = keyof GroupsServiceCommands;

/** The groups service's queue group: each request is answered by one replica. */
export const GROUPS_QUEUE = 'zg-groups';

/** `zg.groups.<verb>` of every groups service verb (constants; the compiler checks none is missing). */
export const GROUPS_SUBJECTS: Readonly<Record<GroupsVerb, string>> = {
  'list-groups': 'zg.groups.list-groups',
  'get-group': 'zg.groups.get-group',
  'list-common-groups': 'zg.groups.list-common-groups',
  'create-group': 'zg.groups.create-group',
  'update-group-participants': 'zg.groups.update-group-participants',
  'set-group-subject': 'zg.groups.set-group-subject',
  'set-group-description': 'zg.groups.set-group-description',
  'set-group-setting': 'zg.groups.set-group-setting',
  'leave-group': 'zg.groups.leave-group',
  'set-group-picture': 'zg.groups.set-group-picture',
  'get-group-invite-code': 'zg.groups.get-group-invite-code',
  'revoke-group-invite-code': 'zg.groups.revoke-group-invite-code',
  'join-group': 'zg.groups.join-group',
  'get-group-invite-info': 'zg.groups.get-group-invite-info',
  'create-community': 'zg.groups.create-community',
  'update-community-groups': 'zg.groups.update-community-groups',
  'update-community-participants': 'zg.groups.update-community-participants',
};

// ---- events ----

/**
 * A group's metadata changed, or this account learned of a group (created it, joined it, was added):
 * `metadata` carries the whole group when WhatsApp sent it, the other fields what changed.
 */
export interface GroupUpdate {
  group: string;
  /** Who made the change, when WhatsApp told it; `authorAlt` the other form (PN or LID). */
  author?: string;
  authorAlt?: string;
  subject?: string;
  /** '' when the description was removed. */
  description?: string;
  announce?: boolean;
  restrict?: boolean;
  memberAddMode?: boolean;
  joinApprovalMode?: boolean;
  ephemeralDuration?: number;
  inviteCode?: string;
  /** The whole group, when this account created, joined or was added to it. */
  metadata?: GroupInfo;
}

/** Members added, removed (or left), promoted or demoted. */
export interface GroupParticipantsChange {
  group: string;
  action: GroupParticipantAction;
  participants: { id: string; alt?: string }[];
  author?: string;
  authorAlt?: string;
}

/** Someone asked to join a group this account administers (or the request was revoked or rejected). */
export interface GroupJoinRequest {
  group: string;
  participant: string;
  participantAlt?: string;
  action: 'created' | 'revoked' | 'rejected';
  method?: 'invite_link' | 'linked_group_join' | 'non_admin_add';
  author?: string;
  authorAlt?: string;
}
