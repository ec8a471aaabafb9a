import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { GROUPS_QUEUE } from '@zapgate/contracts';
import type { GroupRepository, InstanceRepository } from '@zapgate/storage';
import type { CommandBus, EventLog } from '@zapgate/transport';
import type { Logger } from 'pino';
import { CommandBusServer } from './command-bus.transport.js';
import { GroupsController } from './groups.controller.js';
import { GroupsProjection } from './groups.projection.js';
import { GroupsService } from './groups.service.js';
import { ShardClient } from './shard-client.js';

export interface GroupsServiceDeps {
  bus: CommandBus;
  events: EventLog;
  groups: GroupRepository;
  instances: Pick<InstanceRepository, 'get'>;
  logger: Logger;
  /** How long fetched metadata answers reads without asking WhatsApp again (ms). */
  freshMs: number;
  /** How long a command to the owning shard may take (ms). */
  commandTimeoutMs: number;
  /**
   * Whether this replica consumes `ZG_EVENTS` into the read model (default true). Replicas share
   * the durable consumer on NATS; the in-memory log takes one consumer per name, so a second
   * in-process replica (tests) answers requests only.
   */
  consumeEvents?: boolean;
}

/** The groups service's Nest module: `GroupsController` (the `@MessagePattern` handlers) over `GroupsService`. */
@Module({})
export class GroupsModule {
  static register(d: GroupsServiceDeps): DynamicModule {
    return {
      module: GroupsModule,
      controllers: [GroupsController],
      providers: [
        {
          provide: GroupsService,
          useFactory: () =>
            new GroupsService(
              new ShardClient(d.bus, d.commandTimeoutMs),
              d.groups,
              { freshMs: d.freshMs },
              d.logger.child({ component: 'groups' }),
            ),
        },
      ],
    };
  }
}

export interface RunningGroupsService {
  app: INestMicroservice;
  projection: GroupsProjection;
  stop(): Promise<void>;
}

/**
 * Starts the groups service: the Nest microservice whose `@MessagePattern` handlers answer
 * `zg.groups.<verb>` in the queue group `zg-groups` on the given bus (NATS between processes, the
 * in-memory bus in the standalone), and the projection that keeps the read model from `ZG_EVENTS`.
 */
export async function startGroupsService(d: GroupsServiceDeps): Promise<RunningGroupsService> {
  const app = await NestFactory.createMicroservice(GroupsModule.register(d), {
    strategy: new CommandBusServer(d.bus, GROUPS_QUEUE),
    logger: false,
    // a failure to start is thrown to the caller (which logs and exits), not a process.exit(1)
    // from inside Nest: the standalone process and the tests that run it in process decide
    abortOnError: false,
  });
  const projection = new GroupsProjection({
    events: d.events,
    groups: d.groups,
    instances: d.instances,
    logger: d.logger.child({ component: 'groups-projection' }),
  });
  if (d.consumeEvents !== false) await projection.start();
  await app.listen();
  return {
    app,
    projection,
    stop: async () => {
      await app.close();
      await projection.stop();
    },
  };
}
