import { Ajv, type ValidateFunction } from 'ajv';
import { COMMAND_SCHEMAS } from './command-schemas.js';
import { COMMAND_VERBS, type InstanceCommands } from './commands.js';
import type { MediaReference, MessageContent } from './messages.js';
import type { CommandVerb } from './subjects.js';

const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 48_213,
  mime: 'image/jpeg',
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  fileName: 'menu.jpg',
};
const to = '5511999990001@s.whatsapp.net';

/** A valid request of every verb (the compiler checks each against its type). */
const VALID: { [V in CommandVerb]: InstanceCommands[V]['request'][] } = {
  connect: [{ instance: 'shop' }, { instance: 'shop', pairingPhone: '5511999990001' }],
  'list-chats': [
    { instance: 'shop' },
    {
      instance: 'shop',
      archived: false,
      kind: 'group',
      unreadOnly: true,
      withMessages: true,
      labels: ['7'],
      anchor: '120363040000000001@g.us',
      direction: 'after',
      limit: 20,
    },
  ],
  'get-chat': [{ instance: 'shop', chat: to }],
  'modify-chat': [
    { instance: 'shop', chat: to, action: 'archive' },
    { instance: 'shop', chat: '120363040000000001@g.us', action: 'mute', muteUntil: 1_800_000_000 },
  ],
  'list-contacts': [{ instance: 'shop' }, { instance: 'shop', limit: 10, after: to }],
  'get-contact': [{ instance: 'shop', contact: '123456789012345@lid' }],
  'get-blocklist': [{ instance: 'shop' }],
  'block-contact': [{ instance: 'shop', contact: to, block: false }],
  'get-profile-picture': [{ instance: 'shop', jid: to, preview: true }],
  'get-profile-status': [{ instance: 'shop', jid: to }],
  'set-profile-status': [{ instance: 'shop', status: 'at work' }],
  'set-profile-name': [{ instance: 'shop', name: 'Shop' }],
  'set-profile-picture': [{ instance: 'shop', media }],
  'remove-profile-picture': [{ instance: 'shop' }],
  'get-business-profile': [{ instance: 'shop', jid: to }],
  'set-business-profile': [
    { instance: 'shop', profile: { description: 'Bread', websites: ['https://bakery.example'] } },
    { instance: 'shop', profile: { address: '', email: 'a@b.example' } },
  ],
  'set-group-picture': [{ instance: 'shop', group: '120363040000000001@g.us', media }],
  'subscribe-presence': [{ instance: 'shop', chat: to }],
  'get-presence': [{ instance: 'shop', chat: to }],
  'reject-call': [
    { instance: 'shop', callId: '9C3F0E2A51B84D6E' },
    { instance: 'shop', callId: 'A1', from: to },
  ],
  'list-labels': [{ instance: 'shop' }, { instance: 'shop', includeDeleted: true }],
  'edit-label': [
    { instance: 'shop', name: 'VIP', color: 4 },
    { instance: 'shop', id: '3', deleted: true },
  ],
  'label-chats': [
    { instance: 'shop', chats: [to, '120363040000000001@g.us'], changes: [{ label: '3', action: 'add' }] },
  ],
  'get-status': [{ instance: 'shop' }],
  'get-qr': [{ instance: 'shop_2' }],
  'request-pairing-code': [{ instance: 'shop', phone: '5511999990001' }],
  logout: [{ instance: 'shop' }],
  restart: [{ instance: 'shop' }],
  close: [{ instance: 'shop' }],
  'check-numbers': [{ instance: 'shop', numbers: ['5511999990001', '+55 11 99999-0002'] }],
  'send-message': (
    [
      { kind: 'text', text: 'hello' },
      {
        kind: 'text',
        text: 'see https://example.com/a',
        linkPreview: {
          url: 'https://example.com/a',
          title: 'A',
          description: 'd',
          thumbnailBase64: '/9j/4AAQ',
        },
      },
      { kind: 'image', media, caption: 'the menu', viewOnce: true },
      { kind: 'video', media: { ...media, mime: 'video/mp4' }, gifPlayback: true },
      { kind: 'ptv', media: { ...media, mime: 'video/mp4' } },
      { kind: 'audio', media: { ...media, mime: 'audio/mpeg' } },
      { kind: 'ptt', media: { ...media, mime: 'audio/ogg; codecs=opus' }, seconds: 12 },
      { kind: 'document', media: { ...media, mime: 'application/pdf' }, fileName: 'a.pdf', caption: 'x' },
      { kind: 'sticker', media: { ...media, mime: 'image/webp' } },
      { kind: 'location', latitude: -23.5505, longitude: -46.6333, name: 'Shop', address: 'Av. Paulista' },
      { kind: 'location', latitude: 90, longitude: -180 },
      {
        kind: 'contacts',
        displayName: 'Ana',
        contacts: [{ fullName: 'Ana Souza', phone: '5511999990002', organization: 'Acme' }],
      },
      {
        kind: 'contacts',
        contacts: [
          { fullName: 'Ana', phone: '5511999990002', vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD' },
          { fullName: 'Bia', phone: '5511999990003' },
        ],
      },
      {
        kind: 'list',
        text: 'Choose',
        buttonText: 'Menu',
        title: 'Menu',
        footer: 'Today',
        sections: [{ title: 'Mains', rows: [{ id: 'pizza', title: 'Pizza', description: 'Large' }] }],
      },
      { kind: 'buttons', text: 'Confirm?', footer: 'Shop', buttons: [{ id: 'yes', text: 'Yes' }] },
      {
        kind: 'template',
        text: 'Confirm?',
        footer: 'Shop',
        media,
        buttons: [
          { type: 'reply', id: 'yes', text: 'Yes' },
          { type: 'url', text: 'Site', url: 'https://example.com' },
          { type: 'call', text: 'Call', phone: '+5511999990001' },
        ],
      },
    ] satisfies MessageContent[]
  ).map((content) => ({ instance: 'shop', to, content })),
  'download-media': [
    { instance: 'shop', id: '3EB0C431C26A1916E0E8' },
    { instance: 'shop', id: '3EB0C431C26A1916E0E8', chat: to },
    {
      instance: 'shop',
      keys: {
        messageType: 'image',
        mediaKey: 'aLYlOR3TqY0aUt0Zg1wJ6tS7kUuS4s3w7u9PGSbTz8c=',
        directPath: '/v/t62.7118-24/1234_5678.enc?ccb=11-4',
        url: 'https://mmg.whatsapp.net/v/t62.7118-24/1234_5678.enc',
        mimetype: 'image/jpeg',
      },
    },
  ],
  'react-message': [
    { instance: 'shop', id: '3EB0C431C26A1916E0E8', chat: to, emoji: '👍' },
    { instance: 'shop', id: '3EB0C431C26A1916E0E8', emoji: '' },
  ],
  'forward-message': [
    { instance: 'shop', to, id: '3EB0C431C26A1916E0E8', chat: '5511999990002@s.whatsapp.net' },
    { instance: 'shop', to, id: '3EB0C431C26A1916E0E8' },
  ],
  'edit-message': [{ instance: 'shop', id: '3EB0C431C26A1916E0E8', chat: to, text: 'fixed' }],
  'delete-message': [{ instance: 'shop', id: '3EB0C431C26A1916E0E8', chat: to, forEveryone: true }],
  'star-message': [
    { instance: 'shop', id: '3EB0C431C26A1916E0E8', chat: to, star: true },
    { instance: 'shop', id: '3EB0C431C26A1916E0E8', star: false },
  ],
  'read-messages': [{ instance: 'shop', keys: [{ chat: to, id: '3EB0C431C26A1916E0E8', fromMe: false }] }],
  'send-presence': [
    { instance: 'shop', state: 'available' },
    { instance: 'shop', chat: to, state: 'recording' },
  ],
  'post-status': [
    { instance: 'shop', content: { kind: 'text', text: 'open today' }, recipients: [to] },
    {
      instance: 'shop',
      content: { kind: 'text', text: 'sale', backgroundColor: '#0275d8', font: 2 },
      recipients: [to, '123456789012345@lid'],
    },
    { instance: 'shop', content: { kind: 'image', media, caption: 'menu' }, recipients: [to] },
    {
      instance: 'shop',
      content: { kind: 'video', media: { ...media, mime: 'video/mp4' } },
      recipients: [to],
    },
  ],
  'set-disappearing': [
    { instance: 'shop', chat: to, seconds: 86_400 },
    { instance: 'shop', chat: '120363040000000001@g.us', seconds: 0 },
  ],
  'create-group': [
    { instance: 'shop', subject: 'Team', participants: [to, '123456789012345@lid'] },
    { instance: 'shop', subject: 'Alone', participants: [] },
  ],
  'get-group': [{ instance: 'shop', group: '120363040000000001@g.us' }],
  'list-groups': [{ instance: 'shop' }],
  'update-group-participants': [
    { instance: 'shop', group: '120363040000000001@g.us', action: 'add', participants: [to] },
    { instance: 'shop', group: '5511999990001-1700000000@g.us', action: 'demote', participants: [to] },
  ],
  'set-group-subject': [{ instance: 'shop', group: '120363040000000001@g.us', subject: 'New name' }],
  'set-group-description': [
    { instance: 'shop', group: '120363040000000001@g.us', description: 'rules' },
    { instance: 'shop', group: '120363040000000001@g.us', description: '' },
  ],
  'set-group-setting': [{ instance: 'shop', group: '120363040000000001@g.us', setting: 'announcement' }],
  'leave-group': [{ instance: 'shop', group: '120363040000000001@g.us' }],
  'get-group-invite-code': [{ instance: 'shop', group: '120363040000000001@g.us' }],
  'revoke-group-invite-code': [{ instance: 'shop', group: '120363040000000001@g.us' }],
  'join-group': [{ instance: 'shop', code: 'HJ2zoW8Kx0Z4wQk9bD3y1A' }],
  'get-group-invite-info': [{ instance: 'shop', code: 'HJ2zoW8Kx0Z4wQk9bD3y1A' }],
  'create-community': [
    { instance: 'shop', subject: 'Neighbours' },
    { instance: 'shop', subject: 'N', description: 'd', groups: ['120363040000000001@g.us'] },
  ],
  'update-community-groups': [
    { instance: 'shop', community: '120363040000000002@g.us', action: 'link', groups: ['1@g.us'] },
  ],
  'update-community-participants': [
    { instance: 'shop', community: '120363040000000002@g.us', action: 'promote', participants: [to] },
  ],
};

describe('COMMAND_SCHEMAS', () => {
  const ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
  const validators = Object.fromEntries(
    COMMAND_VERBS.map((verb) => [verb, ajv.compile(COMMAND_SCHEMAS[verb])]),
  ) as Record<CommandVerb, ValidateFunction>;
  const valid = (verb: CommandVerb, request: unknown) => validators[verb](request);

  it('has one draft-07 schema per verb of the command map, which compiles in strict mode', () => {
    expect(Object.keys(COMMAND_SCHEMAS).sort()).toEqual([...COMMAND_VERBS].sort());
    for (const verb of COMMAND_VERBS)
      expect(COMMAND_SCHEMAS[verb]).toMatchObject({
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: `urn:zapgate:command:${verb}`,
      });
  });

  it('refuses a chat state without its chat, an unknown presence and an empty read', () => {
    expect(valid('send-presence', { instance: 'shop', state: 'composing' })).toBe(false);
    expect(valid('send-presence', { instance: 'shop', chat: to, state: 'typing' })).toBe(false);
    expect(valid('read-messages', { instance: 'shop', keys: [] })).toBe(false);
    expect(valid('delete-message', { instance: 'shop', id: 'X1' })).toBe(false);
  });

  it('accepts every well-formed command, each kind of message and the send options', () => {
    for (const verb of COMMAND_VERBS)
      for (const request of VALID[verb]) {
        if (!valid(verb, request))
          throw new Error(`${verb} ${JSON.stringify(request)}: ${ajv.errorsText(validators[verb].errors)}`);
      }
    expect(
      valid('send-message', {
        instance: 'shop',
        to: '120363040000000001@g.us',
        content: { kind: 'text', text: '@5511999990002 look' },
        options: {
          quoted: { id: '3EB0C431C26A1916E07A', chat: '120363040000000001@g.us' },
          mentions: ['5511999990002@s.whatsapp.net', '123456789012345@lid'],
          keepMedia: false,
          messageId: '3EB0A1B2C3D4E5F6A7B8C9',
        },
      }),
    ).toBe(true);
    expect(
      valid('send-message', {
        instance: 'shop',
        to: '123456789012345@lid',
        content: { kind: 'text', text: 'x' },
      }),
    ).toBe(true);
  });

  it('refuses commands that break the contract', () => {
    const send = (patch: object) => ({
      instance: 'shop',
      to,
      content: { kind: 'text', text: 'x' },
      ...patch,
    });
    const bad: [CommandVerb, unknown][] = [
      ['get-status', {}],
      ['get-status', { instance: 'a.b' }],
      ['get-status', { instance: 'shop', extra: 1 }],
      ['get-chat', { instance: 'shop', chat: '5511999990001@c.us' }],
      ['modify-chat', { instance: 'shop', chat: to, action: 'star' }],
      ['star-message', { instance: 'shop', id: '3EB0C431C26A1916E0E8' }],
      ['list-chats', { instance: 'shop', limit: 0 }],
      ['block-contact', { instance: 'shop', contact: '120363040000000001@g.us', block: true }],
      ['set-profile-name', { instance: 'shop', name: '' }],
      ['set-profile-picture', { instance: 'shop', media: { ...media, mime: 'application/pdf' } }],
      ['set-business-profile', { instance: 'shop', profile: {} }],
      ['set-group-picture', { instance: 'shop', group: to, media }],
      ['subscribe-presence', { instance: 'shop', chat: '123-456@g.us' }],
      ['get-presence', { instance: 'shop' }],
      ['reject-call', { instance: 'shop', callId: 'has spaces' }],
      ['edit-label', { instance: 'shop', id: 'abc' }],
      ['edit-label', { instance: 'shop', name: 'VIP', color: 20 }],
      ['label-chats', { instance: 'shop', chats: [], changes: [{ label: '1', action: 'add' }] }],
      ['label-chats', { instance: 'shop', chats: [to], changes: [{ label: '1', action: 'toggle' }] }],
      ['connect', { instance: 'shop', pairingPhone: '+55 11' }],
      ['request-pairing-code', { instance: 'shop' }],
      ['check-numbers', { instance: 'shop', numbers: [] }],
      ['send-message', send({ to: '5511999990001@c.us' })],
      ['send-message', send({ to: 'status@broadcast' })],
      ['send-message', send({ content: { kind: 'text' } })],
      ['send-message', send({ options: { messageId: 'not an id!' } })],
      ['send-message', send({ options: { messageId: 'SHORT' } })],
      ['send-message', send({ content: { kind: 'text', text: 'x', linkPreview: { url: 'https://a' } } })],
      ['forward-message', { instance: 'shop', id: '3EB0C431C26A1916E0E8' }],
      ['forward-message', { instance: 'shop', to: '5511999990001@c.us', id: '3EB0C431C26A1916E0E8' }],
      ['send-message', send({ content: { kind: 'text', text: 'x'.repeat(65_537) } })],
      ['send-message', send({ content: { kind: 'poll', text: 'x' } })],
      ['send-message', send({ content: { kind: 'list', text: 'x', buttonText: 'Menu', sections: [] } })],
      [
        'send-message',
        send({
          content: { kind: 'list', text: 'x', buttonText: 'Menu', sections: [{ rows: [{ id: 'a' }] }] },
        }),
      ],
      ['send-message', send({ content: { kind: 'buttons', text: 'x', buttons: [] } })],
      [
        'send-message',
        send({
          content: { kind: 'template', text: 'x', buttons: [{ type: 'url', text: 'Site', url: 'ftp://a' }] },
        }),
      ],
      [
        'send-message',
        send({ content: { kind: 'template', text: 'x', buttons: [{ type: 'reply', text: 'Yes' }] } }),
      ],
      ['send-message', send({ content: { kind: 'location', latitude: 91, longitude: 0 } })],
      ['send-message', send({ content: { kind: 'location', latitude: 0, longitude: -180.5 } })],
      ['send-message', send({ content: { kind: 'location', latitude: 0 } })],
      ['send-message', send({ content: { kind: 'contacts', contacts: [] } })],
      [
        'send-message',
        send({ content: { kind: 'contacts', contacts: [{ fullName: 'A', phone: '+55 11' }] } }),
      ],
      ['send-message', send({ content: { kind: 'contacts', contacts: [{ phone: '5511999990002' }] } })],
      ['send-message', send({ content: { kind: 'image', media: { ...media, size: 0 } } })],
      ['send-message', send({ content: { kind: 'image', media: { ...media, sha256: 'abc' } } })],
      ['send-message', send({ content: { kind: 'image', media: { ...media, mime: 'jpeg' } } })],
      ['send-message', send({ content: { kind: 'image', media: { ...media, bytes: 'AAAA' } } })],
      ['send-message', send({ content: { kind: 'image', media, gifPlayback: true } })],
      ['send-message', send({ content: { kind: 'document', media } })],
      ['send-message', send({ options: { quoted: { chat: to } } })],
      ['send-message', send({ options: { mentions: ['5511999990002@g.us'] } })],
      ['send-message', send({ options: { viewOnce: true } })],
      ['post-status', { instance: 'shop', content: { kind: 'text', text: 'x' }, recipients: [] }],
      ['post-status', { instance: 'shop', content: { kind: 'text', text: 'x' } }],
      ['post-status', { instance: 'shop', content: { kind: 'text', text: 'x' }, recipients: ['1@g.us'] }],
      [
        'post-status',
        { instance: 'shop', content: { kind: 'text', text: 'x', backgroundColor: 'blue' }, recipients: [to] },
      ],
      ['post-status', { instance: 'shop', content: { kind: 'audio', media }, recipients: [to] }],
      ['set-disappearing', { instance: 'shop', chat: to, seconds: 3_600 }],
      ['set-disappearing', { instance: 'shop', chat: 'status@broadcast', seconds: 0 }],
      ['create-group', { instance: 'shop', subject: '', participants: [] }],
      ['create-group', { instance: 'shop', subject: 'x', participants: ['5511'] }],
      ['get-group', { instance: 'shop', group: to }],
      [
        'update-group-participants',
        { instance: 'shop', group: '1@g.us', action: 'kick', participants: [to] },
      ],
      ['update-group-participants', { instance: 'shop', group: '1@g.us', action: 'add', participants: [] }],
      ['set-group-setting', { instance: 'shop', group: '1@g.us', setting: 'admins_only' }],
      ['join-group', { instance: 'shop', code: 'https://chat.whatsapp.com/abc' }],
      ['create-community', { instance: 'shop', subject: '' }],
      ['create-community', { instance: 'shop', subject: 'x', groups: [to] }],
      ['update-community-groups', { instance: 'shop', community: '1@g.us', action: 'link', groups: [] }],
      [
        'update-community-participants',
        { instance: 'shop', community: '1@g.us', action: 'add', participants: [to] },
      ],
      ['download-media', { instance: 'shop' }],
      ['download-media', { instance: 'shop', chat: to }],
      ['download-media', { instance: 'shop', id: '' }],
      ['download-media', { instance: 'shop', keys: { messageType: 'image' } }],
      ['download-media', { instance: 'shop', keys: { messageType: 'gif', mediaKey: 'a'.repeat(44) } }],
      [
        'download-media',
        { instance: 'shop', keys: { messageType: 'image', mediaKey: 'a'.repeat(44), url: 'http://x/y' } },
      ],
    ];
    for (const [verb, request] of bad)
      expect({ verb, request, valid: valid(verb, request) }).toEqual({ verb, request, valid: false });
  });
});
