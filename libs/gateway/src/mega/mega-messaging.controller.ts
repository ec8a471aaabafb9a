import { Body, Controller, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { InstanceClient } from '../core/instance-client.js';
import { InstanceRegistry } from '../core/instance-registry.js';
import { normalizeRecipient } from '../core/recipient.js';
import { MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';
import { MegaSendTextDto } from './mega.dto.js';

@ApiTags('mega-API: messages')
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
}
