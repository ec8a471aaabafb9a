/** JSON Schema pieces every command schema file uses (one definition each). */

export const INSTANCE_KEY = {
  type: 'string',
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description: 'the instance key (also the subject token)',
} as const;

export const USER_JID = {
  type: 'string',
  pattern: '^[0-9]{1,20}@(s\\.whatsapp\\.net|lid)$',
  description: 'a user: <digits>@s.whatsapp.net or <digits>@lid',
} as const;

export const GROUP_JID = {
  type: 'string',
  pattern: '^[0-9]+(-[0-9]+)?@g\\.us$',
  description: 'a group: <id>@g.us',
} as const;

export const CHAT_JID = {
  type: 'string',
  pattern: '^([0-9]{1,20}@s\\.whatsapp\\.net|[0-9]{1,20}@lid|[0-9]+(-[0-9]+)?@g\\.us)$',
  description: 'a chat: <digits>@s.whatsapp.net, <digits>@lid or a group <id>@g.us',
} as const;
