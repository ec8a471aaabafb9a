import type { JsonSchema } from './event-schemas.js';

/** `call-received`: a voice or video call offered to the account (every device of it rings). */
export interface CallOffer {
  /** The call id: what `reject-call` takes. */
  id: string;
  /** The caller (PN or LID, as WhatsApp sent it). */
  from: string;
  /** The caller's phone-number jid, when WhatsApp told it. */
  callerPn?: string;
  isVideo: boolean;
  isGroup: boolean;
  /** A group call's group. */
  group?: string;
  /** Seconds since epoch the call was offered. */
  timestamp: number;
  /** Offered while the instance was offline (told on reconnect). */
  offline: boolean;
}

const userJid = { type: 'string', pattern: '^[^@\\s]+@(s\\.whatsapp\\.net|lid)$' } as const;

/** `data` schema of `call-received` (merged into EVENT_SCHEMAS). */
export const CALL_EVENT_DATA: Readonly<Record<'call-received', JsonSchema>> = {
  'call-received': {
    type: 'object',
    required: ['id', 'from', 'isVideo', 'isGroup', 'timestamp', 'offline'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', minLength: 1, description: 'the call id (what reject-call takes)' },
      from: { ...userJid, description: 'the caller' },
      callerPn: {
        type: 'string',
        pattern: '^[0-9]+@s\\.whatsapp\\.net$',
        description: "the caller's phone number",
      },
      isVideo: { type: 'boolean' },
      isGroup: { type: 'boolean' },
      group: { type: 'string', pattern: '^[0-9]+(-[0-9]+)?@g\\.us$', description: "a group call's group" },
      timestamp: { type: 'integer', minimum: 0, description: 'seconds since epoch the call was offered' },
      offline: { type: 'boolean', description: 'offered while the instance was offline' },
    },
  },
};
