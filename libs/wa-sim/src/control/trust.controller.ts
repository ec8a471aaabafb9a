import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { WaSimulator } from '../wa-simulator.js';

@ApiTags('sandbox: connect')
@Controller('sandbox/trust')
export class TrustController {
  constructor(private readonly sim: WaSimulator) {}

  @Get()
  @ApiOperation({
    summary: 'What a Baileys client needs to reach the simulator',
    description:
      'Pass rootPublicKey to trustSimulatorRoot() in the client process (never where Baileys talks to real WhatsApp) and waWebSocketUrl as the socket URL.',
  })
  trust(): { rootPublicKey: string; waWebSocketUrl: string } {
    return { rootPublicKey: this.sim.rootPublicKey.toString('base64'), waWebSocketUrl: this.sim.url };
  }
}
