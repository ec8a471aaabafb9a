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
      'Give a zapgate process WA_WEBSOCKET_URL=waWebSocketUrl and WA_SIM_TRUST_ROOT=trustRoot. A bare Baileys client: pass rootPublicKey to trustSimulatorRoot() (never where Baileys talks to real WhatsApp), waWebSocketUrl as the socket URL, and for media an https.Agent({ca: mediaCa}) as fetchAgent and an undici Agent({connect: {ca: mediaCa}}) as the dispatcher of its downloads (simulatorHttp(mediaCa) builds both).',
  })
  @ApiOkResponse({ type: TrustDto })
  trust(): TrustDto {
    return {
      rootPublicKey: this.sim.rootPublicKey.toString('base64'),
      waWebSocketUrl: this.sim.url,
      trustRoot: this.sim.trustRoot,
      mediaCa: this.sim.mediaCaPem,
      mediaHost: this.sim.mediaAuthority,
    };
  }
}
