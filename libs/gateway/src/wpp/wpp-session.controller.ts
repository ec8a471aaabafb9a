import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  Post,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode, type InstanceStatus } from '@zapgate/contracts';
import { GatewaySettings } from '../core/gateway-settings.js';
import { InstanceClient } from '../core/instance-client.js';
import { InstanceRegistry, secretEquals } from '../core/instance-registry.js';
import { WebhookConfigService } from '../core/webhook-config.service.js';
import { qrDataUrl, qrPng } from '../core/qr-image.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';
import { WPP_COMPAT_VERSION, wppStatus } from './wpp-status.js';
import { WppTokenService } from './wpp-token.service.js';
import { WPP_WRONG_SECRET } from './wpp-secret-routes.js';
import { WppStartSessionDto } from './wpp.dto.js';

interface RawResponse {
  status(code: number): RawResponse;
  type(t: string): RawResponse;
  send(body: unknown): void;
  json(body: unknown): void;
}

const WAIT_FOR_CODE_MS = 30_000;

function badSecret(body: Record<string, unknown>): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, String(body['message']), { wppBody: body });
}

@ApiTags('WPPConnect: sessions')
@Controller('api')
@UseFilters(WppExceptionFilter)
export class WppSessionController {
  private readonly logger = new Logger('WppSession');

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly client: InstanceClient,
    private readonly tokens: WppTokenService,
    private readonly settings: GatewaySettings,
    private readonly webhooks: WebhookConfigService,
  ) {}

  @Post(':session/:secretkey/generate-token')
  @HttpCode(201)
  @ApiOperation({ summary: 'Token for a session: bcrypt(session + SECRET_KEY), WPPConnect-compatible' })
  async generateToken(@Param('session') session: string, @Param('secretkey') secret: string) {
    if (!secretEquals(secret, this.settings.secretKey)) throw badSecret(WPP_WRONG_SECRET['generate-token']);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(session))
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'session must be 1 to 64 letters, digits, "_" or "-"',
      );
    // one namespace, but a mega-API instance's name is not a session: no token drives it
    await this.registry.requireFreeFor(session, 'wppconnect');
    const token = await this.tokens.generate(session);
    return { status: 'success', session, token, full: `${session}:${token}` };
  }

  @Get(':secretkey/show-all-sessions')
  @ApiOperation({
    summary: 'Every session name (secret key in the path); mega-API instances are not sessions',
  })
  async showAll(@Param('secretkey') secret: string) {
    if (!secretEquals(secret, this.settings.secretKey))
      throw badSecret(WPP_WRONG_SECRET['show-all-sessions']);
    return { response: (await this.registry.list('wppconnect')).map((r) => r.key) };
  }

  @Post(':secretkey/start-all')
  @HttpCode(201)
  @ApiOperation({ summary: 'Start every WPPConnect session (secret key in the path)' })
  async startAll(@Param('secretkey') secret: string) {
    if (!secretEquals(secret, this.settings.secretKey)) throw badSecret(WPP_WRONG_SECRET['start-all']);
    for (const r of await this.registry.list('wppconnect')) {
      void this.client
        .send('connect', { instance: r.key })
        .catch((err: unknown) => this.logger.warn(`start-all: ${r.key}: ${String(err)}`));
    }
    return { status: 'success', message: 'Starting all sessions' };
  }

  @Post(':session/start-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start the session; with waitQrCode, answer with the first QR (or pairing code with phone)',
  })
  async start(@WppSession() session: string, @Body() body: WppStartSessionDto) {
    if (body.webhook) this.webhooks.checkUrl('webhook', body.webhook.trim());
    this.webhooks.checkEvents('events', 'wppconnect', body.events);
    const record = await this.registry.ensure(session, 'wppconnect');
    if (body.webhook || body.events || body.ignore) {
      // kept with the session: a later start-session without them (start-all at boot) keeps them
      const url = body.webhook?.trim() || record.webhook?.url || '';
      const events = body.events ?? record.webhook?.events;
      const ignore = body.ignore ?? record.webhook?.ignore;
      await this.registry.setWebhook(session, {
        url,
        enabled: !!url,
        ...(events ? { events } : {}),
        ...(ignore ? { ignore } : {}),
      });
    }
    const phone = body.phone?.replace(/\D/g, '');
    const before = await this.client.send('get-status', { instance: record.key });
    if (before.state === 'connected') return this.statusBody(before);
    if (!body.waitQrCode) {
      void this.client
        .send('connect', { instance: session, ...(phone ? { pairingPhone: phone } : {}) })
        .catch((err: unknown) => this.logger.warn(`start-session ${session}: ${String(err)}`));
      return this.statusBody(before);
    }
    const status = await this.client.send('connect', {
      instance: session,
      ...(phone ? { pairingPhone: phone } : {}),
    });
    if (status.state === 'pairing-code' && status.pairingCode)
      return { status: 'phoneCode', phone, phoneCode: status.pairingCode, session };
    if (status.state === 'qr' && status.qr) {
      const dataUrl = await qrDataUrl(status.qr);
      return {
        status: 'qrcode',
        qrcode: dataUrl.slice('data:image/png;base64,'.length),
        urlcode: status.qr,
        session,
      };
    }
    if (status.state === 'connected') return this.statusBody(status);
    throw new DomainError(
      ErrorCode.Timeout,
      `no QR code within ${WAIT_FOR_CODE_MS / 1000} s (state: ${wppStatus(status.state)})`,
    );
  }

  @Get(':session/status-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Session state: CLOSED, INITIALIZING, QRCODE, PHONECODE or CONNECTED' })
  async status(@WppSession() session: string) {
    if (!(await this.registry.find(session))) return { status: 'CLOSED', qrcode: null };
    return this.statusBody(await this.client.send('get-status', { instance: session }));
  }

  @Get(':session/qrcode-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current QR code as a PNG image' })
  async qr(@WppSession() session: string, @Res() res: RawResponse) {
    if (!(await this.registry.find(session))) {
      return res.status(200).json({
        status: null,
        message: 'Session not started. Please, use the /start-session route, for initialization your session',
      });
    }
    const status = await this.client.send('get-status', { instance: session });
    if (status.state !== 'qr' || !status.qr)
      return res.status(200).json({ status: wppStatus(status.state), message: 'QRCode is not available...' });
    res
      .status(200)
      .type('image/png')
      .send(await qrPng(status.qr));
  }

  @Get(':session/check-connection-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Whether the session is connected' })
  async check(@WppSession() session: string) {
    const connected =
      (await this.registry.find(session)) &&
      (await this.client.send('get-status', { instance: session })).state === 'connected';
    return connected ? { status: true, message: 'Connected' } : { status: false, message: 'Disconnected' };
  }

  @Post(':session/close-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the connection and keep the credentials' })
  async close(@WppSession() session: string) {
    if (!(await this.registry.find(session)))
      throw new DomainError(ErrorCode.InstanceNotFound, 'Error closing session', {
        wppBody: { status: false, message: 'Error closing session' },
      });
    await this.client.send('close', { instance: session });
    return { status: true, message: 'Session successfully closed' };
  }

  @Post(':session/logout-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log out of WhatsApp (a new QR is needed afterwards)' })
  async logout(@WppSession() session: string) {
    await this.requireConnected(session);
    await this.client.send('logout', { instance: session });
    return { status: true, message: 'Session successfully closed' };
  }

  private async requireConnected(session: string): Promise<void> {
    const connected =
      (await this.registry.find(session)) &&
      (await this.client.send('get-status', { instance: session })).state === 'connected';
    if (!connected) throw new DomainError(ErrorCode.NotConnected, 'the WhatsApp session is not active');
  }

  private async statusBody(status: InstanceStatus) {
    return {
      status: wppStatus(status.state),
      qrcode: status.state === 'qr' && status.qr ? await qrDataUrl(status.qr) : null,
      urlcode: status.state === 'qr' ? (status.qr ?? '') : '',
      version: WPP_COMPAT_VERSION,
    };
  }
}
