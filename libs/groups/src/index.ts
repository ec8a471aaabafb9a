export { GroupsService, type GroupsServiceOptions } from './groups.service.js';
export { GroupsController, RethrowRpcFilter } from './groups.controller.js';
export { GroupsProjection, GROUPS_CONSUMER } from './groups.projection.js';
export { CommandBusServer, CommandBusContext } from './command-bus.transport.js';
export { ShardClient } from './shard-client.js';
export { GroupsRequestValidator } from './groups-request.validator.js';
export {
  GroupsModule,
  startGroupsService,
  type GroupsServiceDeps,
  type RunningGroupsService,
} from './groups.module.js';
