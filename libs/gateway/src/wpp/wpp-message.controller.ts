import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { InstanceClient } from '../core/instance-client.js';
import { InstanceRegistry } from '../core/instance-registry.js';
import { normalizeRecipient } from '../core/recipient.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { wppSentMessage } from './wpp-message.js';
import { WppSession } from './wpp-session.decorator.js';
import { WppSendMessageDto } from './wpp.dto.js';

/** WPPConnect's contactToArray flags over the one recipient rule both dialects share. */
function toJid(phone: string, dto: WppSendMessageDto): string {
  if (dto.isNewsletter)
    throw new DomainError(ErrorCode.NotImplemented, 'sending to newsletters is not supported yet');
  return normalizeRecipient(phone, { group: dto.isGroup, lid: dto.isLid, longNumbersAreLids: true });
}

@ApiTags('WPPConnect: messages')
@ApiBearerAuth()
@Controller('api')
@UseGuards(WppAuthGuard)
@UseFilters(WppExceptionFilter)
export class WppMessageController {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
  ) {}

  @Post(':session/send-message')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send a text to one or more numbers or groups',
    description:
      '404 when the session is not connected; 400 "O número X não existe." for numbers without WhatsApp; ' +
      '501 when `options` (e.g. quotedMsg) are given: not supported yet.',
  })
  async send(@WppSession() session: string, @Body() body: WppSendMessageDto) {
    if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
    const options = Object.keys(body.options ?? {});
    if (options.length)
      throw new DomainError(
        ErrorCode.NotImplemented,
        `send-message options are not supported yet (got ${options.join(', ')}); send without them`,
      );
    const status = (await this.registry.find(session))
      ? await this.client.send('get-status', { instance: session })
      : undefined;
    if (status?.state !== 'connected')
      throw new DomainError(ErrorCode.NotConnected, 'the WhatsApp session is not active');
    const targets = [...new Set(body.phone.map((p) => toJid(p, body)))];
    const users = targets.filter((t) => t.endsWith('@s.whatsapp.net'));
    if (users.length) {
      const checks = await this.client.send('check-numbers', {
        instance: session,
        numbers: users.map((u) => u.split('@')[0]!),
      });
      const missing = checks.find((c) => !c.exists);
      if (missing)
        throw new DomainError(ErrorCode.NumberNotOnWhatsApp, `O número ${missing.input} não existe.`);
    }
    const response = [];
    for (const to of targets) {
      const sent = await this.client.send('send-text', { instance: session, to, text: body.message });
      response.push(wppSentMessage(sent, status.me?.id, body.message));
    }
    return { status: 'success', response, mapper: 'return', session };
  }
}
