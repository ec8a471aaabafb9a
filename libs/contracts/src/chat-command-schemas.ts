// JSON Schemas of the chat, contact, blocklist and profile commands (merged into COMMAND_SCHEMAS).
import { CHAT_MODIFICATIONS, type ChatInstanceCommands } from './chats.js';
import type { JsonSchema } from './event-schemas.js';
import {
  CHAT_JID as chatJid,
  INSTANCE_KEY as instance,
  USER_JID as userJid,
} from './command-schema-fragments.js';

const seconds = { type: 'integer', minimum: 0, description: 'seconds since epoch' } as const;

const request = (properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['instance', ...required],
  additionalProperties: false,
  properties: { instance, ...properties },
});

export const CHAT_COMMAND_SCHEMAS: Readonly<Record<keyof ChatInstanceCommands, JsonSchema>> = {
  'list-chats': request({
    archived: { type: 'boolean' },
    kind: { enum: ['user', 'group'] },
    unreadOnly: { type: 'boolean' },
    withMessages: { type: 'boolean' },
    labels: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 64 } },
    anchor: chatJid,
    direction: { enum: ['before', 'after'] },
    limit: { type: 'integer', minimum: 1, maximum: 1_000 },
  }),
  'get-chat': request({ chat: chatJid }, ['chat']),
  'modify-chat': request({ chat: chatJid, action: { enum: [...CHAT_MODIFICATIONS] }, muteUntil: seconds }, [
    'chat',
    'action',
  ]),
  'list-contacts': request({
    limit: { type: 'integer', minimum: 1, maximum: 1_000 },
    after: { type: 'string', maxLength: 128 },
  }),
  'get-contact': request({ contact: userJid }, ['contact']),
  'get-blocklist': request(),
  'block-contact': request({ contact: userJid, block: { type: 'boolean' } }, ['contact', 'block']),
  'get-profile-picture': request({ jid: chatJid, preview: { type: 'boolean' } }, ['jid']),
  'get-profile-status': request({ jid: userJid }, ['jid']),
  'set-profile-status': request({ status: { type: 'string', maxLength: 139 } }, ['status']),
  'set-profile-name': request({ name: { type: 'string', minLength: 1, maxLength: 25 } }, ['name']),
  'subscribe-presence': request({ chat: userJid }, ['chat']),
  'get-presence': request({ chat: userJid }, ['chat']),
  'reject-call': request(
    {
      callId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'the call id' },
      from: userJid,
    },
    ['callId'],
  ),
};
