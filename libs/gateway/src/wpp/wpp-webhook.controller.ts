import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WppErrorResponses, WppReplayRangeDto, WppWebhookSecretDto } from '@zapgate/dialect-wppconnect';
import { DELIVERY_STATUSES, WebhookConfigService } from '../core/webhook-config.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

/** zapgate extensions in WPPConnect style: webhook signing secret, delivery log and replay. */
@ApiTags('WPPConnect: webhooks (zapgate extension)')
@ApiBearerAuth()
@WppErrorResponses()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppWebhookController {
  constructor(private readonly webhooks: WebhookConfigService) {}

  @Post(':session/webhook-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set the HMAC-SHA256 secret webhooks are signed with',
    description:
      'With `secret` (16+ characters) that secret is used; without, one is generated and returned once. It is stored encrypted and never shown again. Every POST then carries `X-Zapgate-Signature: sha256=<hex HMAC of "<X-Zapgate-Timestamp>.<body>">`.',
  })
  async setSecret(@WppSession() session: string, @Body() body: WppWebhookSecretDto) {
    const { generated } = await this.webhooks.setSecret(session, body.secret);
    return { status: 'success', message: 'Webhook secret set', ...(generated ? { secret: generated } : {}) };
  }

  @Get(':session/webhook-deliveries')
  @ApiOperation({ summary: 'Delivery log of the session, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'from', required: false, description: 'ISO date-time, event time lower bound' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date-time, event time upper bound' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500 (default 100)' })
  async deliveries(
    @WppSession() session: string,
    @Query('status') status?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('limit') limit?: string,
  ) {
    const response = await this.webhooks.list(session, { status, from, to, limit });
    return { status: 'success', response };
  }

  @Get(':session/webhook-dead-letters')
  @ApiOperation({ summary: 'Deliveries that failed their last attempt' })
  async deadLetters(@WppSession() session: string) {
    return { status: 'success', response: await this.webhooks.list(session, { status: 'dead' }) };
  }

  @Post(':session/webhook-deliveries/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send one delivery again, with the same event id' })
  async replayOne(@WppSession() session: string, @Param('id') id: string) {
    return { status: 'success', replayed: await this.webhooks.replayOne(session, id) };
  }

  @Post(':session/webhook-replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send every delivery of a time range again, with the same event ids' })
  async replayRange(@WppSession() session: string, @Body() body: WppReplayRangeDto) {
    return { status: 'success', replayed: await this.webhooks.replayRange(session, body.from, body.to) };
  }
}
