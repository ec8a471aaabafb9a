import { proto } from '@whiskeysockets/baileys';
import { mediaOfMessage, normalizePresence } from './normalize.js';

describe(normalizePresence.name, () => {
  it('makes one update per participant, device part dropped, last seen kept when told', () => {
    const sut = normalizePresence({
      id: '120363042378568057@g.us',
      presences: {
        '5511960000002:3@s.whatsapp.net': { lastKnownPresence: 'composing' },
        '12345678901234@lid': { lastKnownPresence: 'unavailable', lastSeen: 1700000000 },
      },
    });
    expect(sut).toEqual([
      {
        chat: '120363042378568057@g.us',
        participant: '5511960000002@s.whatsapp.net',
        presence: 'composing',
      },
      {
        chat: '120363042378568057@g.us',
        participant: '12345678901234@lid',
        presence: 'unavailable',
        lastSeen: 1700000000,
      },
    ]);
  });

  it('drops presences it does not know', () => {
    expect(
      normalizePresence({
        id: '5511960000002@s.whatsapp.net',
        presences: { '5511960000002@s.whatsapp.net': { lastKnownPresence: 'typing' as 'composing' } },
      }),
    ).toEqual([]);
  });
});

describe(mediaOfMessage.name, () => {
  const key = Buffer.alloc(32, 7);
  const hash = Buffer.alloc(32, 9);

  it('tells a media message file: kind, MIME, size, hash, name, caption and length', () => {
    expect(
      // decoded as Baileys hands it over: fileLength a Long
      mediaOfMessage(
        proto.Message.fromObject({
          documentMessage: {
            mimetype: 'application/pdf',
            fileLength: 5999,
            fileSha256: hash,
            mediaKey: key,
            fileName: 'menu.pdf',
            caption: 'the menu',
          },
        }),
      ),
    ).toEqual({
      kind: 'document',
      mime: 'application/pdf',
      size: 5999,
      sha256: hash.toString('base64'),
      fileName: 'menu.pdf',
      caption: 'the menu',
    });
  });

  it('calls a voice note ptt, and unwraps view once and captioned documents', () => {
    expect(
      mediaOfMessage({ audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 3 } }),
    ).toEqual({ kind: 'ptt', mime: 'audio/ogg; codecs=opus', seconds: 3 });
    expect(mediaOfMessage({ audioMessage: { mimetype: 'audio/mpeg' } })).toEqual({
      kind: 'audio',
      mime: 'audio/mpeg',
    });
    expect(
      mediaOfMessage({ viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg' } } } }),
    ).toEqual({ kind: 'image', mime: 'image/jpeg', viewOnce: true });
    expect(
      mediaOfMessage({
        documentWithCaptionMessage: {
          message: { documentMessage: { mimetype: 'text/plain', caption: 'notes' } },
        },
      }),
    ).toMatchObject({ kind: 'document', caption: 'notes' });
  });

  it('is undefined for messages without a file', () => {
    expect(mediaOfMessage({ conversation: 'hi' })).toBeUndefined();
    expect(mediaOfMessage({ extendedTextMessage: { text: 'hi' } })).toBeUndefined();
    expect(mediaOfMessage(undefined)).toBeUndefined();
  });
});
