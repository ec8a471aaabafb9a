import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type InstanceStatus } from '@zapgate/contracts';
import {
  InstanceService,
  MessagingService,
  WebhookConfigService,
  WppTokenService,
  type DeliveryView,
} from '@zapgate/gateway';
import type { InstanceRecord } from '@zapgate/storage';
import QRCode from 'qrcode';
import { ManagerAuthGuard, type ManagerRole } from './manager-auth.guard.js';
import {
  CreateInstanceDto,
  PairingCodeDto,
  ReplayRangeDto,
  SendTestMessageDto,
  WebhookDto,
  WebhookSecretDto,
} from './manager.dto.js';
import { ManagerOptions } from './manager-options.js';

/** An instance as the manager shows it: no token, no secret (only whether one is set). */
export interface ManagerInstanceView {
  key: string;
  dialect: InstanceRecord['dialect'];
  /** The connection state, or `unknown` when its shard did not answer. */
  state: InstanceStatus['state'] | 'unknown';
  me?: InstanceStatus['me'];
  reason?: string;
  /** The QR as a PNG data URL, while the state is `qr`. */
  qr?: string;
  pairingCode?: string;
  webhook?: { url: string; enabled: boolean; events: string[] };
  hasWebhookSecret: boolean;
  createdAt: string;
}

const digits = (phone: string) => phone.replace(/^\+/, '');
const qrImage = (qr: string) => QRCode.toDataURL(qr, { margin: 2, width: 264 });

/**
 * The web manager's API (`/manager/api`, admin token or SECRET_KEY): instances of both dialects
 * through the gateway's own services, so every rule of the dialect routes (names, URL policy,
 * event names, sealed secrets) holds here too. Not in Swagger: it serves the manager page.
 */
@ApiExcludeController()
@Controller('manager/api')
@UseGuards(ManagerAuthGuard)
export class ManagerApiController {
  constructor(
    private readonly instances: InstanceService,
    private readonly messaging: MessagingService,
    private readonly webhooks: WebhookConfigService,
    private readonly wppTokens: WppTokenService,
    private readonly options: ManagerOptions,
  ) {}

  /** Checks the token; says what the page may show. */
  @Get('session')
  session(@Req() req: { managerRole?: ManagerRole }) {
    return { role: req.managerRole, sandbox: this.options.sandbox };
  }

  @Get('instances')
  async list(): Promise<ManagerInstanceView[]> {
    const records = [
      ...(await this.instances.keys('mega')),
      ...(await this.instances.keys('wppconnect')),
    ].sort();
    return Promise.all(records.map((key) => this.view(key)));
  }

  @Get('instances/:key')
  one(@Param('key') key: string): Promise<ManagerInstanceView> {
    return this.view(key);
  }

  /**
   * Creates the instance and starts its connection (a QR follows on the socket). Answers its token
   * once: a mega bearer token, or the WPPConnect token (bcrypt of the session and SECRET_KEY).
   */
  @Post('instances')
  async create(@Body() body: CreateInstanceDto): Promise<{ instance: ManagerInstanceView; token: string }> {
    const { token } = await this.instances.create(body.key, body.dialect, {
      withToken: body.dialect === 'mega',
    });
    const issued = token ?? (await this.wppTokens.generate(body.key));
    this.instances.startInBackground(body.key);
    return { instance: await this.view(body.key), token: issued };
  }

  @Post('instances/:key/connect')
  @HttpCode(200)
  async connect(@Param('key') key: string): Promise<ManagerInstanceView> {
    await this.instances.connect(key);
    return this.view(key);
  }

  @Get('instances/:key/qr')
  async qr(@Param('key') key: string): Promise<{ qr: string }> {
    return { qr: await qrImage(await this.instances.qr(key)) };
  }

  @Post('instances/:key/pairing-code')
  @HttpCode(200)
  async pairingCode(@Param('key') key: string, @Body() body: PairingCodeDto): Promise<{ code: string }> {
    return { code: await this.instances.pairingCode(key, digits(body.phone)) };
  }

  @Post('instances/:key/restart')
  @HttpCode(200)
  async restart(@Param('key') key: string): Promise<ManagerInstanceView> {
    await this.instances.restart(key);
    return this.view(key);
  }

  @Post('instances/:key/logout')
  @HttpCode(200)
  async logout(@Param('key') key: string): Promise<ManagerInstanceView> {
    await this.instances.logout(key);
    return this.view(key);
  }

  @Delete('instances/:key')
  @HttpCode(204)
  async remove(@Param('key') key: string): Promise<void> {
    await this.instances.delete(key);
  }

  /** A text message to a number, from a connected instance. */
  @Post('instances/:key/messages')
  async send(@Param('key') key: string, @Body() body: SendTestMessageDto): Promise<{ id: string }> {
    await this.instances.requireConnected(key);
    const sent = await this.messaging.send({
      instance: key,
      to: `${digits(body.to)}@s.whatsapp.net`,
      content: { kind: 'text', text: body.text },
    });
    return { id: sent.id };
  }

  @Put('instances/:key/webhook')
  async webhook(@Param('key') key: string, @Body() body: WebhookDto): Promise<ManagerInstanceView> {
    const url = body.url.trim();
    await this.webhooks.configure(key, {
      url,
      enabled: body.enabled ?? !!url,
      ...(body.events?.length ? { events: body.events } : {}),
    });
    return this.view(key);
  }

  /** Sets the signing secret; a generated one is answered this once, a given one never. */
  @Post('instances/:key/webhook/secret')
  @HttpCode(200)
  async secret(@Param('key') key: string, @Body() body: WebhookSecretDto): Promise<{ generated?: string }> {
    return this.webhooks.setSecret(key, body.secret);
  }

  /** The delivery log, newest first (`status=dead` for the dead letters). */
  @Get('instances/:key/deliveries')
  deliveries(
    @Param('key') key: string,
    @Query() query: { status?: unknown; from?: unknown; to?: unknown; limit?: unknown },
  ): Promise<DeliveryView[]> {
    return this.webhooks.list(key, query);
  }

  @Post('instances/:key/deliveries/:id/replay')
  @HttpCode(200)
  async replayOne(@Param('key') key: string, @Param('id') id: string): Promise<{ replayed: number }> {
    return { replayed: await this.webhooks.replayOne(key, id) };
  }

  @Post('instances/:key/replay')
  @HttpCode(200)
  async replayRange(@Param('key') key: string, @Body() body: ReplayRangeDto): Promise<{ replayed: number }> {
    return { replayed: await this.webhooks.replayRange(key, body.from, body.to) };
  }

  private async view(key: string): Promise<ManagerInstanceView> {
    const record = await this.instances.get(key);
    const status = await this.instances.status(key).catch(() => undefined);
    return {
      key,
      dialect: record.dialect,
      state: status?.state ?? 'unknown',
      ...(status?.me ? { me: status.me } : {}),
      ...(status?.reason ? { reason: status.reason } : {}),
      ...(status?.state === 'qr' && status.qr ? { qr: await qrImage(status.qr) } : {}),
      ...(status?.pairingCode ? { pairingCode: status.pairingCode } : {}),
      ...(record.webhook
        ? {
            webhook: {
              url: record.webhook.url,
              enabled: record.webhook.enabled,
              events: record.webhook.events ?? [],
            },
          }
        : {}),
      hasWebhookSecret: !!record.webhookSecret,
      createdAt: record.createdAt,
    };
  }
}
