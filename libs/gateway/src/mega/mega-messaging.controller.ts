import { Body, Controller, Get, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { InstanceClient } from '../core/instance-client.js';
import { InstanceRegistry } from '../core/instance-registry.js';
import { normalizeRecipient } from '../core/recipient.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';
import { MegaConfigWebhookDto, MegaSendTextDto } from './mega.dto.js';

@ApiTags('mega-API: messages and webhook')
@ApiBearerAuth()
@Controller('rest')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaMessagingController {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
  ) {}

  @Post('sendMessage/:instance_key/text')
  @ApiOperation({
    summary: 'Send a text message',
    description: 'The reply carries messageData.key.{remoteJid, fromMe, id}.',
  })
  async text(@Param('instance_key') key: string, @Body() body: MegaSendTextDto) {
    const to = normalizeRecipient(body.messageData.to);
    await this.registry.get(key);
    if (to.endsWith('@s.whatsapp.net')) {
      const [check] = await this.client.send('check-numbers', {
        instance: key,
        numbers: [to.split('@')[0]!],
      });
      if (!check?.exists)
        throw new DomainError(
          ErrorCode.NumberNotOnWhatsApp,
          `the number ${to.split('@')[0]} is not on WhatsApp`,
        );
    }
    const sent = await this.client.send('send-text', { instance: key, to, text: body.messageData.text });
    return { error: false, message: 'Message sent', messageData: sent.raw };
  }

  @Get('webhook/:instance_key')
  @ApiOperation({ summary: 'The instance webhook settings' })
  async getWebhook(@Param('instance_key') key: string) {
    const record = await this.registry.get(key);
    return {
      error: false,
      message: 'Webhook data',
      webhookData: {
        webhookUrl: record.webhook?.url ?? '',
        webhookEnabled: record.webhook?.enabled ?? false,
      },
    };
  }

  @Post('webhook/:instance_key/configWebhook')
  @ApiOperation({
    summary: 'Set the webhook URL and switch it on or off (stored; delivery comes with the webhook service)',
  })
  async configWebhook(@Param('instance_key') key: string, @Body() body: MegaConfigWebhookDto) {
    const { webhookUrl, webhookEnabled } = body.messageData;
    const current = await this.registry.get(key);
    const url = webhookUrl ?? current.webhook?.url;
    if (!url && webhookEnabled !== false)
      throw new DomainError(ErrorCode.ValidationFailed, 'webhookUrl is required to enable the webhook');
    await this.registry.setWebhook(key, { url: url ?? '', enabled: webhookEnabled ?? true });
    return { error: false, message: 'Webhook configured' };
  }
}
