import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { InstanceStatus, SentMessage } from '@zapgate/contracts';
import { wid } from './wpp-webhook.renderer.js';

/**
 * What WPPConnect-server answers (catalog 3.2 and 4), as classes that give Swagger its response
 * schemas and builders that fill them.
 */

export class WppErrorReply {
  @ApiProperty({ example: 'error' })
  status!: string;

  @ApiProperty({ example: 'phone is required' })
  message!: string;

  @ApiPropertyOptional({
    example: 'validation_failed',
    description: 'zapgate error code (stable, for programs)',
  })
  code?: string;
}

/** WPPConnect's answer when the session is not connected (`statusConnection`, catalog 3.1). */
export class WppDisconnectedReply {
  @ApiProperty({ example: null, nullable: true, type: String })
  response!: null;

  @ApiProperty({ example: 'Disconnected' })
  status!: string;

  @ApiProperty({ example: 'A sessão do WhatsApp não está ativa.' })
  message!: string;
}

/** The error answers every WPPConnect session route may give, for Swagger. */
export const WppErrorResponses = () =>
  applyDecorators(
    ApiResponse({ status: 400, description: 'Invalid request', type: WppErrorReply }),
    ApiResponse({ status: 401, description: 'Missing or wrong token', type: WppErrorReply }),
  );

/** WPPConnect-server's `client.status` words. */
export function wppStatus(state: InstanceStatus['state'] | undefined): string {
  switch (state) {
    case 'connected':
      return 'CONNECTED';
    case 'qr':
      return 'QRCODE';
    case 'pairing-code':
      return 'PHONECODE';
    case 'connecting':
      return 'INITIALIZING';
    default:
      return 'CLOSED';
  }
}

/** The version WPPConnect clients see in status-session. */
export const WPP_COMPAT_VERSION = '2.10.4';

export class WppSessionStatusReply {
  @ApiProperty({ example: 'CONNECTED', enum: ['CLOSED', 'INITIALIZING', 'QRCODE', 'PHONECODE', 'CONNECTED'] })
  status!: string;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'The QR as a data:image/png;base64 URI while the status is QRCODE',
  })
  qrcode!: string | null;

  @ApiPropertyOptional({ example: '', description: 'The raw QR text while the status is QRCODE' })
  urlcode?: string;

  @ApiPropertyOptional({ example: WPP_COMPAT_VERSION })
  version?: string;
}

/** status-session's body for a state (`qrcode`: the QR's data URL, when there is one). */
export function wppSessionStatus(status: InstanceStatus, qrcode: string | null): WppSessionStatusReply {
  return {
    status: wppStatus(status.state),
    qrcode: status.state === 'qr' ? qrcode : null,
    urlcode: status.state === 'qr' ? (status.qr ?? '') : '',
    version: WPP_COMPAT_VERSION,
  };
}

/** A sent text as WPPConnect's serialized Message (catalog 6.4: the fields its clients read). */
export class WppMessageView {
  @ApiProperty({ example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F' })
  id!: string;

  @ApiProperty({ example: 'Hello from zapgate' })
  body!: string;

  @ApiProperty({ example: 'chat' })
  type!: string;

  @ApiProperty({ example: 1763856000, description: 'Seconds since epoch' })
  t!: number;

  @ApiPropertyOptional({ example: '5511888888888@c.us' })
  from?: string;

  @ApiProperty({ example: '5511999999999@c.us' })
  to!: string;

  @ApiProperty({ example: 1, description: 'AckType: 1 sent' })
  ack!: number;

  @ApiProperty({ example: true })
  fromMe!: boolean;

  @ApiProperty({ example: false })
  isGroupMsg!: boolean;

  @ApiProperty({ example: false })
  isMedia!: boolean;

  @ApiProperty({ example: '5511999999999@c.us' })
  chatId!: string;

  @ApiProperty({ example: 1763856000 })
  timestamp!: number;

  @ApiProperty({ example: 'Hello from zapgate' })
  content!: string;
}

/** Family M (catalog 3.2): one result per recipient. */
export class WppSendReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppMessageView] })
  response!: WppMessageView[];

  @ApiProperty({ example: 'return' })
  mapper!: string;

  @ApiProperty({ example: 'store' })
  session!: string;
}

/** A sent text as WPPConnect's serialized Message; `me` is the session's own jid, when known. */
export function wppSentText(sent: SentMessage, me: string | undefined, text: string): WppMessageView {
  const chatId = wid(sent.remoteJid);
  return {
    id: `true_${chatId}_${sent.id}`,
    body: text,
    type: 'chat',
    t: sent.timestamp,
    ...(me ? { from: wid(me) } : {}),
    to: chatId,
    ack: 1,
    fromMe: true,
    isGroupMsg: chatId.endsWith('@g.us'),
    isMedia: false,
    chatId,
    timestamp: sent.timestamp,
    content: text,
  };
}

export const wppSendReply = (session: string, response: WppMessageView[]): WppSendReply => ({
  status: 'success',
  response,
  mapper: 'return',
  session,
});

/** What wppconnect's `sendFile`/`sendPtt` return per recipient (catalog 4.2): `{ack, id}`. */
export class WppFileSentView {
  @ApiProperty({ example: 1, description: 'AckType: 1 sent' })
  ack!: number;

  @ApiProperty({
    example: 'true_5511999999999@c.us_3EB0C767D26A1D8E2B5F',
    description: 'The serialized message id',
  })
  id!: string;
}

/** Family M for file sends: one `{ack, id}` per recipient. */
export class WppSendFileReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppFileSentView] })
  response!: WppFileSentView[];

  @ApiProperty({ example: 'return' })
  mapper!: string;

  @ApiProperty({ example: 'store' })
  session!: string;
}

/** WPPConnect's body when no file is given (401). */
export class WppFileMandatoryReply {
  @ApiProperty({ example: 'Sending the file is mandatory' })
  message!: string;
}

/** A sent file as wppconnect's `sendFile` returns it. */
export const wppSentFile = (sent: SentMessage): WppFileSentView => ({
  ack: 1,
  id: `true_${wid(sent.remoteJid)}_${sent.id}`,
});

export const wppSendFileReply = (session: string, response: WppFileSentView[]): WppSendFileReply => ({
  status: 'success',
  response,
  mapper: 'return',
  session,
});
