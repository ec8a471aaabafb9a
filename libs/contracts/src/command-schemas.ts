import type { JsonSchema } from './event-schemas.js';
import type { CommandVerb } from './subjects.js';

/**
 * JSON Schemas (draft-07) of every instance command's request (`zg.cmd.<instance>.<verb>`), as
 * data: the shard checks each command against its schema before a handler runs, so a malformed
 * command is a `validation_failed` and never reaches WhatsApp. Written by hand next to the types
 * in `commands.ts` and `messages.ts` (a test checks the examples of both against them).
 *
 * The content union uses Ajv's `discriminator` keyword on `kind` (OpenAPI's; compile with
 * `new Ajv({ discriminator: true })`) so an error names the branch the command chose.
 */
const instance = {
  type: 'string',
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description: 'the instance key (also the subject token)',
} as const;
const phoneDigits = { type: 'string', pattern: '^[0-9]{5,20}$', description: 'digits only' } as const;
const userJid = { type: 'string', pattern: '^[0-9]{1,20}@(s\\.whatsapp\\.net|lid)$' } as const;
const recipient = {
  type: 'string',
  pattern: '^([0-9]{1,20}@s\\.whatsapp\\.net|[0-9]{1,20}@lid|[0-9]+(-[0-9]+)?@g\\.us)$',
  description: 'a normalised jid: <digits>@s.whatsapp.net, <digits>@lid or a group <id>@g.us',
} as const;
/** WhatsApp's longest text (and caption). */
const text = { type: 'string', minLength: 1, maxLength: 65_536 } as const;
const caption = { type: 'string', maxLength: 65_536 } as const;
const messageId = { type: 'string', minLength: 1, maxLength: 128 } as const;

const media = {
  type: 'object',
  required: ['id', 'size', 'mime', 'sha256'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      description: "the media store's key",
    },
    size: { type: 'integer', minimum: 1, description: 'bytes' },
    mime: { type: 'string', pattern: '^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+(;.*)?$' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    fileName: { type: 'string', minLength: 1, maxLength: 255 },
  },
} as const;

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
  },
} as const;

/** A request of only `instance` plus the given fields. */
const request = (properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['instance', ...required],
  additionalProperties: false,
  properties: { instance, ...properties },
});

const DATA: Record<CommandVerb, JsonSchema> = {
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
