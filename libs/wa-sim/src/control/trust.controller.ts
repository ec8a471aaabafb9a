import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WaSimulator } from '../wa-simulator.js';
import { TrustDto } from './control-result.dto.js';
import { SimErrorFilter } from './sim-error.filter.js';

@ApiTags('sandbox: connect')
@Controller('sandbox/trust')
@UseFilters(SimErrorFilter)
export class TrustController {
  constructor(private readonly sim: WaSimulator) {}

  @Get()
  @ApiOperation({
    summary: 'What a Baileys client needs to reach the simulator',
    description:
      'Pass rootPublicKey to trustSimulatorRoot() in the client process (never where Baileys talks to real WhatsApp) and waWebSocketUrl as the socket URL.',
  })
  @ApiOkResponse({ type: TrustDto })
  trust(): TrustDto {
    return { rootPublicKey: this.sim.rootPublicKey.toString('base64'), waWebSocketUrl: this.sim.url };
  }
}
