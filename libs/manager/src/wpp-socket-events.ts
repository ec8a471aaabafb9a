import type { EventEnvelope, WebhookInstance } from '@zapgate/contracts';
import { renderWppWebhook, wppMessageObject } from '@zapgate/dialect-wppconnect';
import QRCode from 'qrcode';

/** One Socket.IO emit: the event name and its single argument. */
export type SocketEmit = [event: string, payload: unknown];

/** zapgate's own event (not WPPConnect's): an instance's connection state changed. */
export const INSTANCE_STATUS_EVENT = 'instance-status';

/** WPPConnect-server events whose payload is the body its webhook of the same name carries. */
const FROM_WEBHOOK = new Set([
  'onack',
  'onpresencechanged',
  'incomingcall',
  'onreactionmessage',
  'onrevokedmessage',
  'onpollresponse',
  'onupdatelabel',
]);

/**
 * A canonical event as WPPConnect-server's Socket.IO emits it (its catalog, section 7): `qrCode`
 * `{data: <PNG data URL>, session}`, `phoneCode` `{data, phone, session}`, `session-logged`
 * `{status: true, session}`, `whatsapp-status` `false` on close or logout, `received-message`
 * `{response: <message>}` for any message, and `onack`, `onpresencechanged`, `incomingcall`,
 * `onreactionmessage`, `onrevokedmessage`, `onpollresponse`, `onupdatelabel` with their webhook
 * bodies. Connection changes, QR and pairing codes also give
 * `instance-status` `{session, state, ...}`, zapgate's own, which the web manager listens to.
 */
export async function wppSocketEvents(
  envelope: EventEnvelope,
  instance: WebhookInstance,
): Promise<SocketEmit[]> {
  const session = instance.key;
  switch (envelope.event) {
    case 'qr-updated': {
      const { qr } = envelope.data as EventEnvelope<'qr-updated'>['data'];
      const data = await QRCode.toDataURL(qr, { margin: 2, width: 264 });
      return [
        ['qrCode', { data, session }],
        [INSTANCE_STATUS_EVENT, { session, state: 'qr', qr: data }],
      ];
    }
    case 'pairing-code-issued': {
      const { code, phone } = envelope.data as EventEnvelope<'pairing-code-issued'>['data'];
      return [
        ['phoneCode', { data: code, phone, session }],
        [INSTANCE_STATUS_EVENT, { session, state: 'pairing-code', pairingCode: code }],
      ];
    }
    case 'connection-changed': {
      const change = envelope.data as EventEnvelope<'connection-changed'>['data'];
      const status: SocketEmit = [
        INSTANCE_STATUS_EVENT,
        { session, state: change.state, ...(change.me ? { me: change.me } : {}) },
      ];
      if (change.state === 'connected') return [['session-logged', { status: true, session }], status];
      if (change.state === 'stopped' || change.state === 'logged-out')
        return [['whatsapp-status', false], status];
      return [status];
    }
    case 'message-received': {
      const message = envelope.data as EventEnvelope<'message-received'>['data'];
      return [['received-message', { response: wppMessageObject(message, instance) }]];
    }
    default:
      return renderWppWebhook(envelope, instance)
        .filter((w) => FROM_WEBHOOK.has(w.event))
        .map((w) => {
          const { event: _event, ...body } = w.body;
          return [w.event, body] as SocketEmit;
        });
  }
}
