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
  'read-messages': [{ instance: 'shop', keys: [{ chat: to, id: '3EB0C431C26A1916E0E8', fromMe: false }] }],
  'send-presence': [
    { instance: 'shop', state: 'available' },
    { instance: 'shop', chat: to, state: 'recording' },
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
      ['connect', { instance: 'shop', pairingPhone: '+55 11' }],
      ['request-pairing-code', { instance: 'shop' }],
      ['check-numbers', { instance: 'shop', numbers: [] }],
      ['send-message', send({ to: '5511999990001@c.us' })],
      ['send-message', send({ to: 'status@broadcast' })],
      ['send-message', send({ content: { kind: 'text' } })],
      ['send-message', send({ content: { kind: 'text', text: 'x', linkPreview: { url: 'https://a' } } })],
      ['forward-message', { instance: 'shop', id: '3EB0C431C26A1916E0E8' }],
      ['forward-message', { instance: 'shop', to: '5511999990001@c.us', id: '3EB0C431C26A1916E0E8' }],
      ['send-message', send({ content: { kind: 'text', text: 'x'.repeat(65_537) } })],
      ['send-message', send({ content: { kind: 'poll', text: 'x' } })],
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
