import { proto } from '@whiskeysockets/baileys';
import type { WAMessage } from '@whiskeysockets/baileys';
import { mediaOfMessage, normalizeAction, normalizeMessage, normalizePresence } from './normalize.js';

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

const ME = ['5511970000001@s.whatsapp.net', '99887766554433@lid'];
const CONTACT = '5511960000002@s.whatsapp.net';
const incoming = (message: proto.IMessage, id = 'ACTION1'): WAMessage => ({
  key: { remoteJid: CONTACT, fromMe: false, id },
  messageTimestamp: 1700000000,
  pushName: 'Ana',
  message,
});

describe(normalizeAction.name, () => {
  it('makes a reaction from a contact on the instance message a message-reacted event', () => {
    const sut = normalizeAction(
      // as Baileys' cleanMessage hands it over: the key in the instance's perspective
      incoming({ reactionMessage: { key: { remoteJid: CONTACT, fromMe: true, id: 'MINE1' }, text: '👍' } }),
      ME,
    );
    expect(sut).toMatchObject({
      event: 'message-reacted',
      data: {
        id: 'ACTION1',
        chat: CONTACT,
        sender: CONTACT,
        fromMe: false,
        pushName: 'Ana',
        timestamp: 1700000000,
        target: { id: 'MINE1', fromMe: true },
        reaction: '👍',
      },
    });
    expect(sut?.data.raw).toMatchObject({ key: { id: 'ACTION1' } });
  });

  it('tells a removed reaction (empty text) and a reaction on the contact own message', () => {
    expect(
      normalizeAction(
        incoming({ reactionMessage: { key: { remoteJid: CONTACT, fromMe: false, id: 'THEIRS' }, text: '' } }),
        ME,
      ),
    ).toMatchObject({
      event: 'message-reacted',
      data: { target: { id: 'THEIRS', fromMe: false }, reaction: '' },
    });
  });

  it('makes an edit a message-edited event with the new text, and a revoke a message-revoked one', () => {
    const edit = normalizeAction(
      incoming({
        protocolMessage: {
          type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
          key: { remoteJid: ME[0], fromMe: true, id: 'OLD1' },
          editedMessage: { conversation: 'fixed text' },
        },
      }),
      ME,
    );
    expect(edit).toMatchObject({
      event: 'message-edited',
      data: { id: 'ACTION1', sender: CONTACT, target: { id: 'OLD1', fromMe: false }, text: 'fixed text' },
    });
    const revoke = normalizeAction(
      incoming({
        protocolMessage: {
          type: proto.Message.ProtocolMessage.Type.REVOKE,
          key: { remoteJid: ME[0], fromMe: true, id: 'OLD2' },
        },
      }),
      ME,
    );
    expect(revoke).toMatchObject({
      event: 'message-revoked',
      data: { sender: CONTACT, fromMe: false, target: { id: 'OLD2', fromMe: false } },
    });
  });

  it('takes the instance own edits from another device as its own', () => {
    const own: WAMessage = {
      key: { remoteJid: CONTACT, fromMe: true, id: 'ACTION2' },
      messageTimestamp: 1700000001,
      message: {
        protocolMessage: {
          type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
          key: { remoteJid: CONTACT, fromMe: true, id: 'MINE2' },
          editedMessage: { extendedTextMessage: { text: 'again' } },
        },
      },
    };
    expect(normalizeAction(own, ME)).toMatchObject({
      event: 'message-edited',
      data: { sender: ME[0], fromMe: true, target: { id: 'MINE2', fromMe: true }, text: 'again' },
    });
  });

  it('ignores other messages and other protocol messages', () => {
    expect(normalizeAction(incoming({ conversation: 'hi' }), ME)).toBeUndefined();
    expect(
      normalizeAction(
        incoming({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING } }),
        ME,
      ),
    ).toBeUndefined();
  });
});

describe(normalizeMessage.name, () => {
  it('gives location and contact messages their fields, and leaves reactions to normalizeAction', () => {
    expect(
      normalizeMessage(
        incoming({
          locationMessage: {
            degreesLatitude: -23.5,
            degreesLongitude: -46.6,
            name: 'Office',
            address: 'Av. X',
          },
        }),
        'notify',
      ),
    ).toMatchObject({
      type: 'locationMessage',
      location: { latitude: -23.5, longitude: -46.6, name: 'Office', address: 'Av. X' },
    });
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEND:VCARD';
    expect(
      normalizeMessage(incoming({ contactMessage: { displayName: 'Bob', vcard } }), 'notify'),
    ).toMatchObject({ type: 'contactMessage', contacts: [{ displayName: 'Bob', vcard }] });
    expect(
      normalizeMessage(
        incoming({ contactsArrayMessage: { contacts: [{ displayName: 'Bob', vcard }, { vcard }] } }),
        'notify',
      ),
    ).toMatchObject({ contacts: [{ displayName: 'Bob', vcard }, { vcard }] });
    expect(
      normalizeMessage(incoming({ reactionMessage: { key: { id: 'X' }, text: '👍' } }), 'notify'),
    ).toBeUndefined();
  });
});
