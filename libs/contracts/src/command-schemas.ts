import { CHAT_COMMAND_SCHEMAS } from './chat-command-schemas.js';
import { LABEL_COMMAND_SCHEMAS } from './labels.js';
import { MEDIA_REFERENCE_SCHEMA } from './media-reference-schema.js';
import { PROFILE_COMMAND_SCHEMAS } from './profile-command-schemas.js';
import type { JsonSchema } from './event-schemas.js';
import type { CommandVerb } from './subjects.js';
import {
  GROUP_JID as groupJid,
  INSTANCE_KEY as instance,
  USER_JID as userJid,
} from './command-schema-fragments.js';

/**
 * JSON Schemas (draft-07) of every instance command's request (`zg.cmd.<instance>.<verb>`), as
 * data: the shard checks each command against its schema before a handler runs, so a malformed
 * command is a `validation_failed` and never reaches WhatsApp. Written by hand next to the types
 * in `commands.ts` and `messages.ts` (a test checks the examples of both against them).
 *
 * The content union uses Ajv's `discriminator` keyword on `kind` (OpenAPI's; compile with
 * `new Ajv({ discriminator: true })`) so an error names the branch the command chose.
 */
const phoneDigits = { type: 'string', pattern: '^[0-9]{5,20}$', description: 'digits only' } as const;
const recipient = {
  type: 'string',
  pattern: '^([0-9]{1,20}@s\\.whatsapp\\.net|[0-9]{1,20}@lid|[0-9]+(-[0-9]+)?@g\\.us)$',
  description: 'a normalised jid: <digits>@s.whatsapp.net, <digits>@lid or a group <id>@g.us',
} as const;
/** WhatsApp's longest text (and caption). */
const text = { type: 'string', minLength: 1, maxLength: 65_536 } as const;
const caption = { type: 'string', maxLength: 65_536 } as const;
const messageId = { type: 'string', minLength: 1, maxLength: 128 } as const;

const media = MEDIA_REFERENCE_SCHEMA;

/** A chat as the message store keys it (PN, LID, group, or a broadcast such as status@broadcast). */
const anyChat = { type: 'string', pattern: '^[^@\\s]+@[a-z.]+$', maxLength: 128 } as const;

/** A media message's download fields, copied from its webhook (mega-API `messageKeys`). */
const mediaKeys = {
  type: 'object',
  required: ['messageType', 'mediaKey'],
  additionalProperties: false,
  properties: {
    messageType: { enum: ['image', 'video', 'audio', 'ptt', 'document', 'sticker'] },
    mediaKey: { type: 'string', pattern: '^[A-Za-z0-9+/=_-]{40,64}$', description: '32 bytes, base64' },
    directPath: { type: 'string', pattern: '^/', maxLength: 2_048 },
    url: { type: 'string', pattern: '^https://', maxLength: 2_048 },
    mimetype: { type: 'string', maxLength: 255 },
  },
} as const;

/** A contact card of a `contacts` message (the shard builds the vCard when none is given). */
const contactCard = {
  type: 'object',
  required: ['fullName', 'phone'],
  additionalProperties: false,
  properties: {
    fullName: { type: 'string', minLength: 1, maxLength: 256 },
    phone: phoneDigits,
    organization: { type: 'string', maxLength: 256 },
    vcard: { type: 'string', pattern: '^BEGIN:VCARD', maxLength: 65_536 },
  },
} as const;

/** One branch of the content union: `kind` and its own fields, nothing else. */
const content = (kind: string, properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['kind', ...required],
  additionalProperties: false,
  properties: { kind: { const: kind }, ...properties },
});

/** Lists, buttons and templates: their text, a choice's id and a button's label. */
const interactiveText = { type: 'string', minLength: 1, maxLength: 4_096 } as const;
const choiceId = { type: 'string', minLength: 1, maxLength: 200 } as const;
const buttonLabel = { type: 'string', minLength: 1, maxLength: 60 } as const;
/** A template button of one type: its label and the type's own field. */
const templateButton = (type: string, own: Record<string, unknown>) => ({
  type: 'object',
  required: ['type', 'text', ...Object.keys(own)],
  additionalProperties: false,
  properties: { type: { const: type }, text: buttonLabel, ...own },
});

/** A text's link preview card (the gateway makes it; the thumbnail is a small JPEG). */
const linkPreview = {
  type: 'object',
  required: ['url', 'title'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2_048 },
    title: { type: 'string', maxLength: 1_024 },
    description: { type: 'string', maxLength: 4_096 },
    thumbnailBase64: { type: 'string', pattern: '^[A-Za-z0-9+/=]+$', maxLength: 131_072 },
  },
} as const;

const messageContent = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', description: 'which kind of message; the fields follow from it' } },
  discriminator: { propertyName: 'kind' },
  oneOf: [
    content('text', { text, linkPreview }, ['text']),
    content('image', { media, caption, viewOnce: { type: 'boolean' } }, ['media']),
    content('video', { media, caption, gifPlayback: { type: 'boolean' }, viewOnce: { type: 'boolean' } }, [
      'media',
    ]),
    content('ptv', { media }, ['media']),
    content('audio', { media }, ['media']),
    content('ptt', { media, seconds: { type: 'integer', minimum: 0, maximum: 86_400 } }, ['media']),
    content('document', { media, fileName: { type: 'string', minLength: 1, maxLength: 255 }, caption }, [
      'media',
      'fileName',
    ]),
    content('sticker', { media }, ['media']),
    content(
      'location',
      {
        latitude: { type: 'number', minimum: -90, maximum: 90 },
        longitude: { type: 'number', minimum: -180, maximum: 180 },
        name: { type: 'string', maxLength: 1_024 },
        address: { type: 'string', maxLength: 1_024 },
      },
      ['latitude', 'longitude'],
    ),
    content(
      'contacts',
      {
        displayName: { type: 'string', maxLength: 256 },
        contacts: { type: 'array', minItems: 1, maxItems: 256, items: contactCard },
      },
      ['contacts'],
    ),
    content(
      'poll',
      {
        name: { type: 'string', minLength: 1, maxLength: 255, description: 'the question' },
        options: {
          type: 'array',
          minItems: 2,
          maxItems: 12,
          uniqueItems: true,
          items: { type: 'string', minLength: 1, maxLength: 100 },
          description: '2 to 12 distinct option names',
        },
        selectableCount: {
          type: 'integer',
          minimum: 0,
          maximum: 12,
          description: 'how many options a voter may pick (at most the number of options); 0: any number',
        },
      },
      ['name', 'options'],
    ),
    content(
      'list',
      {
        text: { type: 'string', maxLength: 4_096, description: "the list's text ('' for none)" },
        buttonText: { type: 'string', minLength: 1, maxLength: 60 },
        title: { type: 'string', maxLength: 240 },
        footer: { type: 'string', maxLength: 4_096 },
        sections: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: {
            type: 'object',
            required: ['rows'],
            additionalProperties: false,
            properties: {
              title: { type: 'string', maxLength: 240 },
              rows: {
                type: 'array',
                minItems: 1,
                maxItems: 10,
                items: {
                  type: 'object',
                  required: ['id', 'title'],
                  additionalProperties: false,
                  properties: {
                    id: choiceId,
                    title: { type: 'string', minLength: 1, maxLength: 240 },
                    description: { type: 'string', maxLength: 720 },
                  },
                },
              },
            },
          },
        },
      },
      ['text', 'buttonText', 'sections'],
    ),
    content(
      'buttons',
      {
        text: interactiveText,
        title: { type: 'string', maxLength: 240 },
        footer: { type: 'string', maxLength: 4_096 },
        buttons: {
          type: 'array',
          minItems: 1,
          maxItems: 3,
          items: {
            type: 'object',
            required: ['id', 'text'],
            additionalProperties: false,
            properties: { id: choiceId, text: buttonLabel },
          },
        },
      },
      ['text', 'buttons'],
    ),
    content(
      'template',
      {
        text: interactiveText,
        title: { type: 'string', maxLength: 240 },
        footer: { type: 'string', maxLength: 4_096 },
        media: { ...media, description: 'an image shown above the text' },
        buttons: {
          type: 'array',
          minItems: 1,
          maxItems: 3,
          items: {
            // each branch fixes its own type, so at most one matches
            oneOf: [
              templateButton('reply', { id: choiceId }),
              templateButton('url', { url: { type: 'string', pattern: '^https?://', maxLength: 2_048 } }),
              templateButton('call', { phone: { type: 'string', pattern: '^\\+?[0-9]{5,20}$' } }),
            ],
          },
        },
      },
      ['text', 'buttons'],
    ),
  ],
} as const;

const sendOptions = {
  type: 'object',
  additionalProperties: false,
  properties: {
    quoted: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: messageId, chat: recipient },
    },
    mentions: { type: 'array', maxItems: 1_024, items: userJid },
    keepMedia: { type: 'boolean' },
    messageId: {
      type: 'string',
      pattern: '^[0-9A-Za-z]{8,64}$',
      description: 'the WhatsApp message id to send under (a bulk send chooses it before sending)',
    },
  },
} as const;

/** A request of only `instance` plus the given fields. */
const request = (properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['instance', ...required],
  additionalProperties: false,
  properties: { instance, ...properties },
});

const groupMembers = {
  type: 'array',
  minItems: 1,
  maxItems: 1_024,
  uniqueItems: true,
  items: userJid,
} as const;
/** WhatsApp's invite codes: 22 characters of base64url today; bounded generously. */
const inviteCode = { type: 'string', pattern: '^[A-Za-z0-9_-]{6,64}$' } as const;

const DATA: Record<CommandVerb, JsonSchema> = {
  // chats, contacts, blocklist and profile (chat-command-schemas.ts)
  ...CHAT_COMMAND_SCHEMAS,
  // labels (labels.ts)
  ...LABEL_COMMAND_SCHEMAS,
  // profile picture and business profile (profile-command-schemas.ts)
  ...PROFILE_COMMAND_SCHEMAS,
  'create-group': request(
    {
      subject: { type: 'string', minLength: 1, maxLength: 100, description: "WhatsApp's longest subject" },
      participants: { ...groupMembers, minItems: 0 },
    },
    ['subject', 'participants'],
  ),
  'get-group': request({ group: groupJid }, ['group']),
  'list-groups': request(),
  'update-group-participants': request(
    { group: groupJid, action: { enum: ['add', 'remove', 'promote', 'demote'] }, participants: groupMembers },
    ['group', 'action', 'participants'],
  ),
  'set-group-subject': request(
    { group: groupJid, subject: { type: 'string', minLength: 1, maxLength: 100 } },
    ['group', 'subject'],
  ),
  'set-group-description': request(
    { group: groupJid, description: { type: 'string', maxLength: 2_048, description: "'' clears it" } },
    ['group', 'description'],
  ),
  'set-group-setting': request(
    {
      group: groupJid,
      setting: {
        enum: [
          'announcement',
          'not_announcement',
          'locked',
          'unlocked',
          'all_member_add',
          'admin_add',
          'join_approval_on',
          'join_approval_off',
        ],
      },
    },
    ['group', 'setting'],
  ),
  'leave-group': request({ group: groupJid }, ['group']),
  'get-group-invite-code': request({ group: groupJid }, ['group']),
  'revoke-group-invite-code': request({ group: groupJid }, ['group']),
  'join-group': request({ code: inviteCode }, ['code']),
  'get-group-invite-info': request({ code: inviteCode }, ['code']),
  'create-community': request(
    {
      subject: { type: 'string', minLength: 1, maxLength: 100, description: "WhatsApp's longest subject" },
      description: { type: 'string', maxLength: 2_048 },
      groups: { type: 'array', maxItems: 100, uniqueItems: true, items: groupJid },
    },
    ['subject'],
  ),
  'update-community-groups': request(
    {
      community: groupJid,
      action: { enum: ['link', 'unlink'] },
      groups: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: groupJid },
    },
    ['community', 'action', 'groups'],
  ),
  'update-community-participants': request(
    { community: groupJid, action: { enum: ['promote', 'demote'] }, participants: groupMembers },
    ['community', 'action', 'participants'],
  ),
  connect: request({ pairingPhone: phoneDigits }),
  'get-status': request(),
  'get-qr': request(),
  'request-pairing-code': request({ phone: phoneDigits }, ['phone']),
  logout: request(),
  restart: request(),
  close: request(),
  'check-numbers': request(
    { numbers: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 64 } } },
    ['numbers'],
  ),
  'send-message': request({ to: recipient, content: messageContent, options: sendOptions }, [
    'to',
    'content',
  ]),
  'download-media': {
    ...request({ id: messageId, chat: anyChat, keys: mediaKeys }),
    // a message by id, or a file by its keys (an id wins when both are given)
    anyOf: [
      { type: 'object', required: ['id'], properties: { id: messageId } },
      { type: 'object', required: ['keys'], properties: { keys: mediaKeys } },
    ],
  },
  'react-message': request(
    {
      id: messageId,
      chat: recipient,
      emoji: { type: 'string', maxLength: 32, description: "one emoji; '' removes the reaction" },
    },
    ['id', 'emoji'],
  ),
  'edit-message': request({ id: messageId, chat: recipient, text }, ['id', 'text']),
  'forward-message': request({ to: recipient, id: messageId, chat: anyChat }, ['to', 'id']),
  'delete-message': request({ id: messageId, chat: recipient, forEveryone: { type: 'boolean' } }, [
    'id',
    'forEveryone',
  ]),
  'star-message': request({ id: messageId, chat: recipient, star: { type: 'boolean' } }, ['id', 'star']),
  'read-messages': request(
    {
      keys: {
        type: 'array',
        minItems: 1,
        maxItems: 1_024,
        items: {
          type: 'object',
          required: ['chat', 'id'],
          additionalProperties: false,
          properties: { chat: recipient, id: messageId, fromMe: { type: 'boolean' }, participant: userJid },
        },
      },
    },
    ['keys'],
  ),
  'send-presence': {
    ...request(
      { chat: recipient, state: { enum: ['available', 'unavailable', 'composing', 'recording', 'paused'] } },
      ['state'],
    ),
    // a chat state is shown in one chat
    if: { type: 'object', properties: { state: { enum: ['composing', 'recording', 'paused'] } } },
    then: { type: 'object', required: ['chat'], properties: { chat: recipient } },
  },
  'post-status': request(
    {
      content: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string', description: 'text, image or video' } },
        discriminator: { propertyName: 'kind' },
        oneOf: [
          content(
            'text',
            {
              text,
              backgroundColor: { type: 'string', pattern: '^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$' },
              font: { type: 'integer', minimum: 0, maximum: 10 },
            },
            ['text'],
          ),
          content('image', { media, caption }, ['media']),
          content('video', { media, caption }, ['media']),
        ],
      },
      recipients: {
        type: 'array',
        minItems: 1,
        maxItems: 10_000,
        uniqueItems: true,
        items: userJid,
        description: 'the contacts who get the post (statusJidList)',
      },
    },
    ['content', 'recipients'],
  ),
  'set-disappearing': request(
    { chat: recipient, seconds: { enum: [0, 86_400, 604_800, 7_776_000], description: '0 turns it off' } },
    ['chat', 'seconds'],
  ),
};

/** One JSON Schema (draft-07) per instance command verb: the whole request. */
export const COMMAND_SCHEMAS: Readonly<Record<CommandVerb, JsonSchema>> = Object.fromEntries(
  Object.entries(DATA).map(([verb, schema]) => [
    verb,
    {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `urn:zapgate:command:${verb}`,
      title: verb,
      ...schema,
    },
  ]),
) as unknown as Record<CommandVerb, JsonSchema>;
