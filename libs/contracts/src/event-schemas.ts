import { CALL_EVENT_DATA } from './calls.js';
import { CHAT_EVENT_DATA } from './chat-event-schemas.js';
import { LABEL_EVENT_DATA } from './labels.js';
import type { EventName } from './subjects.js';

/**
 * JSON Schemas (draft-07) of every event envelope on `zg.evt.<instance>.<event>` (stream
 * `ZG_EVENTS`), as data: for consumers that read NATS directly and for tests. `docs/events.md`
 * shows the same schemas (a test keeps them equal). Written by hand next to the types in
 * `events.ts`; a test validates envelopes the shard really publishes against them.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

const str = { type: 'string', minLength: 1 } as const;
const userJid = { type: 'string', pattern: '^[^@\\s]+@(s\\.whatsapp\\.net|lid)$' } as const;
const anyJid = { type: 'string', pattern: '^[^@\\s]+@[a-z.]+$' } as const;
const seconds = { type: 'integer', minimum: 0 } as const;

const accountIdentity = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: '^[0-9]+@s\\.whatsapp\\.net$',
      description: 'the account, without device',
    },
    lid: { type: 'string', pattern: '^[0-9]+@lid$' },
    name: { type: 'string' },
    platform: {
      type: 'string',
      description: "the phone's platform as WhatsApp named it at pairing (smba: Business)",
    },
  },
} as const;

const rawMessage = {
  type: 'object',
  required: ['key'],
  properties: {
    key: {
      type: 'object',
      required: ['remoteJid', 'id'],
      properties: { remoteJid: anyJid, fromMe: { type: 'boolean' }, id: str },
    },
  },
  description: 'the Baileys WebMessageInfo as JSON (longs as numbers, bytes as base64, enums by name)',
} as const;

/** The fields every message action event (reaction, edit, revoke) has, plus its own. */
const messageAction = (own: Record<string, JsonSchema>, description: string): JsonSchema => ({
  type: 'object',
  required: ['id', 'chat', 'sender', 'fromMe', 'timestamp', 'target', 'raw', ...Object.keys(own)],
  additionalProperties: false,
  properties: {
    id: { ...str, description: `the id of the ${description} message itself` },
    chat: { ...anyJid, description: 'the chat as WhatsApp addressed it (PN, LID or group)' },
    chatAlt: { ...anyJid, description: 'the other form of the chat (PN or LID), when known' },
    sender: { ...anyJid, description: 'who did it (the instance itself when fromMe)' },
    senderAlt: anyJid,
    fromMe: { type: 'boolean', description: 'the instance did it (this device or another of the account)' },
    pushName: { type: 'string' },
    timestamp: { ...seconds, description: 'seconds since epoch' },
    target: {
      type: 'object',
      required: ['id', 'fromMe'],
      additionalProperties: false,
      description: 'the message it is about',
      properties: {
        id: str,
        fromMe: { type: 'boolean', description: 'the instance sent the target message' },
        participant: { ...anyJid, description: 'in groups: who wrote the target message' },
      },
    },
    ...own,
    raw: rawMessage,
  },
});

const groupJid = { type: 'string', pattern: '^[0-9]+(-[0-9]+)?@g\\.us$' } as const;
const participantRef = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: { ...userJid, description: 'the member as the group addresses it (PN or LID)' },
    alt: { ...userJid, description: 'the other form, when known' },
  },
} as const;
const groupInfo = {
  type: 'object',
  required: ['id', 'subject', 'announce', 'restrict', 'size', 'participants'],
  additionalProperties: false,
  description: 'the whole group (GroupInfo in libs/contracts/src/groups.ts)',
  properties: {
    id: groupJid,
    subject: { type: 'string' },
    owner: userJid,
    ownerAlt: userJid,
    subjectOwner: userJid,
    subjectTime: seconds,
    creation: seconds,
    description: { type: 'string' },
    descriptionOwner: userJid,
    descriptionTime: seconds,
    announce: { type: 'boolean', description: 'only admins send messages' },
    restrict: { type: 'boolean', description: 'only admins change settings' },
    memberAddMode: { type: 'boolean' },
    joinApprovalMode: { type: 'boolean' },
    ephemeralDuration: seconds,
    isCommunity: { type: 'boolean' },
    linkedParent: groupJid,
    addressingMode: { enum: ['pn', 'lid'] },
    size: { type: 'integer', minimum: 0 },
    participants: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'role'],
        additionalProperties: false,
        properties: { id: userJid, alt: userJid, role: { enum: ['member', 'admin', 'superadmin'] } },
      },
    },
    inviteCode: { type: 'string' },
  },
} as const;
const author = {
  author: { ...userJid, description: 'who did it, when WhatsApp told it (PN or LID)' },
  authorAlt: { ...userJid, description: 'the other form of the author' },
} as const;

const DATA: Record<EventName, JsonSchema> = {
  // chat-updated, contact-updated, blocklist-changed (chat-event-schemas.ts)
  ...CHAT_EVENT_DATA,
  // call-received (calls.ts)
  ...CALL_EVENT_DATA,
  // label-updated (labels.ts)
  ...LABEL_EVENT_DATA,
  'connection-changed': {
    type: 'object',
    required: ['state'],
    additionalProperties: false,
    properties: {
      state: {
        enum: [
          'stopped',
          'connecting',
          'qr',
          'pairing-code',
          'connected',
          'logged-out',
          'conflict',
          'qr-timeout',
        ],
      },
      me: accountIdentity,
      reason: { type: 'string', description: 'why it closed, when it did' },
      command: {
        enum: ['close', 'logout', 'restart'],
        description:
          'the instance command that made this change; absent when WhatsApp, the network or the shard did',
      },
      linked: {
        type: 'boolean',
        description:
          'on connected: true when the device was linked just now (QR or pairing code), false when it logged in with stored credentials',
      },
    },
  },
  'qr-updated': {
    type: 'object',
    required: ['qr'],
    additionalProperties: false,
    properties: { qr: { ...str, description: 'the raw QR text (render it as a QR code to scan)' } },
  },
  'pairing-code-issued': {
    type: 'object',
    required: ['code', 'phone'],
    additionalProperties: false,
    properties: {
      code: { type: 'string', pattern: '^[A-Z0-9]{4}-[A-Z0-9]{4}$' },
      phone: { type: 'string', pattern: '^[0-9]+$', description: 'the number the code is for' },
    },
  },
  'message-received': {
    type: 'object',
    required: ['id', 'chat', 'sender', 'fromMe', 'timestamp', 'type', 'delivery', 'raw'],
    additionalProperties: false,
    properties: {
      id: str,
      chat: { ...anyJid, description: 'the chat as WhatsApp addressed it (PN, LID or group)' },
      chatAlt: { ...anyJid, description: 'the other form of the chat (PN or LID), when known' },
      sender: { ...anyJid, description: 'who wrote it (in groups the participant)' },
      senderAlt: anyJid,
      fromMe: { type: 'boolean' },
      pushName: { type: 'string' },
      timestamp: { ...seconds, description: 'seconds since epoch' },
      type: {
        ...str,
        description: 'the Baileys message key: conversation, extendedTextMessage, imageMessage...',
      },
      text: { type: 'string' },
      media: {
        type: 'object',
        required: ['kind'],
        additionalProperties: false,
        description: 'media messages only: what the file is (fetch it with the download-media command)',
        properties: {
          kind: { enum: ['image', 'video', 'ptv', 'audio', 'ptt', 'document', 'sticker'] },
          mime: { type: 'string' },
          size: { type: 'integer', minimum: 0, description: 'bytes' },
          sha256: { type: 'string', description: 'SHA-256 of the decrypted file, base64' },
          fileName: { type: 'string' },
          caption: { type: 'string' },
          seconds: { ...seconds, description: 'audio and video length' },
          viewOnce: { type: 'boolean' },
        },
      },
      location: {
        type: 'object',
        required: ['latitude', 'longitude'],
        additionalProperties: false,
        description: 'location messages only',
        properties: {
          latitude: { type: 'number', minimum: -90, maximum: 90 },
          longitude: { type: 'number', minimum: -180, maximum: 180 },
          name: { type: 'string' },
          address: { type: 'string' },
          url: { type: 'string' },
          live: { type: 'boolean', description: 'a live location share' },
        },
      },
      contacts: {
        type: 'array',
        minItems: 1,
        description: 'contact card messages only: one entry per card',
        items: {
          type: 'object',
          required: ['vcard'],
          additionalProperties: false,
          properties: { displayName: { type: 'string' }, vcard: { type: 'string' } },
        },
      },
      poll: {
        type: 'object',
        required: ['name', 'options', 'selectableCount'],
        additionalProperties: false,
        description: 'polls only: the question and its options (votes come as poll-voted events)',
        properties: {
          name: { type: 'string' },
          options: { type: 'array', items: { type: 'string' } },
          selectableCount: { type: 'integer', minimum: 0, description: 'how many a voter may pick; 0: any' },
        },
      },
      reply: {
        type: 'object',
        required: ['kind'],
        additionalProperties: false,
        description: 'answers to a list, buttons, template or interactive message: what was picked',
        properties: {
          kind: { enum: ['list', 'buttons', 'template', 'interactive'] },
          id: { type: 'string', description: 'the row or button id (interactive: the response JSON id)' },
          title: { type: 'string', description: 'the picked row or button, as shown' },
          to: { type: 'string', description: 'the id of the message answered, when the reply quotes it' },
        },
      },
      status: {
        const: true,
        description: 'status posts (stories) only: chat is status@broadcast, sender who posted it',
      },
      delivery: { enum: ['notify', 'append'], description: 'notify: live; append: offline queue or history' },
      raw: rawMessage,
    },
  },
  'message-status-changed': {
    type: 'object',
    required: ['id', 'chat', 'fromMe', 'status'],
    additionalProperties: false,
    properties: {
      id: str,
      chat: anyJid,
      fromMe: { type: 'boolean' },
      status: { enum: ['pending', 'sent', 'delivered', 'read', 'played', 'failed'] },
      participant: { ...anyJid, description: 'in groups: whose receipt it is' },
    },
  },
  'message-reacted': messageAction(
    { reaction: { type: 'string', description: 'the emoji; empty when the reaction was removed' } },
    'reaction',
  ),
  'message-edited': messageAction(
    { text: { type: 'string', description: 'the new text (or caption)' } },
    'edit',
  ),
  'message-revoked': messageAction({}, 'revoke'),
  'poll-voted': messageAction(
    {
      selectedOptions: {
        type: 'array',
        items: { type: 'string' },
        description: "the voter's whole choice now, by option name; empty when the vote was taken back",
      },
      tally: {
        type: 'array',
        description: 'every option of the poll with its voters, as far as the instance has seen votes',
        items: {
          type: 'object',
          required: ['name', 'votes', 'voters'],
          additionalProperties: false,
          properties: {
            name: { type: 'string' },
            votes: { type: 'integer', minimum: 0 },
            voters: { type: 'array', items: anyJid },
          },
        },
      },
    },
    'vote',
  ),
  'presence-updated': {
    type: 'object',
    required: ['chat', 'participant', 'presence'],
    additionalProperties: false,
    properties: {
      chat: { ...anyJid, description: 'the contact, or the group' },
      participant: { ...userJid, description: 'whose presence it is' },
      presence: { enum: ['available', 'unavailable', 'composing', 'recording', 'paused'] },
      lastSeen: { ...seconds, description: 'last seen, seconds since epoch, when WhatsApp told it' },
    },
  },
  'group-updated': {
    type: 'object',
    required: ['group'],
    additionalProperties: false,
    properties: {
      group: groupJid,
      ...author,
      subject: { type: 'string' },
      description: { type: 'string', description: "'' when the description was removed" },
      announce: { type: 'boolean', description: 'only admins send messages' },
      restrict: { type: 'boolean', description: 'only admins change settings' },
      memberAddMode: { type: 'boolean', description: 'members may add members' },
      joinApprovalMode: { type: 'boolean', description: "joining needs an admin's approval" },
      ephemeralDuration: { ...seconds, description: 'disappearing messages (0: off)' },
      inviteCode: { type: 'string' },
      metadata: groupInfo,
    },
  },
  'group-participants-changed': {
    type: 'object',
    required: ['group', 'action', 'participants'],
    additionalProperties: false,
    properties: {
      group: groupJid,
      action: { enum: ['add', 'remove', 'promote', 'demote'] },
      participants: { type: 'array', minItems: 1, items: participantRef },
      ...author,
    },
  },
  'group-join-requested': {
    type: 'object',
    required: ['group', 'participant', 'action'],
    additionalProperties: false,
    properties: {
      group: groupJid,
      participant: { ...userJid, description: 'who asked to join' },
      participantAlt: userJid,
      action: { enum: ['created', 'revoked', 'rejected'] },
      method: { enum: ['invite_link', 'linked_group_join', 'non_admin_add'] },
      ...author,
    },
  },
};

const envelope = (event: EventName): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `urn:zapgate:event:${event}`,
  title: event,
  type: 'object',
  required: ['id', 'instance', 'event', 'at', 'data'],
  additionalProperties: false,
  properties: {
    id: { ...str, description: 'unique per event (also the JetStream Nats-Msg-Id): deduplicate on it' },
    instance: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    event: { const: event },
    at: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
      description: 'ISO 8601 UTC time the shard saw it',
    },
    data: DATA[event],
  },
});

/** One JSON Schema (draft-07) per event: the whole envelope, `data` included. */
export const EVENT_SCHEMAS: Readonly<Record<EventName, JsonSchema>> = {
  'connection-changed': envelope('connection-changed'),
  'qr-updated': envelope('qr-updated'),
  'pairing-code-issued': envelope('pairing-code-issued'),
  'message-received': envelope('message-received'),
  'message-status-changed': envelope('message-status-changed'),
  'message-reacted': envelope('message-reacted'),
  'message-edited': envelope('message-edited'),
  'message-revoked': envelope('message-revoked'),
  'poll-voted': envelope('poll-voted'),
  'presence-updated': envelope('presence-updated'),
  'chat-updated': envelope('chat-updated'),
  'contact-updated': envelope('contact-updated'),
  'blocklist-changed': envelope('blocklist-changed'),
  'group-updated': envelope('group-updated'),
  'group-participants-changed': envelope('group-participants-changed'),
  'group-join-requested': envelope('group-join-requested'),
  'call-received': envelope('call-received'),
  'label-updated': envelope('label-updated'),
};
