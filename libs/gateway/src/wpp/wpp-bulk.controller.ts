import { Controller, Get, Param, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WppErrorResponses } from '@zapgate/dialect-wppconnect';
import { BulkSendService } from '../core/bulk-send.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const JOBS =
  'A send whose `phone` lists several recipients is a job kept in storage: its recipients in order, each `pending`, `sending` (with the WhatsApp message id chosen before the send), `sent`, `failed` (with the error) or `skipped` (after the first failure). A job cut short by a restart is finished in the background after the process starts again, and this is where its outcome is found. Finished jobs are kept for ZG_BULK_RETENTION_HOURS (default 24).';

/** zapgate extension in WPPConnect style: the session's sends to many and each recipient's outcome. */
@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppBulkController {
  constructor(private readonly bulk: BulkSendService) {}

  @Get(':session/bulk-jobs')
  @ApiOperation({
    summary: "The session's sends to many, newest first, with counts per state (zapgate extension)",
    description: JOBS,
  })
  async jobs(@WppSession() session: string) {
    return { status: 'success', response: await this.bulk.listJobs(session) };
  }

  @Get(':session/bulk-jobs/:job')
  @ApiOperation({
    summary: 'One send to many with each recipient’s outcome (zapgate extension)',
    description: `${JOBS} An unknown job is a 404.`,
  })
  async job(@WppSession() session: string, @Param('job') id: string) {
    return { status: 'success', response: await this.bulk.job(session, id) };
  }
}
