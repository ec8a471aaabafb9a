import { Body, Controller, Get, HttpCode, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type InstanceStatus } from '@zapgate/contracts';
import {
  WPP_DIALECT,
  WPP_WRONG_SECRET,
  WppDisconnectedReply,
  WppErrorResponses,
  wppSessionStatus,
  WppSessionStatusReply,
  WppStartSessionDto,
  wppStatus,
} from '@zapgate/dialect-wppconnect';
import { GatewaySettings } from '../core/gateway-settings.js';
import { secretEquals } from '../core/instance-registry.js';
import { InstanceService } from '../core/instance.service.js';
import { WebhookConfigService } from '../core/webhook-config.service.js';
import { qrDataUrl, qrPng } from '../core/qr-image.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';
import { WppTokenService } from './wpp-token.service.js';

const DIALECT = WPP_DIALECT.name;

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
@WppErrorResponses()
@Controller('api')
@UseFilters(WppExceptionFilter)
export class WppSessionController {
  constructor(
    private readonly instances: InstanceService,
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
    await this.instances.requireFreeFor(session, DIALECT);
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
    return { response: await this.instances.keys(DIALECT) };
  }

  @Post(':secretkey/start-all')
  @HttpCode(201)
  @ApiOperation({ summary: 'Start every WPPConnect session (secret key in the path)' })
  async startAll(@Param('secretkey') secret: string) {
    if (!secretEquals(secret, this.settings.secretKey)) throw badSecret(WPP_WRONG_SECRET['start-all']);
    await this.instances.startAll(DIALECT);
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
    this.webhooks.checkEvents('events', DIALECT, body.events);
    const record = await this.instances.ensure(session, DIALECT);
    if (body.webhook || body.events || body.ignore) {
      // kept with the session: a later start-session without them (start-all at boot) keeps them
      const url = body.webhook?.trim() || record.webhook?.url || '';
      const events = body.events ?? record.webhook?.events;
      const ignore = body.ignore ?? record.webhook?.ignore;
      await this.webhooks.configure(session, {
        url,
        enabled: !!url,
        ...(events ? { events } : {}),
        ...(ignore ? { ignore } : {}),
      });
    }
    const phone = body.phone?.replace(/\D/g, '');
    const before = await this.instances.status(record.key);
    if (before.state === 'connected') return this.statusBody(before);
    if (!body.waitQrCode) {
      this.instances.startInBackground(session, phone);
      return this.statusBody(before);
    }
    const status = await this.instances.connect(session, phone);
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
  @ApiOkResponse({ type: WppSessionStatusReply })
  async status(@WppSession() session: string): Promise<WppSessionStatusReply> {
    const status = await this.instances.statusIfExists(session);
    // never started: WPPConnect's short answer
    if (!status) return { status: 'CLOSED', qrcode: null };
    return this.statusBody(status);
  }

  @Get(':session/qrcode-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current QR code as a PNG image' })
  @ApiProduces('image/png', 'application/json')
  @ApiOkResponse({ description: 'The QR as a PNG, or a JSON status when there is none to show' })
  async qr(@WppSession() session: string, @Res() res: RawResponse) {
    const status = await this.instances.statusIfExists(session);
    if (!status) {
      return res.status(200).json({
        status: null,
        message: 'Session not started. Please, use the /start-session route, for initialization your session',
      });
    }
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
    const connected = (await this.instances.statusIfExists(session))?.state === 'connected';
    return connected ? { status: true, message: 'Connected' } : { status: false, message: 'Disconnected' };
  }

  @Post(':session/close-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the connection and keep the credentials' })
  async close(@WppSession() session: string) {
    if (!(await this.instances.exists(session)))
      throw new DomainError(ErrorCode.InstanceNotFound, 'Error closing session', {
        wppBody: { status: false, message: 'Error closing session' },
      });
    await this.instances.close(session);
    return { status: true, message: 'Session successfully closed' };
  }

  @Post(':session/logout-session')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log out of WhatsApp (a new QR is needed afterwards)' })
  @ApiNotFoundResponse({ description: 'The session is not connected', type: WppDisconnectedReply })
  async logout(@WppSession() session: string) {
    // a session never started is not connected either (WPPConnect's 404, not a missing instance)
    await this.instances.requireConnected(session);
    await this.instances.logout(session);
    return { status: true, message: 'Session successfully closed' };
  }

  private async statusBody(status: InstanceStatus): Promise<WppSessionStatusReply> {
    return wppSessionStatus(status, status.state === 'qr' && status.qr ? await qrDataUrl(status.qr) : null);
  }
}
