import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WaSimulator } from '../wa-simulator.js';
import { SimStatsDto } from './control-result.dto.js';
import { SimErrorFilter } from './sim-error.filter.js';

@ApiTags('sandbox: connect')
@Controller('sandbox/stats')
@UseFilters(SimErrorFilter)
export class StatsController {
  constructor(private readonly sim: WaSimulator) {}

  @Get()
  @ApiOperation({
    summary: 'Socket counters of the simulated network',
    description:
      'How many device sockets are live, how many logins happened, and how many of them overlapped a still-live socket of the same device; what the media host stored, refused and served, and how many retry receipts were routed.',
  })
  @ApiOkResponse({ type: SimStatsDto })
  stats(): SimStatsDto {
    const { connections } = this.sim;
    return {
      liveSockets: connections.liveCount,
      logins: connections.logins,
      concurrentLogins: connections.concurrentLogins,
      media: this.sim.mediaStats,
    };
  }
}
