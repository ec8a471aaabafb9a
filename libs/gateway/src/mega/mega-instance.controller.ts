import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import {
  MEGA_DIALECT,
  MegaAckReply,
  megaAck,
  MegaErrorResponses,
  megaInstance,
  MegaInitDto,
  MegaInitReply,
  MegaInstanceListReply,
  MegaInstanceReply,
  megaInstanceReply,
  MegaNumberCheckReply,
  megaNumberCheckReply,
  MegaPairingCodeReply,
  MegaQrReply,
} from '@zapgate/dialect-mega';
import { InstanceService } from '../core/instance.service.js';
import { MessagingService } from '../core/messaging.service.js';
import { WebhookConfigService } from '../core/webhook-config.service.js';
import { qrDataUrl } from '../core/qr-image.js';
import { MegaAccess, MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';
import { randomBytes } from 'node:crypto';

const DIALECT = MEGA_DIALECT.name;

@ApiTags('mega-API: instance')
@ApiBearerAuth()
@MegaErrorResponses()
@Controller('rest/instance')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaInstanceController {
  constructor(
    private readonly instances: InstanceService,
    private readonly messaging: MessagingService,
    private readonly webhooks: WebhookConfigService,
  ) {}

  @Post('init')
  @MegaAccess('admin')
  @ApiOperation({ summary: 'Create an instance (admin token); returns its own bearer token' })
  @ApiCreatedResponse({ type: MegaInitReply })
  @ApiQuery({
    name: 'instance_key',
    required: false,
    description:
      'Name of the instance (1 to 64 letters, digits, "_" or "-"; not "list"); generated when absent',
  })
  async init(
    @Query('instance_key') key: string | undefined,
    @Body() body: MegaInitDto,
  ): Promise<MegaInitReply> {
    const instanceKey = key?.trim() || `zg-${randomBytes(6).toString('hex')}`;
    // GET /rest/instance/list is the list of instances (paths match case-insensitively)
    if (instanceKey.toLowerCase() === 'list')
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'the instance key "list" is reserved (GET /rest/instance/list lists the instances); choose another',
      );
    const hook = body.messageData;
    if (hook?.webhookUrl) this.webhooks.checkUrl('webhookUrl', hook.webhookUrl.trim());
    this.webhooks.checkEvents('events', DIALECT, hook?.events);
    const { token } = await this.instances.create(instanceKey, DIALECT, {
      withToken: true,
      ...(hook?.webhookUrl
        ? {
            webhook: {
              url: hook.webhookUrl.trim(),
              enabled: hook.webhookEnabled ?? true,
              ...(hook.events?.length ? { events: hook.events } : {}),
            },
          }
        : {}),
    });
    return {
      error: false,
      message: 'Instance created',
      instance_key: instanceKey,
      token: token!,
      data: { instance_key: instanceKey, token: token! },
    };
  }

  @Get('list')
  @MegaAccess('admin')
  @ApiOperation({ summary: 'List instances with their connection status (admin token)' })
  @ApiOkResponse({ type: MegaInstanceListReply })
  async list(): Promise<MegaInstanceListReply> {
    const data = (await this.instances.statuses(DIALECT)).map(megaInstance);
    return { error: false, message: 'Instances', data };
  }

  @Get('qrcode/:instance_key')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'QR code as an HTML page with an <img>' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML page whose <img> is the QR code' })
  async qrHtml(@Param('instance_key') key: string) {
    const src = await qrDataUrl(await this.instances.qr(key));
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${key}</title></head><body><img src="${src}" alt="WhatsApp QR code"></body></html>`;
  }

  @Get('qrcode_base64/:instance_key')
  @ApiOperation({ summary: 'QR code as a data:image/png;base64 URI (starts the connection if needed)' })
  @ApiOkResponse({ type: MegaQrReply })
  async qrBase64(@Param('instance_key') key: string): Promise<MegaQrReply> {
    return { error: false, message: 'QR code', qrcode: await qrDataUrl(await this.instances.qr(key)) };
  }

  @Get('pairingCode/:instance_key')
  @ApiOperation({ summary: 'Pairing code to type on the phone instead of scanning a QR' })
  @ApiQuery({ name: 'phoneNumber', example: '5511999999999' })
  @ApiOkResponse({ type: MegaPairingCodeReply })
  async pairingCode(
    @Param('instance_key') key: string,
    @Query('phoneNumber') phoneNumber?: string,
  ): Promise<MegaPairingCodeReply> {
    const phone = (phoneNumber ?? '').replace(/\D/g, '');
    if (!/^\d{8,15}$/.test(phone))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'phoneNumber must be the full number with country code, digits only',
      );
    return {
      error: false,
      message: 'Pairing code',
      pairingCode: await this.instances.pairingCode(key, phone),
    };
  }

  @Get('isOnWhatsApp/:instance_key')
  @ApiOperation({ summary: 'Whether a number has WhatsApp' })
  @ApiQuery({ name: 'jid', example: '5511999999999@s.whatsapp.net' })
  @ApiOkResponse({ type: MegaNumberCheckReply })
  async isOnWhatsApp(
    @Param('instance_key') key: string,
    @Query('jid') jid?: string,
  ): Promise<MegaNumberCheckReply> {
    if (!jid) throw new DomainError(ErrorCode.ValidationFailed, 'jid is required');
    const normalized = normalizeRecipient(jid);
    const [check] = await this.messaging.checkNumbers(key, [normalized.split('@')[0]!]);
    return megaNumberCheckReply(check, normalized);
  }

  @Delete(':instance_key/logout')
  @ApiOperation({ summary: 'Log out of WhatsApp (unlinks the device; a new QR is needed)' })
  @ApiOkResponse({ type: MegaAckReply })
  async logout(@Param('instance_key') key: string): Promise<MegaAckReply> {
    await this.instances.logout(key);
    return megaAck('Logged out');
  }

  @Delete(':instance_key/restart')
  @ApiOperation({ summary: 'Close and reopen the connection' })
  @ApiOkResponse({ type: MegaInstanceReply })
  async restart(@Param('instance_key') key: string): Promise<MegaInstanceReply> {
    return megaInstanceReply('Instance restarted', await this.instances.restart(key));
  }

  @Delete(':instance_key/delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete the instance (logs out first when connected)' })
  @ApiOkResponse({ type: MegaAckReply })
  async remove(@Param('instance_key') key: string): Promise<MegaAckReply> {
    await this.instances.delete(key);
    return megaAck('Instance deleted');
  }

  @Get(':instance_key')
  @ApiOperation({ summary: 'Instance status' })
  @ApiOkResponse({ type: MegaInstanceReply })
  async status(@Param('instance_key') key: string): Promise<MegaInstanceReply> {
    return megaInstanceReply('Instance status', await this.instances.status(key));
  }
}
