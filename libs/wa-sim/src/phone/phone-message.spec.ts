import type { proto } from '@whiskeysockets/baileys';
import { richOf } from './phone-message.js';

describe(richOf.name, () => {
  it('reads a quote and mentions from any content kind', () => {
    const message: proto.IMessage = {
      extendedTextMessage: {
        text: 'yes @5511999990003',
        contextInfo: {
          stanzaId: '3EB0AA',
          participant: '5511999990002@s.whatsapp.net',
          quotedMessage: { conversation: 'open?' },
          mentionedJid: ['5511999990003@s.whatsapp.net'],
        },
      },
    };
    expect(richOf(message)).toEqual({
      quoted: { id: '3EB0AA', participant: '5511999990002@s.whatsapp.net', text: 'open?' },
      mentions: ['5511999990003@s.whatsapp.net'],
    });
    expect(richOf({ imageMessage: { contextInfo: { mentionedJid: ['1@lid'] } } })).toEqual({
      mentions: ['1@lid'],
    });
  });

  it('reads a location, one contact and a list of contacts', () => {
    expect(
      richOf({
        locationMessage: { degreesLatitude: -23.5, degreesLongitude: -46.6, name: 'MASP', address: 'Av' },
      }),
    ).toEqual({ location: { latitude: -23.5, longitude: -46.6, name: 'MASP', address: 'Av' } });
    expect(richOf({ contactMessage: { displayName: 'Ana', vcard: 'BEGIN:VCARD' } })).toEqual({
      contacts: { displayName: 'Ana', contacts: [{ displayName: 'Ana', vcard: 'BEGIN:VCARD' }] },
    });
    expect(
      richOf({
        contactsArrayMessage: {
          displayName: '2 contacts',
          contacts: [{ displayName: 'A', vcard: 'V1' }, { vcard: 'V2' }],
        },
      }),
    ).toEqual({
      contacts: { displayName: '2 contacts', contacts: [{ displayName: 'A', vcard: 'V1' }, { vcard: 'V2' }] },
    });
  });

  it('finds nothing in a plain text or no message', () => {
    expect(richOf({ conversation: 'hi' })).toEqual({});
    expect(richOf(undefined)).toEqual({});
  });
});
