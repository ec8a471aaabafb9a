import { Module, type DynamicModule } from '@nestjs/common';
import { WaSimulator } from '../wa-simulator.js';
import { FaultsController } from './faults.controller.js';
import { GroupsController } from './groups.controller.js';
import { PhonesController } from './phones.controller.js';
import { PhoneCallsController } from './phone-calls.controller.js';
import { PhoneStatusController } from './phone-status.controller.js';
import { PhoneProfileController } from './phone-profile.controller.js';
import { PhoneLabelsController } from './phone-labels.controller.js';
import { StatsController } from './stats.controller.js';
import { TrustController } from './trust.controller.js';

/** The simulator's control API under `/sandbox`, for `apps/wa-sim` or mounted in another Nest app. */
@Module({})
export class SimControlModule {
  static forSimulator(sim: WaSimulator): DynamicModule {
    return {
      module: SimControlModule,
      controllers: [
        PhonesController,
        PhoneCallsController,
        PhoneStatusController,
        PhoneProfileController,
        PhoneLabelsController,
        GroupsController,
        FaultsController,
        TrustController,
        StatsController,
      ],
      providers: [{ provide: WaSimulator, useValue: sim }],
    };
  }
}
