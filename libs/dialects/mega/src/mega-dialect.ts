import type { ClientError, DialectDescriptor, DialectErrorReply } from '@zapgate/dialect-common';
import { fillMissingMegaValues } from './mega-lenient-json.js';

/** mega-API's error body, `{error: true, message}` (catalog 1.6), plus zapgate's stable `code`. */
export function renderMegaError(e: ClientError): DialectErrorReply {
  return { status: e.status, body: { error: true, message: e.message, code: e.code } };
}

/** mega-API as the gateway looks it up: `/rest` routes, JSON bodies whatever their type. */
export const MEGA_DIALECT: DialectDescriptor = {
  name: 'mega',
  pathPrefix: 'rest',
  instanceNoun: 'instance',
  ownerLabel: 'a mega-API instance',
  routes: '/rest',
  renderError: renderMegaError,
  // catalog 1.4: JSON whatever the Content-Type, and PHP clients leave values out
  readsAnyBodyAsJson: true,
  repairJson: fillMissingMegaValues,
  // catalog 4.6: the file travels as a data URI in the JSON body
  mediaBodyRoutes: /^\/rest\/sendMessage\/[^/]+\/mediaBase64\/?$/i,
};
