import { jidDecode } from '@whiskeysockets/baileys';

export const PN_SERVER = 's.whatsapp.net';
export const LID_SERVER = 'lid';

export type AddressingServer = typeof PN_SERVER | typeof LID_SERVER;

/** `user[:device]@server`; device 0 (the phone) is written without a device part, as WhatsApp does. */
export function deviceJid(user: string, server: AddressingServer, device: number): string {
  return device ? `${user}:${device}@${server}` : `${user}@${server}`;
}

export function userJid(user: string, server: AddressingServer): string {
  return `${user}@${server}`;
}

export interface DecodedUserJid {
  user: string;
  server: AddressingServer;
  device: number;
}

/** Decodes a PN or LID user/device jid; returns undefined for groups, broadcast and malformed jids. */
export function decodeUserJid(jid: string | undefined): DecodedUserJid | undefined {
  if (!jid) return undefined;
  const decoded = jidDecode(jid);
  if (!decoded?.user) return undefined;
  if (decoded.server !== PN_SERVER && decoded.server !== LID_SERVER) return undefined;
  return { user: decoded.user, server: decoded.server, device: decoded.device ?? 0 };
}

/** Accepts `5511999990001`, `+55 11 99999-0001`, `...@s.whatsapp.net`, `...@c.us`; returns digits or undefined. */
export function normalisePhoneNumber(input: string): string | undefined {
  const bare = input.replace(/@(s\.whatsapp\.net|c\.us)$/, '').replace(/[\s+()-]/g, '');
  return /^\d{6,15}$/.test(bare) ? bare : undefined;
}
