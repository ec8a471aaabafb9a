import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import {
  MEGA_DIALECT,
  MegaConfigWebhookDto,
  MegaErrorResponses,
  MegaReplayRangeDto,
  MegaWebhookSecretDto,
} from '@zapgate/dialect-mega';
import { InstanceRegistry } from '../core/instance-registry.js';
import { DELIVERY_STATUSES, WebhookConfigService } from '../core/webhook-config.service.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';

/** mega-API webhook settings, plus zapgate's signing secret, delivery log and replay (same auth). */
@ApiTags('mega-API: webhook')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/webhook')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaWebhookController {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly webhooks: WebhookConfigService,
  ) {}

  @Get(':instance_key')
  @ApiOperation({ summary: 'The instance webhook settings (the signing secret is never shown)' })
  async getWebhook(@Param('instance_key') key: string) {
    const record = await this.registry.get(key);
    return {
      error: false,
      message: 'Webhook data',
      webhookData: {
        webhookUrl: record.webhook?.url ?? '',
        webhookEnabled: record.webhook?.enabled ?? false,
        events: record.webhook?.events ?? [],
        signed: !!record.webhookSecret,
      },
    };
  }

  @Post(':instance_key/configWebhook')
  @ApiOperation({
    summary: 'Set the webhook URL, switch it on or off, and optionally filter events',
    description:
      'The URL is called exactly as given (query string included); deliveries still pending go to the new URL. Link-local and cloud metadata addresses are refused (also inside IPv6 forms such as NAT64); loopback and private ranges only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true (the sandbox allows them). `events` lists mega webhook event names.',
  })
  async configWebhook(@Param('instance_key') key: string, @Body() body: MegaConfigWebhookDto) {
    const { webhookUrl, webhookEnabled, events } = body.messageData;
    const current = await this.registry.get(key);
    const url = webhookUrl?.trim() || current.webhook?.url;
    if (!url && webhookEnabled !== false)
      throw new DomainError(ErrorCode.ValidationFailed, 'webhookUrl is required to enable the webhook');
    if (webhookUrl) this.webhooks.checkUrl('webhookUrl', webhookUrl.trim());
    this.webhooks.checkEvents('events', MEGA_DIALECT.name, events);
    await this.registry.setWebhook(key, {
      url: url ?? '',
      enabled: webhookEnabled ?? true,
      ...((events ?? current.webhook?.events) ? { events: events ?? current.webhook!.events! } : {}),
    });
    return { error: false, message: 'Webhook configured' };
  }

  @Post(':instance_key/secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set the HMAC-SHA256 secret webhooks are signed with (zapgate extension)',
    description:
      'With `messageData.secret` (16+ characters) that secret is used; without, one is generated and returned once. It is stored encrypted and never shown again. Every POST then carries `X-Zapgate-Signature: sha256=<hex HMAC of "<X-Zapgate-Timestamp>.<body>">`.',
  })
  async setSecret(@Param('instance_key') key: string, @Body() body: MegaWebhookSecretDto) {
    const { generated } = await this.webhooks.setSecret(key, body.messageData?.secret);
    return { error: false, message: 'Webhook secret set', ...(generated ? { secret: generated } : {}) };
  }

  @Get(':instance_key/deliveries')
  @ApiOperation({ summary: 'Delivery log of the instance, newest first (zapgate extension)' })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'from', required: false, description: 'ISO date-time, event time lower bound' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date-time, event time upper bound' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500 (default 100)' })
  async deliveries(
    @Param('instance_key') key: string,
    @Query('status') status?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('limit') limit?: string,
  ) {
    const data = await this.webhooks.list(key, { status, from, to, limit });
    return { error: false, message: 'Webhook deliveries', data };
  }

  @Get(':instance_key/deadLetters')
  @ApiOperation({ summary: 'Deliveries that failed their last attempt (zapgate extension)' })
  async deadLetters(@Param('instance_key') key: string) {
    const data = await this.webhooks.list(key, { status: 'dead' });
    return { error: false, message: 'Webhook dead letters', data };
  }

  @Post(':instance_key/deliveries/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send one delivery again, with the same event id (zapgate extension)' })
  async replayOne(@Param('instance_key') key: string, @Param('id') id: string) {
    const replayed = await this.webhooks.replayOne(key, id);
    return { error: false, message: 'Delivery queued again', replayed };
  }

  @Post(':instance_key/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send every delivery of a time range again, same event ids (zapgate extension)' })
  async replayRange(@Param('instance_key') key: string, @Body() body: MegaReplayRangeDto) {
    const replayed = await this.webhooks.replayRange(key, body.messageData.from, body.messageData.to);
    return { error: false, message: 'Deliveries queued again', replayed };
  }
}
