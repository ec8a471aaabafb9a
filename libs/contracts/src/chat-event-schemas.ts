import type { JsonSchema } from './event-schemas.js';

/** `data` schemas of the chat, contact and blocklist events (merged into EVENT_SCHEMAS). */
const chatJid = { type: 'string', pattern: '^[^@\\s]+@[a-z.]+$' } as const;
const userJid = { type: 'string', pattern: '^[^@\\s]+@(s\\.whatsapp\\.net|lid)$' } as const;
const name = { type: 'string', maxLength: 1_024 } as const;

export const CHAT_EVENT_DATA: Readonly<
  Record<'chat-updated' | 'contact-updated' | 'blocklist-changed', JsonSchema>
> = {
  'chat-updated': {
    type: 'object',
    required: ['chat'],
    additionalProperties: false,
    properties: {
      chat: { ...chatJid, description: 'the chat: a contact or a group' },
      archived: { type: 'boolean' },
      pinned: { type: 'boolean' },
      mutedUntil: {
        type: 'integer',
        minimum: -1,
        description: 'seconds since epoch; -1 for ever; 0 when unmuted',
      },
      unreadCount: { type: 'integer', minimum: 0 },
      name,
      labels: { type: 'array', items: { type: 'string' } },
      deleted: { type: 'boolean', description: 'the chat was deleted' },
    },
  },
  'contact-updated': {
    type: 'object',
    required: ['contact'],
    additionalProperties: false,
    properties: {
      contact: { ...userJid, description: 'the contact as WhatsApp named it (PN or LID)' },
      pn: userJid,
      lid: userJid,
      name: { ...name, description: "the name saved in the phone's address book" },
      pushName: { ...name, description: 'the name the person gave themselves' },
      verifiedName: { ...name, description: "a business account's verified name" },
      picture: {
        enum: ['changed', 'removed'],
        description: 'the profile picture changed (a new one) or was removed',
      },
    },
  },
  'blocklist-changed': {
    type: 'object',
    required: ['action', 'jids'],
    additionalProperties: false,
    properties: {
      action: {
        enum: ['block', 'unblock', 'set'],
        description: '`set`: the whole list, as WhatsApp sent it',
      },
      jids: { type: 'array', items: userJid },
    },
  },
};
