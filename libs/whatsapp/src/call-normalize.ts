import { jidNormalizedUser, type WACallEvent } from '@whiskeysockets/baileys';
import type { CallOffer } from '@zapgate/contracts';

/** Baileys' `call` event as the canonical `call-received`: offers only (later stanzas are the same call). */
export function normalizeCall(call: WACallEvent): CallOffer | undefined {
  if (call.status !== 'offer' || !call.id || !call.from) return undefined;
  const timestamp =
    call.date instanceof Date && !Number.isNaN(call.date.getTime()) ? call.date.getTime() : Date.now();
  const callerPn = call.callerPn ? jidNormalizedUser(call.callerPn) : undefined;
  return {
    id: call.id,
    from: jidNormalizedUser(call.from),
    ...(callerPn?.endsWith('@s.whatsapp.net') ? { callerPn } : {}),
    isVideo: !!call.isVideo,
    isGroup: !!call.isGroup,
    ...(call.groupJid ? { group: call.groupJid } : {}),
    timestamp: Math.floor(timestamp / 1000),
    offline: call.offline,
  };
}
