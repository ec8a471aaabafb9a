import { Readable } from 'node:stream';
import type { MediaReference, MessageContent } from '@zapgate/contracts';
import { buildMessageContent, buildVcard, mediaOf, VOICE_NOTE_MIME } from './message-content.builder.js';

const ref = (mime: string): MediaReference => ({
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 3,
  mime,
  sha256: '0'.repeat(64),
});

describe(buildMessageContent.name, () => {
  const stream = Readable.from([Buffer.from('abc')]);
  const mentions = ['5511999990002@s.whatsapp.net'];

  it('builds a text, with its mentions', () => {
    expect(buildMessageContent({ kind: 'text', text: 'hi @5511999990002' }, { mentions })).toEqual({
      text: 'hi @5511999990002',
      mentions,
    });
    expect(buildMessageContent({ kind: 'text', text: 'hi' }, { mentions: [] })).toEqual({ text: 'hi' });
  });

  it.each<[string, MessageContent, object]>([
    [
      'an image with caption, view once',
      { kind: 'image', media: ref('image/png'), caption: 'menu', viewOnce: true },
      { image: { stream }, mimetype: 'image/png', caption: 'menu', viewOnce: true, mentions },
    ],
    [
      'an image without caption',
      { kind: 'image', media: ref('image/jpeg') },
      { image: { stream }, mimetype: 'image/jpeg', mentions },
    ],
    [
      'a GIF-like video',
      { kind: 'video', media: ref('video/mp4'), caption: 'loop', gifPlayback: true, viewOnce: false },
      { video: { stream }, mimetype: 'video/mp4', caption: 'loop', gifPlayback: true, mentions },
    ],
    [
      'a video note',
      { kind: 'ptv', media: ref('video/mp4') },
      { video: { stream }, mimetype: 'video/mp4', ptv: true },
    ],
    [
      'an audio file',
      { kind: 'audio', media: ref('audio/mpeg') },
      { audio: { stream }, mimetype: 'audio/mpeg' },
    ],
    [
      'a voice note, always as ogg/opus',
      { kind: 'ptt', media: ref('audio/ogg'), seconds: 7 },
      { audio: { stream }, ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 7 },
    ],
    [
      'a document with its name and caption',
      { kind: 'document', media: ref('application/pdf'), fileName: 'invoice.pdf', caption: 'June' },
      {
        document: { stream },
        mimetype: 'application/pdf',
        fileName: 'invoice.pdf',
        caption: 'June',
        mentions,
      },
    ],
    [
      'a sticker',
      { kind: 'sticker', media: ref('image/webp') },
      { sticker: { stream }, mimetype: 'image/webp' },
    ],
  ])('builds %s, streaming the media', (_name, content, expected) => {
    const built = buildMessageContent(content, { media: stream, mentions });
    expect(built).toEqual(expected);
    // the very stream, not a copy read into memory
    expect(Object.values(built).find((v) => v && typeof v === 'object' && 'stream' in v)).toEqual({ stream });
    expect(
      (Object.values(built).find((v) => v && typeof v === 'object' && 'stream' in v) as { stream: unknown })
        .stream,
    ).toBe(stream);
  });

  it("builds a text's link preview (Baileys' WAUrlInfo, the thumbnail as bytes), and none without one", () => {
    const thumb = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    expect(
      buildMessageContent({
        kind: 'text',
        text: 'see https://a.example/x',
        linkPreview: {
          url: 'https://a.example/x',
          title: 'A',
          description: 'B',
          thumbnailBase64: thumb.toString('base64'),
        },
      }),
    ).toEqual({
      text: 'see https://a.example/x',
      linkPreview: {
        'canonical-url': 'https://a.example/x',
        'matched-text': 'https://a.example/x',
        title: 'A',
        description: 'B',
        jpegThumbnail: thumb,
      },
    });
    expect(buildMessageContent({ kind: 'text', text: 'https://a.example' })).toEqual({
      text: 'https://a.example',
    });
  });

  it('says a media kind without its stream is a programming error', () => {
    expect(() => buildMessageContent({ kind: 'sticker', media: ref('image/webp') })).toThrow(
      'a sticker message needs its media stream',
    );
  });

  it('builds a location, without a media stream and without mentions', () => {
    expect(
      buildMessageContent(
        {
          kind: 'location',
          latitude: -23.5505,
          longitude: -46.6333,
          name: 'Shop',
          address: 'Av. Paulista, 1000',
        },
        { mentions },
      ),
    ).toEqual({
      location: {
        degreesLatitude: -23.5505,
        degreesLongitude: -46.6333,
        name: 'Shop',
        address: 'Av. Paulista, 1000',
      },
    });
    expect(buildMessageContent({ kind: 'location', latitude: 0, longitude: 0 })).toEqual({
      location: { degreesLatitude: 0, degreesLongitude: 0 },
    });
  });

  it('builds one contact card with a vCard of its own fields, named by the contact', () => {
    const message = buildMessageContent({
      kind: 'contacts',
      contacts: [{ fullName: 'Ana Souza', phone: '5511999990002', organization: 'Acme, Inc.' }],
    });
    expect(message).toEqual({
      contacts: {
        displayName: 'Ana Souza',
        contacts: [
          {
            displayName: 'Ana Souza',
            vcard:
              'BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nORG:Acme\\, Inc.;\nTEL;type=CELL;type=VOICE;waid=5511999990002:+5511999990002\nEND:VCARD',
          },
        ],
      },
    });
  });

  it('builds several cards under the display name, a given vCard sent as it is', () => {
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Bia\nEND:VCARD';
    const message = buildMessageContent({
      kind: 'contacts',
      contacts: [
        { fullName: 'Ana', phone: '5511999990002' },
        { fullName: 'Bia', phone: '5511999990003', vcard },
      ],
    }) as { contacts: { displayName: string; contacts: { vcard: string }[] } };
    expect(message.contacts.displayName).toBe('2 contacts');
    expect(message.contacts.contacts[0]!.vcard).toBe(buildVcard({ fullName: 'Ana', phone: '5511999990002' }));
    expect(message.contacts.contacts[1]!.vcard).toBe(vcard);
    expect(
      buildMessageContent({
        kind: 'contacts',
        displayName: 'Team',
        contacts: [{ fullName: 'Ana', phone: '1234567' }],
      }),
    ).toMatchObject({ contacts: { displayName: 'Team', contacts: [{ displayName: 'Team' }] } });
  });

  it('escapes vCard separators and line breaks in names', () => {
    expect(buildVcard({ fullName: 'A;B\nC\\D', phone: '123456' })).toContain('FN:A\\;B\\nC\\\\D\n');
  });

  it('names the media of a content, and none for a text', () => {
    expect(mediaOf({ kind: 'location', latitude: 1, longitude: 2 })).toBeUndefined();
    expect(mediaOf({ kind: 'text', text: 'x' })).toBeUndefined();
    expect(mediaOf({ kind: 'audio', media: ref('audio/mpeg') })).toEqual(ref('audio/mpeg'));
    expect(VOICE_NOTE_MIME).toBe('audio/ogg; codecs=opus');
  });
});
