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
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { InstanceClient } from '../core/instance-client.js';
import { InstanceRegistry } from '../core/instance-registry.js';
import { WebhookConfigService } from '../core/webhook-config.service.js';
import { qrDataUrl } from '../core/qr-image.js';
import { normalizeRecipient } from '../core/recipient.js';
import { MegaAccess, MegaAuthGuard } from './mega-auth.guard.js';
import { MegaExceptionFilter } from './mega-exception.filter.js';
import { megaInstance } from './mega-status.js';
import { MegaInitDto } from './mega.dto.js';
import { randomBytes } from 'node:crypto';

@ApiTags('mega-API: instance')
@ApiBearerAuth()
@Controller('rest/instance')
@UseGuards(MegaAuthGuard)
@UseFilters(MegaExceptionFilter)
export class MegaInstanceController {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly webhooks: WebhookConfigService,
  ) {}

  @Post('init')
  @MegaAccess('admin')
  @ApiOperation({ summary: 'Create an instance (admin token); returns its own bearer token' })
  @ApiQuery({
    name: 'instance_key',
    required: false,
    description:
      'Name of the instance (1 to 64 letters, digits, "_" or "-"; not "list"); generated when absent',
  })
  async init(@Query('instance_key') key: string | undefined, @Body() body: MegaInitDto) {
    const instanceKey = key?.trim() || `zg-${randomBytes(6).toString('hex')}`;
    // GET /rest/instance/list is the list of instances (paths match case-insensitively)
    if (instanceKey.toLowerCase() === 'list')
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'the instance key "list" is reserved (GET /rest/instance/list lists the instances); choose another',
      );
    const hook = body.messageData;
    if (hook?.webhookUrl) this.webhooks.checkUrl('webhookUrl', hook.webhookUrl.trim());
    this.webhooks.checkEvents('events', 'mega', hook?.events);
    const { token } = await this.registry.create(instanceKey, 'mega', {
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
      token,
      data: { instance_key: instanceKey, token },
    };
  }

  @Get('list')
  @MegaAccess('admin')
  @ApiOperation({ summary: 'List instances with their connection status (admin token)' })
  async list() {
    const records = await this.registry.list('mega');
    const data = await Promise.all(
      records.map(async (r) => megaInstance(await this.client.send('get-status', { instance: r.key }))),
    );
    return { error: false, message: 'Instances', data };
  }

  @Get('qrcode/:instance_key')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'QR code as an HTML page with an <img>' })
  async qrHtml(@Param('instance_key') key: string) {
    const src = await this.qr(key);
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${key}</title></head><body><img src="${src}" alt="WhatsApp QR code"></body></html>`;
  }

  @Get('qrcode_base64/:instance_key')
  @ApiOperation({ summary: 'QR code as a data:image/png;base64 URI (starts the connection if needed)' })
  async qrBase64(@Param('instance_key') key: string) {
    return { error: false, message: 'QR code', qrcode: await this.qr(key) };
  }

  @Get('pairingCode/:instance_key')
  @ApiOperation({ summary: 'Pairing code to type on the phone instead of scanning a QR' })
  @ApiQuery({ name: 'phoneNumber', example: '5511999999999' })
  async pairingCode(@Param('instance_key') key: string, @Query('phoneNumber') phoneNumber?: string) {
    const phone = (phoneNumber ?? '').replace(/\D/g, '');
    if (!/^\d{8,15}$/.test(phone))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'phoneNumber must be the full number with country code, digits only',
      );
    await this.registry.get(key);
    const status = await this.client.send('connect', { instance: key, pairingPhone: phone });
    if (status.state === 'connected')
      throw new DomainError(ErrorCode.AlreadyConnected, 'the instance is already connected');
    const code =
      status.pairingCode ?? (await this.client.send('request-pairing-code', { instance: key, phone })).code;
    return { error: false, message: 'Pairing code', pairingCode: code };
  }

  @Get('isOnWhatsApp/:instance_key')
  @ApiOperation({ summary: 'Whether a number has WhatsApp' })
  @ApiQuery({ name: 'jid', example: '5511999999999@s.whatsapp.net' })
  async isOnWhatsApp(@Param('instance_key') key: string, @Query('jid') jid?: string) {
    if (!jid) throw new DomainError(ErrorCode.ValidationFailed, 'jid is required');
    const normalized = normalizeRecipient(jid);
    await this.registry.get(key);
    const [check] = await this.client.send('check-numbers', {
      instance: key,
      numbers: [normalized.split('@')[0]!],
    });
    return { error: false, exists: !!check?.exists, jid: check?.jid ?? normalized };
  }

  @Delete(':instance_key/logout')
  @ApiOperation({ summary: 'Log out of WhatsApp (unlinks the device; a new QR is needed)' })
  async logout(@Param('instance_key') key: string) {
    await this.registry.get(key);
    const status = await this.client.send('get-status', { instance: key });
    if (status.state !== 'connected')
      throw new DomainError(ErrorCode.NotConnected, 'the instance is not connected');
    await this.client.send('logout', { instance: key });
    return { error: false, message: 'Logged out' };
  }

  @Delete(':instance_key/restart')
  @ApiOperation({ summary: 'Close and reopen the connection' })
  async restart(@Param('instance_key') key: string) {
    await this.registry.get(key);
    const status = await this.client.send('restart', { instance: key });
    return { error: false, message: 'Instance restarted', instance: megaInstance(status) };
  }

  @Delete(':instance_key/delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete the instance (logs out first when connected)' })
  async remove(@Param('instance_key') key: string) {
    await this.registry.get(key);
    const status = await this.client.send('get-status', { instance: key });
    await this.client.send(status.state === 'connected' ? 'logout' : 'close', { instance: key });
    await this.registry.delete(key);
    return { error: false, message: 'Instance deleted' };
  }

  @Get(':instance_key')
  @ApiOperation({ summary: 'Instance status' })
  async status(@Param('instance_key') key: string) {
    await this.registry.get(key);
    const status = await this.client.send('get-status', { instance: key });
    return { error: false, message: 'Instance status', instance: megaInstance(status) };
  }

  /** Starts the connection if needed and returns the current QR as a data URL. */
  private async qr(key: string): Promise<string> {
    await this.registry.get(key);
    const status = await this.client.send('connect', { instance: key });
    if (status.state === 'connected')
      throw new DomainError(ErrorCode.AlreadyConnected, 'the instance is already connected');
    const { qr } = status.qr ? { qr: status.qr } : await this.client.send('get-qr', { instance: key });
    return qrDataUrl(qr);
  }
}
