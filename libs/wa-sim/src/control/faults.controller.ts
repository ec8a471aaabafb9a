import { Body, Controller, Delete, HttpCode, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Fault } from '../faults/fault-injector.js';
import { WaSimulator } from '../wa-simulator.js';
import { FaultResultDto } from './control-result.dto.js';
import { ApiSimErrors } from './error-body.dto.js';
import { FaultDto } from './fault.dto.js';
import { SimErrorFilter } from './sim-error.filter.js';
import { simControlValidation } from './sim-control.validation.js';

/** The DTO is validated per type, so the fields each variant needs are present. */
function toFault(dto: FaultDto): Fault {
  switch (dto.type) {
    case 'disconnect':
      return { type: 'disconnect', number: dto.number!, device: dto.device };
    case 'stream-error':
      return { type: 'stream-error', number: dto.number!, device: dto.device, code: dto.code! };
    case 'delay':
      return { type: 'delay', number: dto.number, ms: dto.ms!, durationMs: dto.durationMs! };
    case 'drop':
      return { type: 'drop', number: dto.number, durationMs: dto.durationMs!, tags: dto.tags };
    case 'refuse-login':
      return { type: 'refuse-login', number: dto.number, durationMs: dto.durationMs! };
  }
}

@ApiTags('sandbox: faults')
@Controller('sandbox/faults')
@UseFilters(SimErrorFilter)
@UsePipes(simControlValidation)
export class FaultsController {
  constructor(private readonly sim: WaSimulator) {}

  @Post()
  @ApiOperation({
    summary: 'Inject a fault',
    description:
      "disconnect and stream-error (401 logged out, 440 replaced, 515 restart) act at once on the account's sockets; delay, drop and refuse-login last durationMs.",
  })
  @ApiCreatedResponse({ type: FaultResultDto })
  @ApiSimErrors(400, 404)
  inject(@Body() body: FaultDto): Promise<FaultResultDto> {
    return this.sim.injectFault(toFault(body));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear every timed fault' })
  @ApiNoContentResponse({ description: 'Cleared' })
  clear(): void {
    this.sim.faults.clear();
  }
}
