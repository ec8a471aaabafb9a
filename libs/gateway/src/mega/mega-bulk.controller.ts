import { Controller, Get, Param, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MegaErrorResponses } from '@zapgate/dialect-mega';
import { BulkSendService } from '../core/bulk-send.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

const JOBS =
  'Each send to many (textToMany, mediaUrlToMany) is a job kept in storage: its recipients in order, each `pending`, `sending` (with the WhatsApp message id chosen before the send), `sent`, `failed` (with the error) or `skipped`. A job cut short by a restart is finished in the background after the process starts again, and this is where its outcome is found. Finished jobs are kept for ZG_BULK_RETENTION_HOURS (default 24).';

/** zapgate extension: the instance's sends to many and each recipient's outcome (same auth). */
@ApiTags('mega-API: messages')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/bulk')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaBulkController {
  constructor(private readonly bulk: BulkSendService) {}

  @Get(':instance_key')
  @ApiOperation({
    summary: "The instance's sends to many, newest first, with counts per state (zapgate extension)",
    description: JOBS,
  })
  async jobs(@Param('instance_key') key: string) {
    return { error: false, message: 'Bulk jobs', data: await this.bulk.listJobs(key) };
  }

  @Get(':instance_key/:job')
  @ApiOperation({
    summary: 'One send to many with each recipient’s outcome (zapgate extension)',
    description: `${JOBS} An unknown job is a 404 \`bulk_job_not_found\`.`,
  })
  async job(@Param('instance_key') key: string, @Param('job') id: string) {
    return { error: false, message: 'Bulk job', data: await this.bulk.job(key, id) };
  }
}
