import { Module, type DynamicModule } from '@nestjs/common';
import { LiveEvents } from './live-events.js';
import { ManagerApiController } from './manager-api.controller.js';
import { ManagerAuthGuard } from './manager-auth.guard.js';
import { ManagerOptions } from './manager-options.js';
import { ManagerSocketServer } from './manager-socket.server.js';
import { ManagerStaticController } from './manager-static.controller.js';

export interface ManagerModuleOptions {
  /** The events pushed to browsers and Socket.IO clients. */
  events: LiveEvents;
  /** Sandbox mode: the page shows the simulated phones (the control API at /sandbox). */
  sandbox: boolean;
  assetsDir?: string;
}

/**
 * The web manager (`/manager`, its API under `/manager/api`) and Socket.IO (`/socket.io`) on the
 * gateway's HTTP server. Mounted next to `GatewayModule` (through `createGatewayApp`'s `imports`),
 * whose services it uses.
 */
@Module({})
export class ManagerModule {
  static register(options: ManagerModuleOptions): DynamicModule {
    return {
      module: ManagerModule,
      controllers: [ManagerApiController, ManagerStaticController],
      providers: [
        { provide: LiveEvents, useValue: options.events },
        {
          provide: ManagerOptions,
          useValue: { sandbox: options.sandbox, assetsDir: options.assetsDir } satisfies ManagerOptions,
        },
        ManagerAuthGuard,
        ManagerSocketServer,
      ],
    };
  }
}
