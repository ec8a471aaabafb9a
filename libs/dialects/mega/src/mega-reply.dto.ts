import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { InstanceStatus, NumberCheck, SentMessage } from '@zapgate/contracts';

/**
 * What mega-API answers (catalog 1.6: `error: false` on success, `error: true` and `message` on
 * failure), as classes that give Swagger its response schemas and builders that fill them.
 */

export class MegaErrorReply {
  @ApiProperty({ example: true })
  error!: true;

  @ApiProperty({ example: 'the instance is not connected' })
  message!: string;

  @ApiProperty({ example: 'not_connected', description: 'zapgate error code (stable, for programs)' })
  code!: string;
}

/** The error answers every mega route may give, for Swagger. */
export const MegaErrorResponses = () =>
  applyDecorators(
    ApiResponse({ status: 400, description: 'Invalid request or state', type: MegaErrorReply }),
    ApiResponse({ status: 401, description: 'Missing or wrong bearer token', type: MegaErrorReply }),
    ApiResponse({ status: 404, description: 'No such instance', type: MegaErrorReply }),
  );

export class MegaAckReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Logged out' })
  message!: string;
}

export class MegaUserView {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  id!: string;

  @ApiProperty({ example: 'Shop' })
  name!: string;

  @ApiPropertyOptional({ example: '123456789012345@lid' })
  lid?: string;
}

export class MegaInstanceView {
  @ApiProperty({ example: 'shop' })
  key!: string;

  @ApiProperty({ example: 'connected', enum: ['connected', 'connecting', 'qrcode', 'disconnected'] })
  status!: string;

  @ApiPropertyOptional({ type: MegaUserView })
  user?: MegaUserView;
}

export class MegaInstanceReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Instance status' })
  message!: string;

  @ApiProperty({ type: MegaInstanceView })
  instance!: MegaInstanceView;
}

export class MegaInstanceListReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Instances' })
  message!: string;

  @ApiProperty({ type: [MegaInstanceView] })
  data!: MegaInstanceView[];
}

export class MegaInitData {
  @ApiProperty({ example: 'shop' })
  instance_key!: string;

  @ApiProperty({ example: 'q2Yl0b3d1o6c7Z2l5bV9zZWNyZXQtdG9rZW4', description: 'Returned once; keep it' })
  token!: string;
}

export class MegaInitReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Instance created' })
  message!: string;

  @ApiProperty({ example: 'shop' })
  instance_key!: string;

  @ApiProperty({ example: 'q2Yl0b3d1o6c7Z2l5bV9zZWNyZXQtdG9rZW4' })
  token!: string;

  @ApiProperty({ type: MegaInitData })
  data!: MegaInitData;
}

export class MegaQrReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'QR code' })
  message!: string;

  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgo...' })
  qrcode!: string;
}

export class MegaPairingCodeReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Pairing code' })
  message!: string;

  @ApiProperty({ example: 'ABCD-1234' })
  pairingCode!: string;
}

export class MegaNumberCheckReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: true })
  exists!: boolean;

  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  jid!: string;
}

export class MegaMessageKey {
  @ApiProperty({ example: '5511999999999@s.whatsapp.net' })
  remoteJid!: string;

  @ApiProperty({ example: true })
  fromMe!: boolean;

  @ApiProperty({ example: '3EB0C767D26A1D8E2B5F' })
  id!: string;
}

/** The sent message as Baileys' WebMessageInfo (JSON); clients read `key`. */
export class MegaSentMessageData {
  @ApiProperty({ type: MegaMessageKey })
  key!: MegaMessageKey;

  @ApiPropertyOptional({
    example: { extendedTextMessage: { text: 'Hello from zapgate' } },
    description: 'The message content as sent (Baileys proto JSON)',
  })
  message?: Record<string, unknown>;

  @ApiPropertyOptional({ example: '1763856000', description: 'Seconds since epoch' })
  messageTimestamp?: string | number;
}

export class MegaSendReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: 'Message sent' })
  message!: string;

  @ApiProperty({ type: MegaSentMessageData })
  messageData!: MegaSentMessageData;
}

/** mega's `instance.status` words for our connection states. */
export function megaStatus(state: InstanceStatus['state']): string {
  switch (state) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return 'connecting';
    case 'qr':
    case 'pairing-code':
      return 'qrcode';
    default:
      return 'disconnected';
  }
}

export function megaInstance(status: InstanceStatus): MegaInstanceView {
  return {
    key: status.instance,
    status: megaStatus(status.state),
    ...(status.me
      ? {
          user: {
            id: status.me.id,
            name: status.me.name ?? '',
            ...(status.me.lid ? { lid: status.me.lid } : {}),
          },
        }
      : {}),
  };
}

export const megaAck = (message: string): MegaAckReply => ({ error: false, message });

export const megaInstanceReply = (message: string, status: InstanceStatus): MegaInstanceReply => ({
  error: false,
  message,
  instance: megaInstance(status),
});

/** A send's answer: the Baileys WebMessageInfo as `messageData` (clients read its `key`). */
export const megaSendReply = (sent: SentMessage): MegaSendReply => ({
  error: false,
  message: 'Message sent',
  messageData: sent.raw as MegaSentMessageData,
});

export const megaNumberCheckReply = (
  check: NumberCheck | undefined,
  asked: string,
): MegaNumberCheckReply => ({
  error: false,
  exists: !!check?.exists,
  jid: check?.jid ?? asked,
});

/** One recipient of a send to many: the sent message, or why it was not sent. */
export class MegaBulkResult {
  @ApiProperty({ example: '5511999999991', description: 'The recipient as the request named it' })
  to!: string;

  @ApiProperty({ example: '5511999999991@s.whatsapp.net', description: 'The chat it was sent to' })
  jid!: string;

  @ApiProperty({ example: false, description: 'true when this recipient was not sent the message' })
  error!: boolean;

  @ApiPropertyOptional({
    example: 'the number 5511999999991 is not on WhatsApp',
    description: 'Why not (error: true)',
  })
  message?: string;

  @ApiPropertyOptional({ example: 'number_not_on_whatsapp', description: 'zapgate error code (error: true)' })
  code?: string;

  @ApiPropertyOptional({
    type: MegaSentMessageData,
    description: 'The sent message, as a single send answers it',
  })
  messageData?: MegaSentMessageData;
}

/**
 * A send to many (`textToMany`, `mediaUrlToMany`): mega-API documents no reply for these, so
 * zapgate answers once every recipient was tried, with one result per recipient in the request's
 * order. `error` is false when the request was carried out, even if some recipients failed.
 */
export class MegaBulkSendReply {
  @ApiProperty({ example: false })
  error!: false;

  @ApiProperty({ example: '2 of 2 messages sent' })
  message!: string;

  @ApiProperty({ example: 2, description: 'Recipients sent the message' })
  sent!: number;

  @ApiProperty({ example: 0, description: 'Recipients not sent the message (see results)' })
  failed!: number;

  @ApiProperty({ type: [MegaBulkResult] })
  results!: MegaBulkResult[];
}

/** One recipient's outcome of a send to many, in the request's order: `to` is the jid sent to. */
export type MegaBulkOutcome =
  | { to: string; ok: true; sent: SentMessage }
  | { to: string; ok: false; error: { code: string; message: string } };

/** A send to many's answer: `asked` are the recipients as the request named them, in order. */
export function megaBulkSendReply(
  asked: readonly string[],
  outcomes: readonly MegaBulkOutcome[],
): MegaBulkSendReply {
  const results = outcomes.map((o, i): MegaBulkResult =>
    o.ok
      ? { to: asked[i] ?? o.to, jid: o.to, error: false, messageData: o.sent.raw as MegaSentMessageData }
      : { to: asked[i] ?? o.to, jid: o.to, error: true, message: o.error.message, code: o.error.code },
  );
  const sent = results.filter((r) => !r.error).length;
  return {
    error: false,
    message: `${sent} of ${results.length} messages sent`,
    sent,
    failed: results.length - sent,
    results,
  };
}
