import { ErrorCode } from '@zapgate/contracts';
import type { ClientError, DialectDescriptor, DialectErrorReply } from '@zapgate/dialect-common';

/** The number a `number_not_on_whatsapp` error is about: its details, else the digits its message names. */
function missingNumber(e: ClientError): string {
  const number = e.details?.['number'];
  if (typeof number === 'string' && number) return number;
  return /\d{6,}/.exec(e.message)?.[0] ?? '';
}

/**
 * WPPConnect-server's exact bodies where clients know them (auth and secret-key failures carried
 * verbatim in `details.wppBody`; `statusConnection`'s 404 and 400, catalog 3.1), and
 * `{status: "error", message, code}` otherwise.
 */
export function renderWppError(e: ClientError): DialectErrorReply {
  const verbatim = e.details?.['wppBody'];
  if (verbatim && typeof verbatim === 'object')
    return { status: e.status, body: verbatim as Record<string, unknown> };
  switch (e.code) {
    case ErrorCode.NotConnected:
      return {
        status: 404,
        body: { response: null, status: 'Disconnected', message: 'A sessão do WhatsApp não está ativa.' },
      };
    case ErrorCode.NumberNotOnWhatsApp:
      return {
        status: e.status,
        body: { response: null, status: 'Connected', message: `O número ${missingNumber(e)} não existe.` },
      };
    default:
      return {
        status: e.status,
        body: {
          status: 'error',
          message: e.message,
          code: e.code,
          ...(e.fieldErrors ? { errors: e.fieldErrors } : {}),
        },
      };
  }
}

/** WPPConnect-server as the gateway looks it up: `/api` routes, sessions. */
export const WPP_DIALECT: DialectDescriptor = {
  name: 'wppconnect',
  pathPrefix: 'api',
  instanceNoun: 'session',
  ownerLabel: 'a WPPConnect session',
  routes: '/api',
  renderError: renderWppError,
  readsAnyBodyAsJson: false,
  // the send routes whose JSON may carry the file as base64 (`base64`, or `path` as a data URI)
  mediaBodyRoutes:
    /^\/api\/[^/]+\/(?:send-file-base64|send-voice-base64|send-image|send-file|send-voice|send-sticker|send-sticker-gif)\/?$/i,
};
