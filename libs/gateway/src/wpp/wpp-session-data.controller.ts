import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotImplementedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import {
  WPP_DIALECT,
  WPP_WRONG_SECRET,
  WppClearSessionDataReply,
  WppErrorReply,
  WppErrorResponses,
  WppRestoreSessionsReply,
  WppRestoreSessionsUpload,
} from '@zapgate/dialect-wppconnect';
import { readUploadedFile } from '../core/archive-upload.js';
import { GatewaySettings } from '../core/gateway-settings.js';
import { secretEquals } from '../core/instance-registry.js';
import { SESSION_ARCHIVE_LIMITS } from '../core/session-archive.js';
import { SessionBackupService } from '../core/session-backup.service.js';
import { WppAuthGuard } from './wpp-auth.guard.js';
import { WppExceptionFilter } from './wpp-exception.filter.js';
import { WppSession } from './wpp-session.decorator.js';

const DIALECT = WPP_DIALECT.name;

type SecretRoute = keyof typeof WPP_WRONG_SECRET;

function checkSecret(given: string, secretKey: string, route: SecretRoute): void {
  if (secretEquals(given, secretKey)) return;
  const body = WPP_WRONG_SECRET[route];
  throw new DomainError(ErrorCode.ValidationFailed, body.message, { wppBody: body });
}

const ARCHIVE_NOTE =
  'The zip holds, per WPPConnect session, its record (webhook settings, the webhook signing secret in ' +
  'plain text so another ZG_DATA_KEY can seal it again) and its WhatsApp auth state (creds and Signal ' +
  'keys): keep it as secret as the server itself. `manifest.json` names the format (`zapgate-sessions`, ' +
  'version 1) and the SHA-256 of every file.';

@ApiTags('WPPConnect: sessions')
@WppErrorResponses()
@Controller('api')
@UseFilters(WppExceptionFilter)
export class WppSessionDataController {
  constructor(
    private readonly backups: SessionBackupService,
    private readonly settings: GatewaySettings,
  ) {}

  @Get(':secretkey/backup-sessions')
  @ApiOperation({
    summary: 'Every WPPConnect session as a zip (secret key in the path)',
    description: `${ARCHIVE_NOTE} Sessions keep running: a session restored elsewhere must stop here first (one account, one socket).`,
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The zip', schema: { type: 'string', format: 'binary' } })
  async backup(@Param('secretkey') secret: string, @Res() res: ServerResponse): Promise<void> {
    checkSecret(secret, this.settings.secretKey, 'backup-sessions');
    const zip = await this.backups.backup(DIALECT);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Length': zip.byteLength,
      'Content-Disposition': `attachment; filename="zapgate-sessions-${stamp}.zip"`,
      'Cache-Control': 'no-store',
    });
    res.end(zip);
  }

  @Post(':secretkey/restore-sessions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore the sessions of a backup-sessions zip (secret key in the path)',
    description:
      `${ARCHIVE_NOTE} The whole zip is checked before anything is written (a bad zip, another version, ` +
      `over ${SESSION_ARCHIVE_LIMITS.archiveBytes} bytes or ${SESSION_ARCHIVE_LIMITS.unpackedBytes} unpacked, ` +
      'a path outside its folder: 400). A session that exists here must be closed or logged out (else 409, ' +
      'nothing restored). Restored sessions with credentials start at once and log in without a QR: stop them ' +
      'where the backup was taken first. Tokens are bcrypt(session + SECRET_KEY): with another SECRET_KEY, ' +
      'generate new ones.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: WppRestoreSessionsUpload })
  @ApiOkResponse({ description: 'Restored (and started)', type: WppRestoreSessionsReply })
  @ApiConflictResponse({ description: 'A session of the zip is open here', type: WppErrorReply })
  async restore(
    @Param('secretkey') secret: string,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<WppRestoreSessionsReply> {
    checkSecret(secret, this.settings.secretKey, 'restore-sessions');
    const zip = await readUploadedFile(req, res, SESSION_ARCHIVE_LIMITS.archiveBytes);
    return { success: true, restored: await this.backups.restore(DIALECT, zip) };
  }

  @Post(':session/:secretkey/clear-session-data')
  @HttpCode(200)
  @ApiOperation({
    summary: "Forget a session's stored data (secret key in the path); the next start asks for a QR",
    description:
      'Logs the session out (unlinking the device when connected), deletes its auth state, messages, ' +
      'chats and its record (webhook settings). A session that does not exist answers success too.',
  })
  @ApiOkResponse({ type: WppClearSessionDataReply })
  async clear(
    @Param('session') session: string,
    @Param('secretkey') secret: string,
  ): Promise<WppClearSessionDataReply> {
    checkSecret(secret, this.settings.secretKey, 'clear-session-data');
    await this.backups.clear(DIALECT, session);
    return { success: true };
  }

  @Get(':session/get-battery-level')
  @UseGuards(WppAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "The phone's battery level: not available (501)",
    description:
      'Multi-device WhatsApp does not report the phone battery to linked devices (Baileys 7 has no such ' +
      'event), so there is no value to give.',
  })
  @ApiNotImplementedResponse({ type: WppErrorReply })
  battery(@WppSession() _session: string): never {
    throw new DomainError(
      ErrorCode.NotImplemented,
      "the phone's battery level is not available: multi-device WhatsApp does not report it to linked devices",
    );
  }
}
