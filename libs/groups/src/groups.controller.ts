import { Catch, Controller, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GROUPS_SUBJECTS, type GroupsServiceCommands, type GroupsVerb } from '@zapgate/contracts';
import { throwError, type Observable } from 'rxjs';
import { GroupsRequestValidator } from './groups-request.validator.js';
import { GroupsService } from './groups.service.js';

/**
 * Hands every error back to the transport as it was thrown: `CommandBusServer` serves handlers on
 * the bus, which answers a DomainError as its envelope (and anything else as `internal`, logged).
 * Nest's default would turn a DomainError into a bare "Internal server error".
 */
@Catch()
export class RethrowRpcFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

type Res<V extends GroupsVerb> = Promise<GroupsServiceCommands[V]['reply']>;

/** `zg.groups.<verb>`: each request validated, then answered by `GroupsService`. */
@Controller()
@UseFilters(RethrowRpcFilter)
export class GroupsController {
  private readonly validator = new GroupsRequestValidator();

  constructor(private readonly groups: GroupsService) {}

  private req<V extends GroupsVerb>(verb: V, payload: unknown): GroupsServiceCommands[V]['request'] {
    return this.validator.validate(verb, payload);
  }

  @MessagePattern(GROUPS_SUBJECTS['list-groups'])
  listGroups(@Payload() p: unknown): Res<'list-groups'> {
    return this.groups.listGroups(this.req('list-groups', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['get-group'])
  getGroup(@Payload() p: unknown): Res<'get-group'> {
    return this.groups.getGroup(this.req('get-group', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['list-common-groups'])
  listCommonGroups(@Payload() p: unknown): Res<'list-common-groups'> {
    return this.groups.listCommonGroups(this.req('list-common-groups', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['create-group'])
  createGroup(@Payload() p: unknown): Res<'create-group'> {
    return this.groups.createGroup(this.req('create-group', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['update-group-participants'])
  updateParticipants(@Payload() p: unknown): Res<'update-group-participants'> {
    return this.groups.updateParticipants(this.req('update-group-participants', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['set-group-subject'])
  setSubject(@Payload() p: unknown): Res<'set-group-subject'> {
    return this.groups.setSubject(this.req('set-group-subject', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['set-group-description'])
  setDescription(@Payload() p: unknown): Res<'set-group-description'> {
    return this.groups.setDescription(this.req('set-group-description', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['set-group-setting'])
  setSetting(@Payload() p: unknown): Res<'set-group-setting'> {
    return this.groups.setSetting(this.req('set-group-setting', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['leave-group'])
  leaveGroup(@Payload() p: unknown): Res<'leave-group'> {
    return this.groups.leaveGroup(this.req('leave-group', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['set-group-picture'])
  setPicture(@Payload() p: unknown): Res<'set-group-picture'> {
    return this.groups.setPicture(this.req('set-group-picture', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['get-group-invite-code'])
  inviteCode(@Payload() p: unknown): Res<'get-group-invite-code'> {
    return this.groups.inviteCode(this.req('get-group-invite-code', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['revoke-group-invite-code'])
  revokeInvite(@Payload() p: unknown): Res<'revoke-group-invite-code'> {
    return this.groups.revokeInvite(this.req('revoke-group-invite-code', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['join-group'])
  joinGroup(@Payload() p: unknown): Res<'join-group'> {
    return this.groups.joinGroup(this.req('join-group', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['get-group-invite-info'])
  inviteInfo(@Payload() p: unknown): Res<'get-group-invite-info'> {
    return this.groups.inviteInfo(this.req('get-group-invite-info', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['create-community'])
  createCommunity(@Payload() p: unknown): Res<'create-community'> {
    return this.groups.createCommunity(this.req('create-community', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['update-community-groups'])
  updateCommunityGroups(@Payload() p: unknown): Res<'update-community-groups'> {
    return this.groups.updateCommunityGroups(this.req('update-community-groups', p));
  }

  @MessagePattern(GROUPS_SUBJECTS['update-community-participants'])
  updateCommunityParticipants(@Payload() p: unknown): Res<'update-community-participants'> {
    return this.groups.updateCommunityParticipants(this.req('update-community-participants', p));
  }
}
